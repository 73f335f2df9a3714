import { parseModelCard } from '../contracts/model-card';
import { serializeError } from '../worker-rpc';
import { ModelLoadError } from './errors';
import { TabularModel, type OrtModule } from './model-session';
import type { InferenceRequest, InferenceResponse } from './protocol';

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
	const { ort, post } = options;
	const models = new Map<string, TabularModel>();
	const running = new Map<number, AbortController>();
	const doFetch = options.fetch ?? ((input, init) => fetch(input, init));

	return async (request) => {
		if (request.type === 'cancel') {
			running.get(request.id)?.abort();
			return;
		}
		try {
			if (request.type === 'load') {
				const started = performance.now();
				const card = parseModelCard(request.card);
				const id = `${card.name}@${card.version}`;
				let bytes: Uint8Array;
				if ('bytes' in request.source) bytes = request.source.bytes;
				else {
					const res = await doFetch(request.source.url);
					if (!res.ok)
						throw new ModelLoadError(
							id,
							'fetch',
							`GET ${request.source.url} answered ${res.status}`
						);
					bytes = new Uint8Array(await res.arrayBuffer());
				}
				const model = await TabularModel.load(ort, card, bytes);
				const previous = models.get(id);
				models.set(id, model);
				if (previous) await previous.release().catch(() => undefined);
				post({
					type: 'loaded',
					id: request.id,
					info: {
						model: id,
						inputNames: [...model.session.inputNames],
						outputNames: [...model.session.outputNames],
						backend: options.backend,
						threads: options.threads,
						seconds: (performance.now() - started) / 1000
					}
				});
			} else if (request.type === 'predict') {
				const model = models.get(request.model);
				if (!model) throw new Error(`Model ${request.model} is not loaded`);
				const controller = new AbortController();
				running.set(request.id, controller);
				const started = performance.now();
				try {
					const result = await model.predict(request.columns, {
						batchSize: request.batchSize,
						signal: controller.signal,
						onProgress: (p) => post({ type: 'progress', id: request.id, ...p })
					});
					const transfer = Object.values(result.outputs).map((o) => o.data.buffer as ArrayBuffer);
					post(
						{
							type: 'result',
							id: request.id,
							result,
							seconds: (performance.now() - started) / 1000
						},
						transfer
					);
				} finally {
					running.delete(request.id);
				}
			} else if (request.type === 'unload') {
				const model = models.get(request.model);
				models.delete(request.model);
				await model?.release();
				post({ type: 'unloaded', id: request.id });
			}
		} catch (err) {
			post({ type: 'error', id: request.id, error: serializeError(err) });
		}
	};
}
