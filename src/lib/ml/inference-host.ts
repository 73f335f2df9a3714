import { parseModelCard } from '../contracts/model-card';
import { serveRpc } from '../worker-rpc';
import { ModelLoadError } from './errors';
import { TabularModel, type OrtModule } from './model-session';
import type {
	InferenceApi,
	InferenceProgress,
	InferenceRequest,
	InferenceResponse
} from './protocol';

export interface InferenceHostOptions {
	ort: OrtModule;
	post: (message: InferenceResponse, transfer?: Transferable[]) => void;
	/** Backend label reported to the page ('wasm', 'node'). */
	backend: string;
	threads: number;
	fetch?: typeof fetch;
}

/**
 * The worker side of the inference protocol, independent of the host: the Web Worker wires it to
 * `self`, tests and the CLI wire it to an in-process channel. A model that fails to load never
 * replaces the model already loaded under the same name.
 *
 * @example
 * const handle = createInferenceHost({ ort, backend: 'wasm', threads: 1, post: (m, t) => self.postMessage(m, { transfer: t }) });
 * self.onmessage = (e) => handle(e.data);
 */
export function createInferenceHost(
	options: InferenceHostOptions
): (request: InferenceRequest) => Promise<void> {
	const { ort } = options;
	const models = new Map<string, TabularModel>();
	const doFetch = options.fetch ?? ((input, init) => fetch(input, init));

	return serveRpc<InferenceApi, InferenceProgress>(
		{
			load: async (rawCard, source) => {
				const started = performance.now();
				const card = parseModelCard(rawCard);
				const id = `${card.name}@${card.version}`;
				let bytes: Uint8Array;
				if ('bytes' in source) bytes = source.bytes;
				else {
					const res = await doFetch(source.url);
					if (!res.ok)
						throw new ModelLoadError(id, 'fetch', `GET ${source.url} answered ${res.status}`);
					bytes = new Uint8Array(await res.arrayBuffer());
				}
				const model = await TabularModel.load(ort, card, bytes);
				const previous = models.get(id);
				models.set(id, model);
				if (previous) await previous.release().catch(() => undefined);
				return {
					model: id,
					inputNames: [...model.session.inputNames],
					outputNames: [...model.session.outputNames],
					backend: options.backend,
					threads: options.threads,
					seconds: (performance.now() - started) / 1000
				};
			},
			predict: async (name, columns, batchSize, { signal, progress, transfer }) => {
				const model = models.get(name);
				if (!model) throw new Error(`Model ${name} is not loaded`);
				const started = performance.now();
				const result = await model.predict(columns, { batchSize, signal, onProgress: progress });
				transfer(...Object.values(result.outputs).map((o) => o.data.buffer as ArrayBuffer));
				return { ...result, seconds: (performance.now() - started) / 1000 };
			},
			unload: async (name) => {
				const model = models.get(name);
				models.delete(name);
				await model?.release();
			}
		},
		options.post
	);
}
