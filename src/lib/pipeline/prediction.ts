/**
 * The one reading of a model's output: which number of a prediction is the monitored score. The
 * Worker's monitoring job, `vigil monitor`, retraining and the browser's model runs all call these
 * functions, so a record means the same thing wherever it is read.
 *
 * | task       | output                 | monitored score                                         |
 * | ---------- | ---------------------- | ------------------------------------------------------- |
 * | regression | `y` or `[y, …]`        | the first (or only) value: the card's first output      |
 * | binary     | `probability` field    | that field: the device already said P(class 1)          |
 * | binary     | `[p0, p1]`             | `p1`, the probability of class 1 (the positive class)   |
 * | binary     | `p` or `[p]`           | `p` (a probability, or the predicted 0/1 class)         |
 * | multiclass | `probability` field    | that field                                              |
 * | multiclass | `[p0, …, pK-1]`        | `pK-1`, the probability of the last class               |
 * | multiclass | `k` or `[k]`           | `k` as given                                            |
 *
 * Why class 1 for binary: ONNX classifiers (skl2onnx, the trainer of `src/lib/ml/train`) emit the
 * probability tensor in class order, `[P(class 0), P(class 1)]`, and the model card's
 * `target.classes[1]` is the positive class, so `[0.3, 0.7]` is a record whose positive class has
 * probability 0.7. Reading the first entry would monitor P(negative) = 1 − P(positive): the same
 * drift statistics, but a calibration, a threshold and every performance metric turned inside out.
 * Multiclass keeps "the last class" because that is what the frozen reference profiles of the
 * browser and `vigil profile build --model` hold for such a model, and a record has to be read like
 * the reference it is compared with.
 *
 * A binary score outside [0, 1] is not a probability and a vector of the wrong length is not an
 * output of that task: both read as NaN, which the drift report counts as a missing value (it
 * shows in the quality section instead of failing a run).
 */

/** The task of a model card, which decides how its output is read. */
export type PredictionTask = 'regression' | 'binary' | 'multiclass';

/** The parts of a prediction record the reading looks at (`vigil.prediction/1` has them). */
export interface PredictionLike {
	prediction: number | readonly number[];
	/** P(positive class) as the device computed it, when it did. */
	probability?: number;
}

/**
 * The monitored score of one model output (a number or the row's output vector) for a task; NaN
 * when the output does not fit the task. See the table at the top of this module.
 *
 * @example
 * monitoredScore([0.3, 0.7], 'binary'); // 0.7, P(class 1)
 * monitoredScore(12.4, 'regression'); // 12.4
 * monitoredScore([0.2, 0.5, 0.3], 'multiclass'); // 0.3, P(last class)
 */
export function monitoredScore(output: number | ArrayLike<number>, task: PredictionTask): number {
	let score: number;
	if (typeof output === 'number') score = output;
	else if (output.length === 0) return NaN;
	else if (task === 'regression') score = output[0];
	else if (task === 'binary')
		score = output.length === 2 ? output[1] : output.length === 1 ? output[0] : NaN;
	else score = output[output.length - 1];
	score = Number(score);
	if (!Number.isFinite(score)) return NaN;
	if (task === 'binary' && (score < 0 || score > 1)) return NaN;
	return score;
}

/**
 * The monitored score of a prediction record: its `probability` field for a classifier when the
 * device sent one, else its `prediction` read by monitoredScore. NaN when unusable.
 *
 * @example
 * recordScore({ prediction: [0.3, 0.7] }, 'binary'); // 0.7
 * recordScore({ prediction: 1, probability: 0.82 }, 'binary'); // 0.82
 * recordScore({ prediction: [0.3, 0.7] }, 'regression'); // 0.3 (the first output)
 */
export function recordScore(record: PredictionLike, task: PredictionTask): number {
	if (task !== 'regression' && record.probability !== undefined)
		return monitoredScore(record.probability, task);
	return monitoredScore(record.prediction as number | ArrayLike<number>, task);
}

/** One output tensor of a model run, as onnxruntime hands it over (row-major). */
export interface OutputTensor {
	data: ArrayLike<number | bigint>;
	dims: readonly number[];
}

/**
 * Reads every row of an output tensor with monitoredScore: a `[rows, width]` tensor gives each row's
 * vector, a `[rows]` (or `[rows, 1]`) tensor each row's value.
 *
 * @example
 * tensorScores({ data: new Float32Array([0.3, 0.7, 0.9, 0.1]), dims: [2, 2] }, 'binary'); // [0.7, 0.1]
 */
export function tensorScores(tensor: OutputTensor, task: PredictionTask): Float64Array {
	const width = tensor.dims.length > 1 ? Number(tensor.dims[tensor.dims.length - 1]) : 1;
	const rows = Math.floor(tensor.data.length / Math.max(1, width));
	const out = new Float64Array(rows);
	const row = new Float64Array(Math.max(1, width));
	for (let i = 0; i < rows; i++) {
		for (let j = 0; j < width; j++) row[j] = Number(tensor.data[i * width + j]);
		out[i] = monitoredScore(width === 1 ? row[0] : row, task);
	}
	return out;
}
