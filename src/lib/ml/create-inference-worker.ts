import { InferenceClient } from './inference-client';

/**
 * Starts the browser inference worker (a module Web Worker bundled by Vite) and returns its
 * typed client.
 *
 * @example
 * const client = createInferenceClient();
 * await client.load(card, { url: `/models/${card.name}/${card.version}/model.onnx` });
 */
export function createInferenceClient(): InferenceClient {
	const worker = new Worker(new URL('./inference.worker.ts', import.meta.url), { type: 'module' });
	return new InferenceClient(worker);
}
