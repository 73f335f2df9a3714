import type { TrainProgress } from './train-challenger';
import type { TrainedResult, TrainRequest, TrainResponse } from './train-protocol';

/** A training run's failure, with the worker's error name (e.g. ChallengerDataError). */
export class TrainError extends Error {
	constructor(
		message: string,
		readonly kind: string
	) {
		super(message);
		this.name = 'TrainError';
	}
}

/** The worker-like object the client drives: a Web Worker in the browser, a fake in tests. */
export interface TrainWorkerLike {
	postMessage(message: TrainRequest, transfer: Transferable[]): void;
	addEventListener(type: 'message', listener: (event: MessageEvent<TrainResponse>) => void): void;
	addEventListener(type: 'error', listener: (event: ErrorEvent) => void): void;
	terminate(): void;
}

let nextId = 1;

/**
 * Runs one challenger training in a fresh worker and resolves with the challenger and its
 * evaluation. `signal` cancels: the worker is terminated at once (training does not yield), and
 * the promise rejects with an AbortError. The worker is terminated when the run ends either way.
 *
 * @example
 * const result = await trainInWorker(() => new Worker(url, { type: 'module' }), request, { onProgress });
 */
export function trainInWorker(
	createWorker: () => TrainWorkerLike,
	request: Omit<TrainRequest, 'type' | 'id'>,
	{ onProgress, signal }: { onProgress?: (p: TrainProgress) => void; signal?: AbortSignal } = {}
): Promise<TrainedResult> {
	return new Promise((resolve, reject) => {
		if (signal?.aborted) {
			reject(new DOMException('Training was cancelled', 'AbortError'));
			return;
		}
		const id = nextId++;
		const worker = createWorker();
		const finish = () => {
			signal?.removeEventListener('abort', abort);
			worker.terminate();
		};
		const abort = () => {
			finish();
			reject(new DOMException('Training was cancelled', 'AbortError'));
		};
		signal?.addEventListener('abort', abort, { once: true });
		worker.addEventListener('message', (event: MessageEvent<TrainResponse>) => {
			const m = event.data;
			if (m.id !== id) return;
			if (m.type === 'progress') onProgress?.(m.progress);
			else if (m.type === 'trained') {
				finish();
				const { type: _t, id: _i, ...result } = m;
				resolve(result);
			} else {
				finish();
				reject(new TrainError(m.error.message, m.error.name));
			}
		});
		worker.addEventListener('error', (event: ErrorEvent) => {
			finish();
			reject(
				new TrainError(
					`The training worker failed to start or crashed: ${event.message || 'unknown error'}`,
					'WorkerError'
				)
			);
		});
		// The large buffers move to the worker instead of being copied.
		const transfer = new Set<ArrayBuffer>([request.champion.onnx.buffer as ArrayBuffer]);
		if (request.original) {
			for (const c of request.original.columns) transfer.add(c.buffer as ArrayBuffer);
			transfer.add(request.original.y.buffer as ArrayBuffer);
		}
		worker.postMessage({ ...request, type: 'train', id }, [...transfer]);
	});
}

/**
 * Starts a challenger training in the browser's training worker (a module Web Worker bundled by
 * Vite).
 *
 * @example
 * const result = await trainChallengerInBrowser(request, { onProgress: (p) => (progress = p), signal });
 */
export function trainChallengerInBrowser(
	request: Omit<TrainRequest, 'type' | 'id'>,
	options: { onProgress?: (p: TrainProgress) => void; signal?: AbortSignal } = {}
): Promise<TrainedResult> {
	return trainInWorker(
		() =>
			new Worker(new URL('./train.worker.ts', import.meta.url), {
				type: 'module'
			}) as unknown as TrainWorkerLike,
		request,
		options
	);
}
