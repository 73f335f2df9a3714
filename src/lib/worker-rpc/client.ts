import { abortError, deserializeError, type ErrorClasses } from './errors';
import type { ResultOf, RpcEndpoint, RpcRequest, RpcResponse, WorkerApi } from './protocol';

/** Options of one call. */
export interface CallOptions<Progress> {
	/** Cancels the call: a cancel message goes to the worker and the promise rejects with an AbortError. */
	signal?: AbortSignal;
	onProgress?: (progress: Progress) => void;
	/** Buffers to move to the worker instead of copying them. */
	transfer?: Transferable[];
}

interface Pending<Progress> {
	resolve: (value: unknown) => void;
	reject: (err: Error) => void;
	onProgress?: (progress: Progress) => void;
}

/**
 * The page side of a worker's typed protocol: one pending map, one error revival, cancel by
 * AbortSignal and progress by callback, for every worker. A crash of the worker rejects every call
 * still pending, with the message of the crash.
 *
 * @example
 * const rpc = new RpcClient<TrainApi, TrainProgress>(new Worker(url, { type: 'module' }), { errors: { ChallengerDataError } });
 * const result = await rpc.call('train', [request], { onProgress, signal });
 */
export class RpcClient<Api extends WorkerApi, Progress = unknown> {
	readonly #endpoint: RpcEndpoint<Api, Progress>;
	readonly #errors: ErrorClasses;
	readonly #pending = new Map<number, Pending<Progress>>();
	#nextId = 1;
	#crashed: Error | undefined;

	constructor(
		endpoint: RpcEndpoint<Api, Progress>,
		{ errors = {}, name = 'worker' }: { errors?: ErrorClasses; name?: string } = {}
	) {
		this.#endpoint = endpoint;
		this.#errors = errors;
		endpoint.addEventListener('message', (event) => this.#receive(event.data));
		endpoint.addEventListener('error', (event) => {
			this.#crashed = new Error(
				`The ${name} failed to start or crashed: ${event.message || 'unknown error'}`
			);
			this.#crashed.name = 'WorkerError';
			for (const p of this.#pending.values()) p.reject(this.#crashed);
			this.#pending.clear();
		});
	}

	/** How many calls are waiting for their answer. */
	get pending(): number {
		return this.#pending.size;
	}

	/**
	 * Calls `method` in the worker with `args`; resolves with its result, typed from the worker's API.
	 *
	 * @example
	 * const info = await rpc.call('load', [card, { url }]);
	 */
	call<M extends keyof Api & string>(
		method: M,
		args: Parameters<Api[M]>,
		{ signal, onProgress, transfer = [] }: CallOptions<Progress> = {}
	): Promise<ResultOf<Api, M>> {
		if (this.#crashed) return Promise.reject(this.#crashed);
		if (signal?.aborted) return Promise.reject(abortError());
		const id = this.#nextId++;
		return new Promise<ResultOf<Api, M>>((resolve, reject) => {
			const abort = () => {
				if (!this.#pending.delete(id)) return;
				this.#endpoint.postMessage({ kind: 'cancel', id });
				reject(abortError());
			};
			const done = () => signal?.removeEventListener('abort', abort);
			this.#pending.set(id, {
				resolve: (value) => {
					done();
					resolve(value as ResultOf<Api, M>);
				},
				reject: (err) => {
					done();
					reject(err);
				},
				onProgress
			});
			signal?.addEventListener('abort', abort, { once: true });
			// TypeScript cannot narrow the union of calls over a generic API; the call is that union's member for M.
			const request = { kind: 'call', id, method, args } as RpcRequest<Api>;
			this.#endpoint.postMessage(request, transfer);
		});
	}

	/** Stops the worker; calls still pending reject with an AbortError. */
	terminate(): void {
		for (const p of this.#pending.values()) p.reject(abortError('The worker was stopped'));
		this.#pending.clear();
		this.#endpoint.terminate?.();
	}

	#receive(message: RpcResponse<Progress>): void {
		const pending = this.#pending.get(message.id);
		if (!pending) return;
		if (message.kind === 'progress') {
			pending.onProgress?.(message.progress);
			return;
		}
		this.#pending.delete(message.id);
		if (message.kind === 'result') pending.resolve(message.value);
		else pending.reject(deserializeError(message.error, this.#errors));
	}
}
