// Messages between the page and the challenger training Web Worker.
import type { GateConfig } from '../contracts/evaluation';
import type { LabelledPredictions } from '../contracts/label';
import type { ModelCard } from '../contracts/model-card';
import type { TrainChallengerResult, TrainProgress } from './train-challenger';

/** Everything a training run needs; the champion's ONNX bytes are transferred, not copied. */
export interface TrainRequest {
	type: 'train';
	id: number;
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

export type TrainResponse =
	| { type: 'progress'; id: number; progress: TrainProgress }
	| ({ type: 'trained'; id: number } & TrainedResult)
	| { type: 'error'; id: number; error: { name: string; message: string } };
