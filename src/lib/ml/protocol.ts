import type { ModelCard } from '../contracts/model-card';
import type { SerializedError } from '../worker-rpc';
import type { ModelOutputs } from './model-session';
import type { InputColumns } from './validate-input';

/** Where the worker gets the ONNX bytes: a URL it fetches itself, or bytes handed over. */
export type ModelSource = { url: string } | { bytes: Uint8Array };

/** Messages from the page to the inference worker. */
export type InferenceRequest =
	| { type: 'load'; id: number; card: ModelCard; source: ModelSource }
	| {
			type: 'predict';
			id: number;
			model: string;
			columns: InputColumns;
			batchSize?: number;
	  }
	| { type: 'cancel'; id: number }
	| { type: 'unload'; id: number; model: string };

export interface LoadedModelInfo {
	/** `name@version`. */
	model: string;
	inputNames: string[];
	outputNames: string[];
	backend: string;
	threads: number;
	seconds: number;
}

/** Messages from the inference worker to the page. */
export type InferenceResponse =
	| { type: 'loaded'; id: number; info: LoadedModelInfo }
	| { type: 'progress'; id: number; done: number; total: number }
	| { type: 'result'; id: number; result: ModelOutputs; seconds: number }
	| { type: 'unloaded'; id: number }
	| { type: 'error'; id: number; error: SerializedError };

/** The minimal Worker-like endpoint the client talks to (a real Worker or an in-process port). */
export interface InferenceEndpoint {
	postMessage(message: InferenceRequest, transfer?: Transferable[]): void;
	addEventListener(
		type: 'message',
		listener: (event: MessageEvent<InferenceResponse>) => void
	): void;
	removeEventListener(
		type: 'message',
		listener: (event: MessageEvent<InferenceResponse>) => void
	): void;
	terminate?(): void;
}
