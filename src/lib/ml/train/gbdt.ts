import { binValues, featureBins, MISSING_BIN, type FeatureBins } from './binning';

/** Squared error (regression) or log loss on the logit (binary classification). */
export type GbdtObjective = 'squared-error' | 'log-loss';

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

/**
 * A tree in flat arrays. Node i is a leaf when feature[i] === -1; otherwise rows with
 * `x[feature] <= threshold` go to left[i], NaN goes left when missingLeft[i] is 1, the rest right.
 */
export interface GbdtTree {
	feature: Int32Array;
	threshold: Float32Array;
	left: Int32Array;
	right: Int32Array;
	missingLeft: Uint8Array;
	/** Leaf values (already multiplied by the learning rate); 0 for split nodes. */
	value: Float64Array;
}

export interface GbdtModel {
	objective: GbdtObjective;
	featureCount: number;
	/** Raw score before the first tree: mean of y, or the log-odds of the positive rate. */
	baseScore: number;
	trees: GbdtTree[];
}

export interface GbdtDataset {
	/** One Float32Array per feature (column-major), all of the same length; NaN = missing. */
	columns: Float32Array[];
	/** Targets: real values, or 0/1 for log loss. */
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

function loss(objective: GbdtObjective, y: Float64Array, raw: Float64Array): number {
	let sum = 0;
	if (objective === 'squared-error') {
		for (let i = 0; i < y.length; i++) sum += (raw[i] - y[i]) ** 2;
	} else {
		for (let i = 0; i < y.length; i++) {
			// log(1 + e^z) - y z, written to avoid overflow for large |z|.
			const z = raw[i];
			sum += Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z))) - y[i] * z;
		}
	}
	return sum / Math.max(1, y.length);
}

interface Split {
	gain: number;
	feature: number;
	bin: number;
	missingLeft: boolean;
}

/**
 * Trains gradient-boosted regression trees on histograms of binned features (LightGBM/XGBoost
 * "hist" style: second-order gain G²/(H+λ), depth-wise growth, histogram subtraction for the
 * larger child, NaN routed to whichever side gains more), with early stopping on a validation set.
 * Deterministic for a given seed.
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
	if (p.objective === 'log-loss') {
		for (const v of train.y) {
			if (v !== 0 && v !== 1) throw new Error('trainGbdt: log-loss needs targets 0 or 1');
		}
	}
	const bins: FeatureBins[] = train.columns.map((c) => featureBins(c, p.maxBins));
	const binned = train.columns.map((c, f) => binValues(c, bins[f]));

	let baseScore: number;
	let mean = 0;
	for (const v of train.y) mean += v;
	mean /= n;
	if (p.objective === 'squared-error') baseScore = mean;
	else {
		const rate = Math.min(1 - 1e-6, Math.max(1e-6, mean));
		baseScore = Math.log(rate / (1 - rate));
	}

	const raw = new Float64Array(n).fill(baseScore);
	const rawVal = new Float64Array(validation.y.length).fill(baseScore);
	const grad = new Float64Array(n);
	const hess = new Float64Array(n);
	const random = mulberry32(p.seed);
	const trees: GbdtTree[] = [];
	const validationLoss: number[] = [];
	const trainLoss: number[] = [];
	let best = Infinity;
	let bestRound = 0;
	const allRows = new Uint32Array(n);
	for (let i = 0; i < n; i++) allRows[i] = i;

	for (let round = 0; round < p.maxTrees; round++) {
		if (p.objective === 'squared-error') {
			for (let i = 0; i < n; i++) {
				grad[i] = raw[i] - train.y[i];
				hess[i] = 1;
			}
		} else {
			for (let i = 0; i < n; i++) {
				const prob = sigmoid(raw[i]);
				grad[i] = prob - train.y[i];
				hess[i] = Math.max(prob * (1 - prob), 1e-16);
			}
		}
		let rows = allRows;
		if (p.subsample < 1) {
			const picked: number[] = [];
			for (let i = 0; i < n; i++) if (random() < p.subsample) picked.push(i);
			rows = Uint32Array.from(picked);
		}
		const tree = growTree(binned, bins, grad, hess, rows, p);
		trees.push(tree);
		addTree(tree, train.columns, raw);
		addTree(tree, validation.columns, rawVal);
		trainLoss.push(loss(p.objective, train.y, raw));
		const vl = validation.y.length > 0 ? loss(p.objective, validation.y, rawVal) : trainLoss[round];
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
		model: { objective: p.objective, featureCount: F, baseScore, trees: trees.slice(0, bestRound) },
		validationLoss,
		trainLoss,
		bestRound,
		seconds: (performance.now() - started) / 1000
	};
}

function growTree(
	binned: Uint8Array[],
	bins: FeatureBins[],
	grad: Float64Array,
	hess: Float64Array,
	rows: Uint32Array,
	p: GbdtParams
): GbdtTree {
	const feature: number[] = [];
	const threshold: number[] = [];
	const left: number[] = [];
	const right: number[] = [];
	const missingLeft: number[] = [];
	const value: number[] = [];
	const F = binned.length;
	const stride = 256 * 3;

	const newNode = (): number => {
		feature.push(-1);
		threshold.push(0);
		left.push(-1);
		right.push(-1);
		missingLeft.push(0);
		value.push(0);
		return feature.length - 1;
	};

	const histogram = (nodeRows: Uint32Array): Float64Array => {
		const h = new Float64Array(F * stride);
		for (let f = 0; f < F; f++) {
			const col = binned[f];
			const base = f * stride;
			for (let k = 0; k < nodeRows.length; k++) {
				const r = nodeRows[k];
				const o = base + col[r] * 3;
				h[o] += grad[r];
				h[o + 1] += hess[r];
				h[o + 2] += 1;
			}
		}
		return h;
	};

	const bestSplit = (h: Float64Array, G: number, H: number, C: number): Split | undefined => {
		const parentScore = (G * G) / (H + p.l2);
		let best: Split | undefined;
		for (let f = 0; f < F; f++) {
			const nb = bins[f].edges.length;
			if (nb < 2) continue;
			const base = f * stride;
			const gm = h[base + MISSING_BIN * 3];
			const hm = h[base + MISSING_BIN * 3 + 1];
			const cm = h[base + MISSING_BIN * 3 + 2];
			let gl = 0;
			let hl = 0;
			let cl = 0;
			for (let b = 0; b < nb - 1; b++) {
				gl += h[base + b * 3];
				hl += h[base + b * 3 + 1];
				cl += h[base + b * 3 + 2];
				if (h[base + b * 3 + 2] === 0) continue;
				// Missing values go right (the natural NaN <= t → false), or left when that gains more.
				for (const withMissing of cm > 0 ? [false, true] : [false]) {
					const GL = withMissing ? gl + gm : gl;
					const HL = withMissing ? hl + hm : hl;
					const CL = withMissing ? cl + cm : cl;
					const CR = C - CL;
					if (CL < p.minSamplesLeaf || CR < p.minSamplesLeaf) continue;
					const GR = G - GL;
					const HR = H - HL;
					if (HL < 1e-3 || HR < 1e-3) continue;
					const gain = (GL * GL) / (HL + p.l2) + (GR * GR) / (HR + p.l2) - parentScore;
					if (gain > 1e-12 && (!best || gain > best.gain)) {
						best = { gain, feature: f, bin: b, missingLeft: withMissing };
					}
				}
			}
		}
		return best;
	};

	const build = (node: number, nodeRows: Uint32Array, h: Float64Array, depth: number): void => {
		let G = 0;
		let H = 0;
		for (let k = 0; k < nodeRows.length; k++) {
			G += grad[nodeRows[k]];
			H += hess[nodeRows[k]];
		}
		const C = nodeRows.length;
		const split =
			depth < p.maxDepth && C >= 2 * p.minSamplesLeaf ? bestSplit(h, G, H, C) : undefined;
		if (!split) {
			value[node] = (-G / (H + p.l2)) * p.learningRate;
			return;
		}
		const col = binned[split.feature];
		const leftRows: number[] = [];
		const rightRows: number[] = [];
		for (let k = 0; k < nodeRows.length; k++) {
			const r = nodeRows[k];
			const b = col[r];
			const goesLeft = b === MISSING_BIN ? split.missingLeft : b <= split.bin;
			(goesLeft ? leftRows : rightRows).push(r);
		}
		const l = Uint32Array.from(leftRows);
		const r = Uint32Array.from(rightRows);
		feature[node] = split.feature;
		threshold[node] = bins[split.feature].edges[split.bin];
		missingLeft[node] = split.missingLeft ? 1 : 0;
		const ln = newNode();
		const rn = newNode();
		left[node] = ln;
		right[node] = rn;
		// Histogram subtraction: scan the smaller child, derive the larger one from the parent.
		const smallIsLeft = l.length <= r.length;
		const hs = histogram(smallIsLeft ? l : r);
		const hl = new Float64Array(h.length);
		for (let i = 0; i < h.length; i++) hl[i] = h[i] - hs[i];
		build(ln, l, smallIsLeft ? hs : hl, depth + 1);
		build(rn, r, smallIsLeft ? hl : hs, depth + 1);
	};

	const root = newNode();
	build(root, rows, histogram(rows), 0);
	return {
		feature: Int32Array.from(feature),
		threshold: Float32Array.from(threshold),
		left: Int32Array.from(left),
		right: Int32Array.from(right),
		missingLeft: Uint8Array.from(missingLeft),
		value: Float64Array.from(value)
	};
}

function leafOf(tree: GbdtTree, columns: Float32Array[], row: number): number {
	let node = 0;
	while (tree.feature[node] !== -1) {
		const x = columns[tree.feature[node]][row];
		const goLeft = Number.isNaN(x) ? tree.missingLeft[node] === 1 : x <= tree.threshold[node];
		node = goLeft ? tree.left[node] : tree.right[node];
	}
	return node;
}

function addTree(tree: GbdtTree, columns: Float32Array[], raw: Float64Array): void {
	for (let i = 0; i < raw.length; i++) raw[i] += tree.value[leafOf(tree, columns, i)];
}

/**
 * Raw scores (sum of the base score and every tree's leaf, in float64): the regression
 * prediction, or the logit of the positive class.
 *
 * @example
 * const margin = rawScores(model, [Float32Array.of(1, 2), Float32Array.of(0, 5)]);
 */
export function rawScores(model: GbdtModel, columns: Float32Array[]): Float64Array {
	if (columns.length !== model.featureCount) {
		throw new Error(`rawScores: model has ${model.featureCount} features, got ${columns.length}`);
	}
	const n = columns[0]?.length ?? 0;
	const out = new Float64Array(n);
	for (let i = 0; i < n; i++) {
		let s = model.baseScore;
		for (const tree of model.trees) s += tree.value[leafOf(tree, columns, i)];
		out[i] = s;
	}
	return out;
}

/**
 * The model's prediction exactly as the exported ONNX graph computes it: leaf weights summed in
 * float32 in tree order, plus the float32 base score (onnxruntime's TreeEnsembleRegressor with a
 * float input accumulates in float32); for log loss the sigmoid of that float32 logit, i.e. the
 * probability of the positive class.
 *
 * @example
 * const p = predictGbdt(model, columns); // Float32Array
 */
export function predictGbdt(model: GbdtModel, columns: Float32Array[]): Float32Array {
	if (columns.length !== model.featureCount) {
		throw new Error(`predictGbdt: model has ${model.featureCount} features, got ${columns.length}`);
	}
	const n = columns[0]?.length ?? 0;
	const out = new Float32Array(n);
	const base = Math.fround(model.baseScore);
	for (let i = 0; i < n; i++) {
		let s = 0;
		for (const tree of model.trees)
			s = Math.fround(s + Math.fround(tree.value[leafOf(tree, columns, i)]));
		const score = Math.fround(s + base);
		out[i] = model.objective === 'log-loss' ? sigmoid(score) : score;
	}
	return out;
}
