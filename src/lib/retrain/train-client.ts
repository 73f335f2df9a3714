import type { TrainProgress } from './train-challenger';
import { abortError, RpcClient, type RpcEndpoint } from '../worker-rpc';
import type { TrainApi, TrainedResult, TrainRequest } from './train-protocol';

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
export type TrainWorkerLike = RpcEndpoint<TrainApi, TrainProgress> & { terminate(): void };

/**
 * Runs one challenger training in a fresh worker and resolves with the challenger and its
 * evaluation. `signal` cancels: the worker is terminated at once (training does not yield), and
 * the promise rejects with an AbortError. The worker is terminated when the run ends either way.
 *
 * @example
 * const result = await trainInWorker(() => new Worker(url, { type: 'module' }), request, { onProgress });
 */
export async function trainInWorker(
	createWorker: () => TrainWorkerLike,
	request: TrainRequest,
	{ onProgress, signal }: { onProgress?: (p: TrainProgress) => void; signal?: AbortSignal } = {}
): Promise<TrainedResult> {
	if (signal?.aborted) throw abortError('Training was cancelled');
	const worker = createWorker();
	const rpc = new RpcClient<TrainApi, TrainProgress>(worker, { name: 'training worker' });
	// The large buffers move to the worker instead of being copied.
	const transfer = new Set<ArrayBuffer>([request.champion.onnx.buffer as ArrayBuffer]);
	if (request.original) {
		for (const c of request.original.columns) transfer.add(c.buffer as ArrayBuffer);
		transfer.add(request.original.y.buffer as ArrayBuffer);
	}
	try {
		return await rpc.call('train', [request], { onProgress, signal, transfer: [...transfer] });
	} catch (err) {
		if (err instanceof Error && err.name === 'AbortError')
			throw abortError('Training was cancelled');
		throw new TrainError((err as Error).message, (err as Error).name);
	} finally {
		// Training does not yield between rounds, so a cancel message would wait: stop the worker.
		rpc.terminate();
	}
}

/**
 * Starts a challenger training in the browser's training worker (a module Web Worker bundled by
 * Vite).
 *
 * @example
 * const result = await trainChallengerInBrowser(request, { onProgress: (p) => (progress = p), signal });
 */
export function trainChallengerInBrowser(
	request: TrainRequest,
	options: { onProgress?: (p: TrainProgress) => void; signal?: AbortSignal } = {}
): Promise<TrainedResult> {
	return trainInWorker(
		() =>
			new Worker(new URL('./train.worker.ts', import.meta.url), {
				type: 'module'
			}),
		request,
		options
	);
}
