import type { ModelCard } from '../contracts/model-card';
import { deserializeError } from '../worker-rpc';
import { ML_ERRORS } from './errors';
import type { ModelOutputs } from './model-session';
import type {
	InferenceEndpoint,
	InferenceRequest,
	InferenceResponse,
	LoadedModelInfo,
	ModelSource
} from './protocol';
import type { InputColumns } from './validate-input';

export interface ClientPredictOptions {
	batchSize?: number;
	signal?: AbortSignal;
	onProgress?: (progress: { done: number; total: number }) => void;
}

interface Pending {
	resolve: (value: never) => void;
	reject: (err: Error) => void;
	onProgress?: (progress: { done: number; total: number }) => void;
}

/** A request without its id (distributes over the union so each variant keeps its fields). */
type RequestBody = InferenceRequest extends infer R
	? R extends unknown
		? Omit<R, 'id'>
		: never
	: never;

/**
 * Typed client of the inference worker: each call posts one request and resolves with its
 * answer; errors come back as ModelInputError / ModelLoadError / AbortError instances.
 *
 * @example
 * const client = new InferenceClient(createInferenceWorker());
 * await client.load(card, { url: '/models/adult-income/1.0.0/model.onnx' });
 * const { outputs } = await client.predict('adult-income@1.0.0', columns, { onProgress });
 */
export class InferenceClient {
	private nextId = 1;
	private readonly pending = new Map<number, Pending>();
	private readonly listener = (event: MessageEvent<InferenceResponse>): void =>
		this.receive(event.data);

	constructor(private readonly endpoint: InferenceEndpoint) {
		endpoint.addEventListener('message', this.listener);
	}

	private receive(message: InferenceResponse): void {
		const pending = this.pending.get(message.id);
		if (!pending) return;
		switch (message.type) {
			case 'progress':
				pending.onProgress?.({ done: message.done, total: message.total });
				return;
			case 'error':
				this.pending.delete(message.id);
				pending.reject(deserializeError(message.error, ML_ERRORS));
				return;
			case 'loaded':
				this.pending.delete(message.id);
				pending.resolve(message.info as never);
				return;
			case 'result':
				this.pending.delete(message.id);
				pending.resolve({ ...message.result, seconds: message.seconds } as never);
				return;
			case 'unloaded':
				this.pending.delete(message.id);
				pending.resolve(undefined as never);
				return;
		}
	}

	private request<T>(
		body: RequestBody,
		extra: { onProgress?: Pending['onProgress']; transfer?: Transferable[] } = {}
	): { id: number; promise: Promise<T> } {
		const id = this.nextId++;
		const promise = new Promise<T>((resolve, reject) => {
			this.pending.set(id, {
				resolve: resolve as (v: never) => void,
				reject,
				onProgress: extra.onProgress
			});
		});
		this.endpoint.postMessage({ ...body, id } as InferenceRequest, extra.transfer);
		return { id, promise };
	}

	/**
	 * Loads (or replaces) a model in the worker after checking its SHA-256 and graph against the
	 * card; on failure the previously loaded version stays in use.
	 *
	 * @example
	 * const info = await client.load(card, { url: '/models/bike-demand/1.0.0/model.onnx' });
	 */
	load(card: ModelCard, source: ModelSource): Promise<LoadedModelInfo> {
		return this.request<LoadedModelInfo>({ type: 'load', card, source }).promise;
	}

	/**
	 * Validates and runs columns through a loaded model (`name@version`), batch by batch.
	 * Aborting the signal cancels between batches and rejects with an AbortError.
	 *
	 * @example
	 * const res = await client.predict('adult-income@1.0.0', { age: Float64Array.of(39), ... });
	 */
	predict(
		model: string,
		columns: InputColumns,
		options: ClientPredictOptions = {}
	): Promise<ModelOutputs & { seconds: number }> {
		const { signal } = options;
		if (signal?.aborted) {
			const err = new Error('Inference was cancelled');
			err.name = 'AbortError';
			return Promise.reject(err);
		}
		const { id, promise } = this.request<ModelOutputs & { seconds: number }>(
			{ type: 'predict', model, columns, batchSize: options.batchSize },
			{ onProgress: options.onProgress }
		);
		const onAbort = (): void => this.endpoint.postMessage({ type: 'cancel', id });
		signal?.addEventListener('abort', onAbort, { once: true });
		return promise.finally(() => signal?.removeEventListener('abort', onAbort));
	}

	/**
	 * Releases a model's session in the worker.
	 *
	 * @example
	 * await client.unload('adult-income@1.0.0');
	 */
	unload(model: string): Promise<void> {
		return this.request<void>({ type: 'unload', model }).promise;
	}

	/** Rejects pending calls and stops the worker. */
	dispose(): void {
		this.endpoint.removeEventListener('message', this.listener);
		for (const p of this.pending.values()) p.reject(new Error('InferenceClient was disposed'));
		this.pending.clear();
		this.endpoint.terminate?.();
	}
}
