import { binValues, featureBins, type FeatureBins } from './binning';
import { growTree, leafOf, type GbdtTree } from './grow-tree';

export type { GbdtTree } from './grow-tree';

/**
 * Squared error (regression), log loss on the logit (binary classification) or softmax
 * cross-entropy over K classes (multiclass: one tree per class and round).
 */
export type GbdtObjective = 'squared-error' | 'log-loss' | 'softmax';

export interface GbdtParams {
	objective: GbdtObjective;
	/** Shrinkage applied to every leaf value. */
	learningRate: number;
	maxDepth: number;
	/** Upper bound of boosting rounds; early stopping usually ends sooner. */
	maxTrees: number;
	minSamplesLeaf: number;
	/** L2 penalty on leaf values (lambda in G²/(H+λ)). */
	l2: number;
	/** Stop when the validation loss has not improved for this many rounds (0 = never). */
	earlyStoppingRounds: number;
	/** Fraction of rows sampled (without replacement) for each tree; 1 = all rows. */
	subsample: number;
	maxBins: number;
	seed: number;
	/** Softmax only: the number of classes K (targets are 0 … K − 1). */
	classCount?: number;
}

/** Callbacks of a training run; a callback that throws stops the training (e.g. a cancel). */
export interface GbdtHooks {
	/** After each boosting round: rounds done, the round limit, the validation loss. */
	onRound?: (round: number, maxRounds: number, validationLoss: number) => void;
}

export const DEFAULT_GBDT_PARAMS: GbdtParams = {
	objective: 'squared-error',
	learningRate: 0.1,
	maxDepth: 6,
	maxTrees: 500,
	minSamplesLeaf: 20,
	l2: 1,
	earlyStoppingRounds: 30,
	subsample: 1,
	maxBins: 255,
	seed: 1
};

export interface GbdtModel {
	objective: GbdtObjective;
	featureCount: number;
	/** Raw score before the first tree: mean of y, or the log-odds of the positive rate (0 for softmax). */
	baseScore: number;
	/** Softmax: K, the number of classes; tree t adds to class t mod K. */
	classCount?: number;
	/** Softmax: the raw score of each class before the first round, the log of its training share. */
	baseScores?: number[];
	trees: GbdtTree[];
}

export interface GbdtDataset {
	/** One Float32Array per feature (column-major), all of the same length; NaN = missing. */
	columns: Float32Array[];
	/** Targets: real values, 0/1 for log loss, class indices 0 … K − 1 for softmax. */
	y: Float64Array;
}

export interface GbdtTrainResult {
	model: GbdtModel;
	/** Validation loss after each round (before truncation to the best round). */
	validationLoss: number[];
	trainLoss: number[];
	bestRound: number;
	seconds: number;
}

/** Deterministic 32-bit PRNG (mulberry32), so a seed reproduces a model bit for bit. */
function mulberry32(seed: number): () => number {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

function sigmoid(z: number): number {
	return 1 / (1 + Math.exp(-z));
}

/** Softmax of raw[row·K … row·K + K − 1] into out (max subtracted first, so exp never overflows). */
function softmaxRow(raw: ArrayLike<number>, row: number, K: number, out: Float64Array): void {
	let max = -Infinity;
	for (let k = 0; k < K; k++) max = Math.max(max, raw[row * K + k]);
	let sum = 0;
	for (let k = 0; k < K; k++) {
		out[k] = Math.exp(raw[row * K + k] - max);
		sum += out[k];
	}
	for (let k = 0; k < K; k++) out[k] /= sum;
}

/** Mean loss; `raw` is n (regression, binary) or n × K row-major (softmax). */
function loss(objective: GbdtObjective, y: Float64Array, raw: Float64Array, K: number): number {
	let sum = 0;
	if (objective === 'squared-error') {
		for (let i = 0; i < y.length; i++) sum += (raw[i] - y[i]) ** 2;
	} else if (objective === 'log-loss') {
		for (let i = 0; i < y.length; i++) {
			// log(1 + e^z) - y z, written to avoid overflow for large |z|.
			const z = raw[i];
			sum += Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z))) - y[i] * z;
		}
	} else {
		// −log p_y = log Σ_k e^{z_k} − z_y, with the max subtracted.
		for (let i = 0; i < y.length; i++) {
			let max = -Infinity;
			for (let k = 0; k < K; k++) max = Math.max(max, raw[i * K + k]);
			let s = 0;
			for (let k = 0; k < K; k++) s += Math.exp(raw[i * K + k] - max);
			sum += max + Math.log(s) - raw[i * K + y[i]];
		}
	}
	return sum / Math.max(1, y.length);
}

function checkTargets(p: GbdtParams, y: Float64Array, what: string): number {
	if (p.objective === 'log-loss') {
		for (const v of y)
			if (v !== 0 && v !== 1) throw new Error('trainGbdt: log-loss needs targets 0 or 1');
		return 1;
	}
	if (p.objective !== 'softmax') return 1;
	const K = p.classCount ?? 0;
	if (!Number.isInteger(K) || K < 2)
		throw new Error(`trainGbdt: softmax needs classCount ≥ 2, got ${p.classCount}`);
	y.forEach((v, i) => {
		if (!(Number.isInteger(v) && v >= 0 && v < K))
			throw new Error(
				`trainGbdt: softmax targets are class indices 0 … ${K - 1}; ${what} row ${i} is ${v}`
			);
	});
	return K;
}

/** Raw scores before the first tree: the mean, the log-odds, or the log class shares. */
function initialScores(p: GbdtParams, y: Float64Array, K: number): number[] {
	const n = y.length;
	if (p.objective === 'softmax') {
		const counts = new Array<number>(K).fill(0);
		for (const v of y) counts[v]++;
		// A class without training rows gets a tiny share rather than −∞.
		return counts.map((c) => Math.log(Math.max(c / n, 1e-6)));
	}
	let mean = 0;
	for (const v of y) mean += v;
	mean /= n;
	if (p.objective === 'squared-error') return [mean];
	const rate = Math.min(1 - 1e-6, Math.max(1e-6, mean));
	return [Math.log(rate / (1 - rate))];
}

/**
 * Trains gradient-boosted regression trees on histograms of binned features (LightGBM/XGBoost
 * "hist" style, see growTree), with early stopping on a validation set. Deterministic for a seed.
 *
 * Gradients and hessians of the raw score z: squared error g = z − y, h = 1; log loss
 * g = σ(z) − y, h = σ(z)(1 − σ(z)); softmax (K classes, one tree per class and round on
 * g_k = p_k − [y = k], h_k = p_k(1 − p_k), leaves scaled by (K − 1)/K as in Friedman's
 * LK_TreeBoost: J. H. Friedman, "Greedy function approximation: a gradient boosting machine",
 * Ann. Statist. 29(5) (2001) 1189–1232, Algorithm 6).
 *
 * @example
 * const { model } = trainGbdt(train, validation, { objective: 'squared-error', maxDepth: 4 });
 * const yhat = predictGbdt(model, test.columns);
 */
export function trainGbdt(
	train: GbdtDataset,
	validation: GbdtDataset,
	options: Partial<GbdtParams> = {},
	hooks: GbdtHooks = {}
): GbdtTrainResult {
	const started = performance.now();
	const p: GbdtParams = { ...DEFAULT_GBDT_PARAMS, ...options };
	const n = train.y.length;
	const F = train.columns.length;
	if (F === 0 || n === 0) throw new Error('trainGbdt: the training set is empty');
	for (const [f, col] of train.columns.entries()) {
		if (col.length !== n)
			throw new Error(`trainGbdt: feature ${f} has ${col.length} rows, y has ${n}`);
	}
	if (validation.columns.length !== F) {
		throw new Error(
			`trainGbdt: validation has ${validation.columns.length} features, train has ${F}`
		);
	}
	const K = checkTargets(p, train.y, 'training');
	checkTargets(p, validation.y, 'validation');
	const softmax = p.objective === 'softmax';
	const bins: FeatureBins[] = train.columns.map((c) => featureBins(c, p.maxBins));
	const binned = train.columns.map((c, f) => binValues(c, bins[f]));
	const base = initialScores(p, train.y, K);

	const nv = validation.y.length;
	const raw = new Float64Array(n * K);
	const rawVal = new Float64Array(nv * K);
	for (let i = 0; i < n * K; i++) raw[i] = base[i % K];
	for (let i = 0; i < nv * K; i++) rawVal[i] = base[i % K];
	const grad = new Float64Array(n);
	const hess = new Float64Array(n);
	const probs = softmax ? new Float64Array(n * K) : undefined;
	const row = new Float64Array(K);
	const random = mulberry32(p.seed);
	const treeParams = { ...p, leafScale: softmax ? (K - 1) / K : 1 };
	const trees: GbdtTree[] = [];
	const validationLoss: number[] = [];
	const trainLoss: number[] = [];
	let best = Infinity;
	let bestRound = 0;
	const allRows = new Uint32Array(n);
	for (let i = 0; i < n; i++) allRows[i] = i;

	for (let round = 0; round < p.maxTrees; round++) {
		let rows = allRows;
		if (p.subsample < 1) {
			const picked: number[] = [];
			for (let i = 0; i < n; i++) if (random() < p.subsample) picked.push(i);
			rows = Uint32Array.from(picked);
		}
		if (probs) {
			// Every class's tree of a round sees the probabilities from before the round.
			for (let i = 0; i < n; i++) {
				softmaxRow(raw, i, K, row);
				probs.set(row, i * K);
			}
		}
		for (let k = 0; k < K; k++) {
			if (p.objective === 'squared-error') {
				for (let i = 0; i < n; i++) {
					grad[i] = raw[i] - train.y[i];
					hess[i] = 1;
				}
			} else if (p.objective === 'log-loss') {
				for (let i = 0; i < n; i++) {
					const prob = sigmoid(raw[i]);
					grad[i] = prob - train.y[i];
					hess[i] = Math.max(prob * (1 - prob), 1e-16);
				}
			} else {
				for (let i = 0; i < n; i++) {
					const prob = probs![i * K + k];
					grad[i] = prob - (train.y[i] === k ? 1 : 0);
					hess[i] = Math.max(prob * (1 - prob), 1e-16);
				}
			}
			const tree = growTree(binned, bins, grad, hess, rows, treeParams);
			trees.push(tree);
			addTree(tree, train.columns, raw, K, k);
			addTree(tree, validation.columns, rawVal, K, k);
		}
		trainLoss.push(loss(p.objective, train.y, raw, K));
		const vl = nv > 0 ? loss(p.objective, validation.y, rawVal, K) : trainLoss[round];
		validationLoss.push(vl);
		if (vl < best - 1e-12) {
			best = vl;
			bestRound = round + 1;
		} else if (p.earlyStoppingRounds > 0 && round + 1 - bestRound >= p.earlyStoppingRounds) {
			break;
		}
		hooks.onRound?.(round + 1, p.maxTrees, vl);
	}
	return {
		model: {
			objective: p.objective,
			featureCount: F,
			baseScore: softmax ? 0 : base[0],
			...(softmax ? { classCount: K, baseScores: base } : {}),
			trees: trees.slice(0, bestRound * K)
		},
		validationLoss,
		trainLoss,
		bestRound,
		seconds: (performance.now() - started) / 1000
	};
}

/** Adds a tree's leaf values to raw[i·K + k] for every row i. */
function addTree(
	tree: GbdtTree,
	columns: Float32Array[],
	raw: Float64Array,
	K: number,
	k: number
): void {
	const n = raw.length / K;
	for (let i = 0; i < n; i++) raw[i * K + k] += tree.value[leafOf(tree, columns, i)];
}

function checkColumns(model: GbdtModel, columns: ArrayLike<number>[], what: string): number {
	if (columns.length !== model.featureCount) {
		throw new Error(`${what}: model has ${model.featureCount} features, got ${columns.length}`);
	}
	return columns[0]?.length ?? 0;
}

/** K: 1, or the number of classes of a softmax model. */
function classesOf(model: GbdtModel): number {
	return model.objective === 'softmax' ? (model.classCount ?? 0) : 1;
}

/**
 * Raw scores (sum of the base score and every tree's leaf, in float64): the regression
 * prediction, the logit of the positive class, or for softmax the n × K class scores (row-major).
 *
 * @example
 * const margin = rawScores(model, [Float32Array.of(1, 2), Float32Array.of(0, 5)]);
 */
export function rawScores(model: GbdtModel, columns: ArrayLike<number>[]): Float64Array {
	const n = checkColumns(model, columns, 'rawScores');
	const K = classesOf(model);
	const base = model.objective === 'softmax' ? model.baseScores! : [model.baseScore];
	const out = new Float64Array(n * K);
	for (let i = 0; i < n; i++) {
		for (let k = 0; k < K; k++) out[i * K + k] = base[k];
		model.trees.forEach((tree, t) => {
			out[i * K + (t % K)] += tree.value[leafOf(tree, columns, i)];
		});
	}
	return out;
}

/**
 * The float32 scores exactly as the exported ONNX graph computes them: leaf weights summed in
 * float32 in tree order, plus the float32 base score (onnxruntime's TreeEnsembleRegressor with a
 * float input accumulates in float32); n values, or n × K for softmax.
 */
function float32Scores(model: GbdtModel, columns: Float32Array[]): Float32Array {
	const n = checkColumns(model, columns, 'predictGbdt');
	const K = classesOf(model);
	const base = (model.objective === 'softmax' ? model.baseScores! : [model.baseScore]).map(
		Math.fround
	);
	const out = new Float32Array(n * K);
	const sums = new Float64Array(K);
	for (let i = 0; i < n; i++) {
		sums.fill(0);
		model.trees.forEach((tree, t) => {
			const k = t % K;
			sums[k] = Math.fround(sums[k] + Math.fround(tree.value[leafOf(tree, columns, i)]));
		});
		for (let k = 0; k < K; k++) out[i * K + k] = Math.fround(sums[k] + base[k]);
	}
	return out;
}

/**
 * The model's prediction as the exported ONNX graph computes it (see float32Scores): the
 * regression output, or for log loss the sigmoid of the float32 logit, i.e. the probability of the
 * positive class. Softmax models: use predictGbdtProbabilities.
 *
 * @example
 * const p = predictGbdt(model, columns); // Float32Array
 */
export function predictGbdt(model: GbdtModel, columns: Float32Array[]): Float32Array {
	if (model.objective === 'softmax')
		throw new Error('predictGbdt: a softmax model has K outputs: use predictGbdtProbabilities');
	const scores = float32Scores(model, columns);
	if (model.objective === 'log-loss')
		for (let i = 0; i < scores.length; i++) scores[i] = sigmoid(scores[i]);
	return scores;
}

/**
 * Class probabilities of a softmax model, n × K row-major, as the ONNX graph's Softmax of the
 * float32 class scores; `label` is the arg max of the scores (the first class on a tie, as ONNX
 * ArgMax).
 *
 * @example
 * const { probabilities, label } = predictGbdtProbabilities(model, columns);
 */
export function predictGbdtProbabilities(
	model: GbdtModel,
	columns: Float32Array[]
): { probabilities: Float32Array; label: Int32Array; classCount: number } {
	if (model.objective !== 'softmax')
		throw new Error(`predictGbdtProbabilities: a ${model.objective} model has one output`);
	const K = classesOf(model);
	const scores = float32Scores(model, columns);
	const n = scores.length / K;
	const probabilities = new Float32Array(n * K);
	const label = new Int32Array(n);
	const row = new Float64Array(K);
	for (let i = 0; i < n; i++) {
		softmaxRow(scores, i, K, row);
		let arg = 0;
		for (let k = 0; k < K; k++) {
			probabilities[i * K + k] = row[k];
			if (scores[i * K + k] > scores[i * K + arg]) arg = k;
		}
		label[i] = arg;
	}
	return { probabilities, label, classCount: K };
}
