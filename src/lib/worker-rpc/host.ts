import { abortError, serializeError } from './errors';
import type { RpcRequest, RpcResponse, WorkerApi } from './protocol';

/** What a method's implementation gets besides its arguments. */
export interface CallContext<Progress> {
	/** Aborted when the page cancels the call. */
	signal: AbortSignal;
	progress(progress: Progress): void;
	/** Buffers of the result to move to the page instead of copying them. */
	transfer(...buffers: Transferable[]): void;
}

/** The worker side of an API: each method implemented with a call context appended. */
export type RpcHandlers<Api extends WorkerApi, Progress = unknown> = {
	[M in keyof Api]: (
		...args: [...Parameters<Api[M]>, CallContext<Progress>]
	) => ReturnType<Api[M]> | Promise<Awaited<ReturnType<Api[M]>>>;
};

/**
 * The worker side of a typed protocol, independent of the Worker global so it runs in Node tests:
 * each call runs its handler with an AbortSignal (cancel), a progress callback and a transfer
 * list; its result or its error (serialized once, the same way for every worker) is posted back.
 * Returns the message handler to wire to `self`.
 *
 * @example
 * const handle = serveRpc<TrainApi, TrainProgress>({ train: (request, ctx) => … }, (m, t) => self.postMessage(m, { transfer: t }));
 * self.onmessage = (e) => void handle(e.data);
 */
export function serveRpc<Api extends WorkerApi, Progress = unknown>(
	handlers: RpcHandlers<Api, Progress>,
	post: (message: RpcResponse<Progress>, transfer?: Transferable[]) => void
): (message: RpcRequest<Api>) => Promise<void> {
	const running = new Map<number, AbortController>();
	return async (message) => {
		if (message.kind === 'cancel') {
			running.get(message.id)?.abort(abortError());
			return;
		}
		const { id, method, args } = message;
		const controller = new AbortController();
		running.set(id, controller);
		const transfer: Transferable[] = [];
		const context: CallContext<Progress> = {
			signal: controller.signal,
			progress: (progress) => post({ kind: 'progress', id, progress }),
			transfer: (...buffers) => transfer.push(...buffers)
		};
		try {
			const handler = handlers[method] as unknown as (...a: unknown[]) => unknown;
			if (typeof handler !== 'function') throw new Error(`The worker has no method "${method}".`);
			// The context always takes the handler's last parameter, even when the caller left optional
			// arguments out: pad them to the handler's arity.
			const padded: unknown[] = [...(args as unknown[])];
			while (padded.length < handler.length - 1) padded.push(undefined);
			const value = await handler(...padded, context);
			post({ kind: 'result', id, value }, transfer);
		} catch (err) {
			post({ kind: 'error', id, error: serializeError(err) });
		} finally {
			running.delete(id);
		}
	};
}
