/// <reference lib="webworker" />
// The browser's challenger training worker: the TypeScript trainer plus onnxruntime-web (wasm,
// served by the app) to check the ONNX export and score the holdout. One run per worker: the page
// terminates it to cancel, since training does not yield between rounds.
import * as ort from 'onnxruntime-web/wasm';
import wasmUrl from 'onnxruntime-web/ort-wasm-simd-threaded.wasm?url';
import mjsUrl from 'onnxruntime-web/ort-wasm-simd-threaded.mjs?url';
import type { OrtModule } from '../ml/model-session';
import { createTrainHost } from './train-host';
import type { TrainMessage } from './train-protocol';

declare const self: DedicatedWorkerGlobalScope;

ort.env.wasm.wasmPaths = { wasm: wasmUrl, mjs: mjsUrl };
ort.env.wasm.simd = true;
// The export check compares sums of trees in tree order: one thread, as the trainer does it.
ort.env.wasm.numThreads = 1;

const handle = createTrainHost({
	ort: ort as unknown as OrtModule,
	runtime: 'onnxruntime-web',
	post: (message, transfer) => self.postMessage(message, { transfer: transfer ?? [] })
});
self.addEventListener('message', (event: MessageEvent<TrainMessage>) => void handle(event.data));
