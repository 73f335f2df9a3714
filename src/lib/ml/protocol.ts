import type { ModelCard } from '../contracts/model-card';
import type { RpcEndpoint, RpcRequest, RpcResponse } from '../worker-rpc';
import type { ModelOutputs } from './model-session';
import type { InputColumns } from './validate-input';

/** Where the worker gets the ONNX bytes: a URL it fetches itself, or bytes handed over. */
export type ModelSource = { url: string } | { bytes: Uint8Array };

export interface LoadedModelInfo {
	/** `name@version`. */
	model: string;
	inputNames: string[];
	outputNames: string[];
	backend: string;
	threads: number;
	seconds: number;
}

/** Progress of a prediction, in rows. */
export interface InferenceProgress {
	done: number;
	total: number;
}

/**
 * What the inference worker offers, carried by the one worker protocol (src/lib/worker-rpc): each
 * method with its arguments and its result.
 */
export type InferenceApi = {
	/** Loads (or replaces) a model; on failure the version loaded before stays in use. */
	load(card: ModelCard, source: ModelSource): LoadedModelInfo;
	/** Runs columns through a loaded model (`name@version`), batch by batch. */
	predict(
		model: string,
		columns: InputColumns,
		batchSize?: number
	): ModelOutputs & { seconds: number };
	unload(model: string): void;
};

/** Messages from the page to the inference worker. */
export type InferenceRequest = RpcRequest<InferenceApi>;

/** Messages from the inference worker to the page. */
export type InferenceResponse = RpcResponse<InferenceProgress>;

/** The Worker-like endpoint the client talks to (a real Worker or an in-process port). */
export type InferenceEndpoint = RpcEndpoint<InferenceApi, InferenceProgress>;
