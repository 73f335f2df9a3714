import type { SerializedError } from '../worker-rpc';
import type { DataEngine, LoadOptions, NamedBytes, Progress, Window } from './types';

/** Engine methods callable through the worker. */
export type EngineMethod = Exclude<keyof DataEngine, 'close'>;

/** The worker's settings, sent once before any call. */
export interface WorkerConfig {
	/** `navigator.deviceMemory` of the page, in GiB, when the browser tells it. */
	deviceMemory?: number;
	maxBytes?: number;
	/** Base for relative URLs (`document.baseURI`). */
	baseUrl: string;
}

/**
 * Messages from the page to the data worker: a discriminated union on `type`, one member per
 * engine method with that method's arguments (the call context stays on the page side).
 */
export type DataRequest =
	| { type: 'init'; id: number; config: WorkerConfig }
	| { type: 'cancel'; id: number }
	| { type: 'close'; id: number }
	| {
			[M in EngineMethod]: { type: M; id: number; args: CallArgs<M> };
	  }[EngineMethod];

/** A method's arguments without the trailing call context, which cannot cross postMessage. */
export type CallArgs<M extends EngineMethod> = M extends 'loadFile'
	? [file: Blob | NamedBytes, options?: LoadOptions]
	: M extends 'loadUrl'
		? [url: string, options?: LoadOptions]
		: M extends 'columns'
			? [id: string, names?: string[], window?: Window]
			: Parameters<DataEngine[M]>;

/** Messages from the data worker to the page. */
export type DataResponse =
	| { type: 'result'; id: number; value: unknown }
	| { type: 'error'; id: number; error: SerializedError }
	| { type: 'progress'; id: number; progress: Progress };
