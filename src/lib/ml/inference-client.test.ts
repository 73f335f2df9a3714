import * as ortWeb from 'onnxruntime-web';
import { afterEach, describe, expect, it } from 'vitest';
import { ModelInputError, ModelLoadError } from './errors';
import { InferenceClient } from './inference-client';
import { createInferenceHost } from './inference-host';
import type { InferenceEndpoint, InferenceRequest } from './protocol';
import { tinyModel } from './testing/tiny-model';

ortWeb.env.wasm.numThreads = 1;

/** The client and the host joined by a real MessageChannel, as a Web Worker would join them. */
function inProcessWorker(): { endpoint: InferenceEndpoint; close: () => void } {
	const channel = new MessageChannel();
	const handle = createInferenceHost({
		ort: ortWeb,
		backend: 'wasm',
		threads: 1,
		post: (message, transfer) => channel.port2.postMessage(message, transfer ?? [])
	});
	channel.port2.onmessage = (event: MessageEvent<InferenceRequest>) => void handle(event.data);
	const port = channel.port1;
	port.start();
	const endpoint: InferenceEndpoint = {
		postMessage: (message, transfer) => port.postMessage(message, transfer ?? []),
		// A port has no 'error' event: only messages are listened to.
		addEventListener: (type: string, listener: (event: never) => void) => {
			if (type === 'message') port.addEventListener('message', listener as (e: Event) => void);
		},
		terminate: () => {
			port.close();
			channel.port2.close();
		}
	};
	return { endpoint, close: () => endpoint.terminate?.() };
}

let client: InferenceClient | undefined;
afterEach(() => client?.dispose());

describe('InferenceClient ↔ inference host', () => {
	it('loads a model, predicts with progress, and serializes input errors as ModelInputError', async () => {
		const { card, bytes } = await tinyModel();
		client = new InferenceClient(inProcessWorker().endpoint);
		const info = await client.load(card, { bytes });
		expect(info).toMatchObject({
			model: 'tiny@1',
			inputNames: ['input'],
			outputNames: ['prediction'],
			backend: 'wasm'
		});
		const progress: number[] = [];
		const res = await client.predict(
			'tiny@1',
			{ x0: Float64Array.of(1, 2, 3), x1: Float64Array.of(1, 1, 1), x2: Float64Array.of(0, 0, 0) },
			{ batchSize: 2, onProgress: (p) => progress.push(p.done) }
		);
		expect(progress).toEqual([2, 3]);
		expect(res.outputs.prediction.data).toHaveLength(3);
		const bad = client.predict('tiny@1', { x0: ['a'], x1: [1] });
		await expect(bad).rejects.toBeInstanceOf(ModelInputError);
		await expect(bad).rejects.toMatchObject({
			model: 'tiny@1',
			issues: [{ feature: 'x2', message: 'missing feature' }]
		});
	});

	it('keeps the loaded model when a corrupt replacement fails to load', async () => {
		const { card, bytes } = await tinyModel();
		client = new InferenceClient(inProcessWorker().endpoint);
		await client.load(card, { bytes });
		const failed = client.load(card, { bytes: bytes.subarray(0, 100) });
		await expect(failed).rejects.toBeInstanceOf(ModelLoadError);
		await expect(failed).rejects.toMatchObject({ reason: 'sha256', model: 'tiny@1' });
		const res = await client.predict('tiny@1', { x0: [1], x1: [1], x2: [1] });
		expect(res.rows).toBe(1);
	});

	it('cancels a running prediction with an AbortSignal', async () => {
		const { card, bytes } = await tinyModel();
		client = new InferenceClient(inProcessWorker().endpoint);
		await client.load(card, { bytes });
		const n = 200_000;
		const controller = new AbortController();
		const run = client.predict(
			'tiny@1',
			{ x0: new Float64Array(n), x1: new Float64Array(n), x2: new Float64Array(n) },
			{
				batchSize: 1000,
				signal: controller.signal,
				onProgress: (p) => p.done >= 3000 && controller.abort()
			}
		);
		await expect(run).rejects.toMatchObject({ name: 'AbortError' });
	});

	it('answers an unknown model with an error naming it', async () => {
		client = new InferenceClient(inProcessWorker().endpoint);
		await expect(client.predict('nope@1', {})).rejects.toThrow('Model nope@1 is not loaded');
	});
});
