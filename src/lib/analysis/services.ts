import { DataClient } from '../data/client';
import { InferenceClient } from '../ml/inference-client';
import type { ModelOutputs } from '../ml/model-session';
import type { InputColumns } from '../ml/validate-input';
import { getLocalModel } from '../sync/local-store';
import { parseModelCard } from '../contracts/model-card';
import type { ModelChoice } from './catalog';
import { createDriftClient } from './create-drift-client';
import type { DriftClient } from './drift-client.svelte';

/*
 * The page-level services, started on first use and shared by the Predict and Drift pages, so
 * loaded data, models and frozen profiles survive moving between pages.
 */

let data: DataClient | null = null;
let drift: DriftClient | null = null;
let inference: { client: InferenceClient; crashed: Promise<never>; loaded: Set<string> } | null =
	null;

/**
 * The data Web Worker's client (DuckDB-WASM), started on first use.
 *
 * @example
 * const info = await dataClient().loadUrl('/data/indpensim.parquet');
 */
export function dataClient(): DataClient {
	return (data ??= new DataClient());
}

let dataStarted: Promise<void> | null = null;

/**
 * Waits until the data worker has started (DuckDB-WASM instantiated), failing with advice after
 * `timeoutMs` instead of leaving the page waiting on a worker that never answers.
 *
 * @example
 * await dataReady();
 * const info = await dataClient().loadUrl(url);
 */
export function dataReady(timeoutMs = 45_000): Promise<void> {
	if (dataStarted) return dataStarted;
	const client = dataClient();
	const started = new Promise<void>((resolve, reject) => {
		const timer = setTimeout(() => {
			reject(
				new Error(
					`The data engine (DuckDB in a Web Worker) did not start within ${Math.round(timeoutMs / 1000)} s. Nothing on the page was lost; reload the page to try again, or use a browser with WebAssembly enabled.`
				)
			);
		}, timeoutMs);
		client.maxBytes().then(
			() => {
				clearTimeout(timer);
				resolve();
			},
			(err: unknown) => {
				clearTimeout(timer);
				reject(err instanceof Error ? err : new Error(String(err)));
			}
		);
	});
	dataStarted = started;
	// A failed start is retried with a fresh worker on the next call.
	started.catch(() => {
		if (dataStarted === started) {
			dataStarted = null;
			if (data === client) data = null;
			client.close().catch(() => {});
		}
	});
	return started;
}

/**
 * The drift Web Worker's client, started on first use.
 *
 * @example
 * const { report } = await driftClient().report(job);
 */
export function driftClient(): DriftClient {
	return (drift ??= createDriftClient());
}

function inferenceService() {
	if (inference) return inference;
	const worker = new Worker(new URL('../ml/inference.worker.ts', import.meta.url), {
		type: 'module'
	});
	let fail: (err: Error) => void = () => {};
	const crashed = new Promise<never>((_, reject) => (fail = reject));
	crashed.catch(() => {});
	const service = { client: new InferenceClient(worker), crashed, loaded: new Set<string>() };
	// A worker that dies never answers: turn that into an error and start a fresh one next time.
	worker.addEventListener('error', (event) => {
		const err = new Error(
			`The inference worker stopped (${event.message || 'it could not start'}). Your data and results are still here: try again, or reload the page.`
		);
		err.name = 'WorkerError';
		fail(err);
		service.client.dispose();
		if (inference === service) inference = null;
	});
	return (inference = service);
}

/**
 * Loads a model into the inference worker once (demo URL, or ONNX bytes stored on the device)
 * and returns its `name@version`.
 *
 * @example
 * const model = await ensureModel(choice);
 */
export async function ensureModel(choice: ModelChoice): Promise<string> {
	const service = inferenceService();
	const name = `${choice.card.name}@${choice.card.version}`;
	if (service.loaded.has(choice.key)) return name;
	let source: { url: string } | { bytes: Uint8Array };
	if ('url' in choice.source) source = { url: choice.source.url };
	else {
		const stored = await getLocalModel(choice.source.local);
		if (!stored)
			throw new Error(
				`The model ${choice.source.local} is no longer stored on this device: load it again on the Models page.`
			);
		source = { bytes: new Uint8Array(stored.onnx) };
	}
	await Promise.race([service.client.load(choice.card, source), service.crashed]);
	service.loaded.add(choice.key);
	return name;
}

/**
 * Runs a loaded model in the inference worker with progress and cancellation.
 *
 * @example
 * const out = await runModel(choice, input, { signal, onProgress: (p) => (done = p.done) });
 */
export async function runModel(
	choice: ModelChoice,
	columns: InputColumns,
	options: { signal?: AbortSignal; onProgress?: (p: { done: number; total: number }) => void } = {}
): Promise<ModelOutputs & { seconds: number }> {
	const model = await ensureModel(choice);
	const service = inferenceService();
	return Promise.race([service.client.predict(model, columns, options), service.crashed]);
}

/**
 * Models stored on this device (Models page) as choices; unreadable cards are skipped and named.
 *
 * @example
 * const { models, problems } = await localModelChoices(listLocalModels);
 */
export async function localModelChoices(
	list: () => Promise<
		{
			key: string;
			name: string;
			version: string;
			card: unknown;
			origin?: 'file' | 'registry';
			stage?: string;
		}[]
	>
): Promise<{ models: ModelChoice[]; problems: string[] }> {
	const models: ModelChoice[] = [];
	const problems: string[] = [];
	for (const m of await list()) {
		try {
			const card = parseModelCard(m.card);
			const synced = m.origin === 'registry';
			models.push({
				key: `local:${m.key}`,
				label: `${card.title ?? card.name} ${card.version} (${synced ? `${m.stage}, synced from the Worker` : 'on this device'})`,
				card,
				source: { local: m.key },
				...(synced && m.stage ? { stage: m.stage } : {})
			});
		} catch {
			problems.push(`${m.name} ${m.version}: its model card is not valid`);
		}
	}
	return { models, problems };
}
