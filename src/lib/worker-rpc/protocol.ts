import type { SerializedError } from './errors';

/**
 * What a worker offers: each method name with its arguments and its result. A request for method M
 * carries `Parameters<Api[M]>` and its answer carries `Awaited<ReturnType<Api[M]>>`, so the pairing
 * of a request with its result type is checked on both sides.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the arguments are each method's own
export type WorkerApi = Record<string, (...args: any[]) => unknown>;

/** The result type of a method. */
export type ResultOf<Api extends WorkerApi, M extends keyof Api> = Awaited<ReturnType<Api[M]>>;

/** Messages from the page to a worker: a call of one method with its arguments, or a cancel. */
export type RpcRequest<Api extends WorkerApi> =
	| {
			[M in keyof Api & string]: { kind: 'call'; id: number; method: M; args: Parameters<Api[M]> };
	  }[keyof Api & string]
	| { kind: 'cancel'; id: number };

/** Messages from a worker to the page: a call's result, its failure, or its progress. */
export type RpcResponse<Progress = unknown> =
	| { kind: 'result'; id: number; value: unknown }
	| { kind: 'error'; id: number; error: SerializedError }
	| { kind: 'progress'; id: number; progress: Progress };

/** The Worker-like object a client talks to: a real Worker, or an in-process port in tests. */
export interface RpcEndpoint<Api extends WorkerApi, Progress = unknown> {
	postMessage(message: RpcRequest<Api>, transfer?: Transferable[]): void;
	addEventListener(
		type: 'message',
		listener: (event: MessageEvent<RpcResponse<Progress>>) => void
	): void;
	addEventListener(type: 'error', listener: (event: ErrorEvent) => void): void;
	terminate?(): void;
}
