/// <reference lib="webworker" />
// The browser's inference worker: onnxruntime-web (wasm, SIMD; threads when cross-origin isolated).
// The wasm runtime is served by the app itself (Vite emits the files), never from a CDN.
import * as ort from 'onnxruntime-web/wasm';
import wasmUrl from 'onnxruntime-web/ort-wasm-simd-threaded.wasm?url';
import mjsUrl from 'onnxruntime-web/ort-wasm-simd-threaded.mjs?url';
import { createInferenceHost } from './inference-host';
import type { InferenceRequest } from './protocol';

declare const self: DedicatedWorkerGlobalScope;

ort.env.wasm.wasmPaths = { wasm: wasmUrl, mjs: mjsUrl };
ort.env.wasm.simd = true;
const threads = self.crossOriginIsolated
	? Math.max(1, Math.min(4, navigator.hardwareConcurrency ?? 1))
	: 1;
ort.env.wasm.numThreads = threads;

const handle = createInferenceHost({
	ort,
	backend: 'wasm',
	threads,
	post: (message, transfer) => self.postMessage(message, { transfer: transfer ?? [] })
});
self.addEventListener(
	'message',
	(event: MessageEvent<InferenceRequest>) => void handle(event.data)
);
