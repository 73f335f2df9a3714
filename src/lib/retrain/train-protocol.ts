// The challenger training Web Worker's API, carried by the one worker protocol (src/lib/worker-rpc).
import type { GateConfig } from '../contracts/evaluation';
import type { LabelledPredictions } from '../contracts/label';
import type { ModelCard } from '../contracts/model-card';
import type { RpcRequest, RpcResponse } from '../worker-rpc';
import type { TrainChallengerResult, TrainProgress } from './train-challenger';

/** Everything a training run needs; the champion's ONNX bytes are transferred, not copied. */
export interface TrainRequest {
	champion: { version: string; sha256?: string; card: ModelCard; onnx: Uint8Array };
	joined: LabelledPredictions;
	version: string;
	holdoutFrom?: string;
	to: string;
	segments?: string[];
	seed?: number;
	config?: Partial<GateConfig>;
	/** ISO time recorded as the challenger's training time. */
	now: string;
	/** The champion's original training data, encoded (its buffers are transferred). */
	original?: { columns: Float32Array[]; y: Float64Array; description: string };
}

/** What a training run produced; the ONNX bytes are transferred. */
export type TrainedResult = TrainChallengerResult;

/** What the training worker offers: one run per call. */
export type TrainApi = { train(request: TrainRequest): TrainedResult };

/** Messages from the page to the training worker. */
export type TrainMessage = RpcRequest<TrainApi>;

/** Messages from the training worker to the page. */
export type TrainResponse = RpcResponse<TrainProgress>;
