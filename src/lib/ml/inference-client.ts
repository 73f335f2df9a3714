import type { ModelCard } from '../contracts/model-card';
import { RpcClient } from '../worker-rpc';
import { ML_ERRORS } from './errors';
import type { ModelOutputs } from './model-session';
import type {
	InferenceApi,
	InferenceEndpoint,
	InferenceProgress,
	LoadedModelInfo,
	ModelSource
} from './protocol';
import type { InputColumns } from './validate-input';

export interface ClientPredictOptions {
	batchSize?: number;
	signal?: AbortSignal;
	onProgress?: (progress: { done: number; total: number }) => void;
}

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
	readonly #rpc: RpcClient<InferenceApi, InferenceProgress>;

	constructor(endpoint: InferenceEndpoint) {
		this.#rpc = new RpcClient(endpoint, { errors: ML_ERRORS, name: 'inference worker' });
	}

	/**
	 * Loads (or replaces) a model in the worker after checking its SHA-256 and graph against the
	 * card; on failure the previously loaded version stays in use.
	 *
	 * @example
	 * const info = await client.load(card, { url: '/models/bike-demand/1.0.0/model.onnx' });
	 */
	load(card: ModelCard, source: ModelSource): Promise<LoadedModelInfo> {
		return this.#rpc.call('load', [card, source]);
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
		const { signal, onProgress, batchSize } = options;
		return this.#rpc.call('predict', [model, columns, batchSize], { signal, onProgress });
	}

	/**
	 * Releases a model's session in the worker.
	 *
	 * @example
	 * await client.unload('adult-income@1.0.0');
	 */
	unload(model: string): Promise<void> {
		return this.#rpc.call('unload', [model]);
	}

	/** Rejects pending calls and stops the worker. */
	dispose(): void {
		this.#rpc.terminate();
	}
}
