import { rawScores, trainGbdt, type GbdtParams } from '../../ml/train/gbdt';
import { gbdtFromJson, gbdtToJson, type GbdtJson } from '../../ml/train/gbdt-json';
import { DriftInputError, type ColumnData } from '../types';
import type { MetricEstimate, WindowEstimate } from './window-estimate';

/**
 * DLE — direct loss estimation of a regression model's MAE and RMSE without labels (NannyML).
 *
 * Method: on a labelled reference (data the monitored model did not train on), two "nanny" models
 * h_abs, h_sq (gradient-boosted trees, src/lib/ml/train) learn the monitored model's loss from its
 * inputs and its prediction ŷ: h_abs(x, ŷ) ≈ |y − ŷ|, h_sq(x, ŷ) ≈ (y − ŷ)². On a window of n rows
 * without labels,
 *
 *   MAE^ = (1/n) Σ max(0, h_abs(x_i, ŷ_i)),   RMSE^ = √((1/n) Σ max(0, h_sq(x_i, ŷ_i))).
 *
 * Each nanny is trained on four fifths of its reference chunks with early stopping on the fifth,
 * so it does not memorise the reference's noise.
 *
 * Band: NannyML's sampling error of the realized metric, SE_MAE = σ(|e|)/√n and, by the delta
 * method, SE_RMSE = σ(e²)/(2√(n·mean e²)), written relative to the estimate so that it scales with
 * the loss (the coefficient of variation cv of |e| or e² on the reference is assumed to hold), plus
 * the nanny's own error: the reference is cut into chunks of `chunkSize` rows, each chunk's metric
 * is estimated by nannies cross-fitted without it (`folds` folds of whole chunks), and the relative
 * residuals ρ_c = (realized_c − estimated_c)/estimated_c give τ² = max(0, var(ρ) − cv²/chunkSize)
 * (var(ρ) − cv²/(4·chunkSize) for RMSE): the between-chunk variance beyond sampling noise, as in
 * DerSimonian & Laird's random-effects estimate. A window's standard error is
 *
 *   SE = estimate · √(cv²/n + τ²)   (cv²/(4n) for RMSE),  band = estimate ± 3·SE (lower ≥ 0).
 *
 * Alert thresholds: mean ± 3σ of the realized metric over the reference chunks (lower ≥ 0); a
 * window alerts when its estimate leaves them.
 *
 * Assumptions and limits: no concept drift (P(y | x) as on the reference); the nannies, like any
 * trees, do not extrapolate, so errors in regions the reference never covered are underestimated.
 * Rows whose prediction is not finite are excluded (counted); missing feature values go down the
 * branch the trees learned for them; categories unseen in the reference count as missing. A window
 * with fewer than `minWindowSize` rows is `not_enough_data` (its band would be mostly noise).
 *
 * Reference: NannyML, "Direct Loss Estimation (DLE)",
 * https://nannyml.readthedocs.io/en/stable/how_it_works/performance_estimation.html#direct-loss-estimation-dle ;
 * R. DerSimonian, N. Laird, "Meta-analysis in clinical trials", Controlled Clinical Trials 7 (1986) 177–188.
 */
export const DLE_METRICS = ['mae', 'rmse'] as const;
export type DleMetric = (typeof DLE_METRICS)[number];

export interface DleOptions {
	/** Reference rows per chunk (thresholds, cross-fitting). */
	chunkSize?: number;
	/** Fewest rows with a finite prediction for an estimate. */
	minWindowSize?: number;
	/** Cross-fitting folds of whole chunks (for the nanny's own error, τ). */
	folds?: number;
	/** Trainer parameters of the nannies (objective is always squared error). */
	nanny?: Partial<GbdtParams>;
}

export const DEFAULT_NANNY_PARAMS: Partial<GbdtParams> = {
	objective: 'squared-error',
	learningRate: 0.05,
	maxDepth: 4,
	maxTrees: 300,
	minSamplesLeaf: 20,
	l2: 1,
	earlyStoppingRounds: 30,
	seed: 1
};

/** One input column of the nannies as fitted: numerical, or categorical with its reference categories. */
export type DleColumn =
	{ name: string; type: 'numerical' } | { name: string; type: 'categorical'; categories: string[] };

export interface DleReferenceMetric {
	/** Mean realized metric over the reference chunks. */
	mean: number;
	chunkSd: number;
	lowerThreshold: number;
	upperThreshold: number;
	/** Coefficient of variation of the per-row loss (|e| or e²) on the reference. */
	lossCv: number;
	/** The nanny's relative error beyond sampling noise (τ). */
	tau: number;
	/** Mean relative residual of the cross-fitted chunk estimates (a diagnostic; not corrected). */
	bias: number;
}

/** A fitted DLE estimator: plain data, safe to store as JSON. */
export interface DleModel {
	kind: 'dle';
	/** Feature columns in the nannies' input order; the prediction is the last input. */
	columns: DleColumn[];
	prediction: string;
	chunkSize: number;
	minWindowSize: number;
	referenceSize: number;
	referenceChunks: number;
	/** Rows of the reference left out (prediction or label not finite). */
	excluded: number;
	nanny: { abs: GbdtJson; squared: GbdtJson };
	reference: Record<DleMetric, DleReferenceMetric>;
}

/** `standardError`: sampling error and the nannies' own error; the band is value ± 3·standardError. */
export type DleMetricEstimate = MetricEstimate<{ standardError: number }>;

/** Rows used are those with a finite prediction. */
export type DleWindowEstimate = WindowEstimate<DleMetric, { standardError: number }>;

function lengthOf(c: ColumnData): number {
	return c.type === 'numerical' ? c.values.length : c.codes.length;
}

/** The nannies' float32 inputs: the columns in the fitted order, then the prediction. */
function nannyInputs(
	columns: DleColumn[],
	data: ColumnData[],
	predictions: ArrayLike<number>,
	rows: ArrayLike<number>
): Float32Array[] {
	const byName = new Map(data.map((c) => [c.name, c]));
	const out = columns.map((spec) => {
		const col = byName.get(spec.name);
		if (!col)
			throw new DriftInputError('column_missing', `DLE: column "${spec.name}" is missing`, {
				column: spec.name
			});
		if (col.type !== spec.type)
			throw new DriftInputError(
				'type_mismatch',
				`DLE: column "${spec.name}" is ${col.type}, the reference has it ${spec.type}`,
				{ column: spec.name }
			);
		if (lengthOf(col) !== predictions.length)
			throw new DriftInputError(
				'invalid_option',
				`DLE: column "${spec.name}" has ${lengthOf(col)} rows, the predictions ${predictions.length}`,
				{ column: spec.name }
			);
		if (col.type === 'numerical') return Float32Array.from(rows, (r) => col.values[r]);
		// Codes index the reference's categories; unseen or missing categories are NaN.
		const index = new Map((spec as { categories: string[] }).categories.map((c, k) => [c, k]));
		const map = Float32Array.from(col.categories, (c) => index.get(c) ?? NaN);
		return Float32Array.from(rows, (r) => (col.codes[r] >= 0 ? map[col.codes[r]] : NaN));
	});
	out.push(Float32Array.from(rows, (r) => predictions[r]));
	return out;
}

function meanSd(values: ArrayLike<number>): { mean: number; sd: number } {
	let mean = 0;
	for (let i = 0; i < values.length; i++) mean += values[i];
	mean /= values.length;
	let ss = 0;
	for (let i = 0; i < values.length; i++) ss += (values[i] - mean) ** 2;
	return { mean, sd: values.length > 1 ? Math.sqrt(ss / (values.length - 1)) : 0 };
}

function pick(columns: Float32Array[], rows: number[]): Float32Array[] {
	return columns.map((c) => Float32Array.from(rows, (r) => c[r]));
}

/**
 * Trains one nanny on `rows` (positions into `inputs`): every fifth chunk among them stops it early,
 * the others train it (alternate rows when there are fewer than five chunks).
 */
function trainNanny(
	inputs: Float32Array[],
	target: Float64Array,
	rows: number[],
	chunkOf: (row: number) => number,
	params: Partial<GbdtParams>
) {
	const order = [...new Set(rows.map(chunkOf))];
	const stopChunks = new Set(order.filter((_, i) => i % 5 === 4));
	const byChunk = stopChunks.size > 0;
	const fit = rows.filter((r, i) => (byChunk ? !stopChunks.has(chunkOf(r)) : i % 5 !== 4));
	const stop = rows.filter((r, i) => (byChunk ? stopChunks.has(chunkOf(r)) : i % 5 === 4));
	return trainGbdt(
		{ columns: pick(inputs, fit), y: Float64Array.from(fit, (r) => target[r]) },
		{ columns: pick(inputs, stop), y: Float64Array.from(stop, (r) => target[r]) },
		{ ...DEFAULT_NANNY_PARAMS, ...params, objective: 'squared-error' }
	).model;
}

const clip0 = (v: number) => Math.max(0, v);

/**
 * Fits DLE on a labelled reference: the two nannies, the chunk thresholds and the band's terms.
 *
 * @example
 * const model = fitDle({ features, predictions, targets, prediction: 'prediction' }, { chunkSize: 100 });
 * estimateDle(model, windowColumns, windowPredictions).metrics.rmse; // { status: 'ok', value: 41.2, … }
 */
export function fitDle(
	input: {
		features: ColumnData[];
		predictions: ArrayLike<number>;
		targets: ArrayLike<number>;
		prediction?: string;
	},
	options: DleOptions = {}
): DleModel {
	const chunkSize = options.chunkSize ?? 100;
	const minWindowSize = options.minWindowSize ?? 30;
	const folds = options.folds ?? 5;
	for (const [name, v, min] of [
		['chunkSize', chunkSize, 2],
		['minWindowSize', minWindowSize, 2],
		['folds', folds, 2]
	] as const)
		if (!Number.isInteger(v) || v < min)
			throw new DriftInputError('invalid_option', `${name} must be an integer ≥ ${min}, got ${v}`);
	const { predictions, targets } = input;
	if (targets.length !== predictions.length)
		throw new DriftInputError(
			'invalid_option',
			`DLE: ${targets.length} labels for ${predictions.length} predictions`
		);
	const rows: number[] = [];
	for (let i = 0; i < predictions.length; i++)
		if (Number.isFinite(predictions[i]) && Number.isFinite(targets[i])) rows.push(i);
	const chunks = Math.floor(rows.length / chunkSize);
	if (chunks < Math.max(5, folds))
		throw new DriftInputError(
			'invalid_option',
			`DLE: the reference has ${rows.length} rows with a finite prediction and label; at least ${Math.max(5, folds)} chunks of chunkSize ${chunkSize} are needed (use a smaller chunkSize or more labelled rows)`
		);
	const columns: DleColumn[] = input.features.map((c) =>
		c.type === 'numerical'
			? { name: c.name, type: 'numerical' }
			: { name: c.name, type: 'categorical', categories: [...c.categories] }
	);
	const prediction = input.prediction ?? 'prediction';
	if (columns.some((c) => c.name === prediction))
		throw new DriftInputError(
			'invalid_option',
			`DLE: the prediction column "${prediction}" is also listed as a feature`
		);
	// Positions 0 … m − 1 over the usable rows; chunk c holds positions [c·size, (c + 1)·size).
	const inputs = nannyInputs(columns, input.features, predictions, rows);
	const m = rows.length;
	const abs = Float64Array.from(rows, (r) => Math.abs(targets[r] - predictions[r]));
	const sq = Float64Array.from(abs, (a) => a * a);
	const chunkOf = (pos: number) => Math.min(chunks - 1, Math.floor(pos / chunkSize));
	const params = options.nanny ?? {};
	const positions = Array.from({ length: m }, (_, i) => i);

	// Cross-fitted estimates of each reference chunk, for the nanny's own error.
	const oofAbs = new Float64Array(m);
	const oofSq = new Float64Array(m);
	for (let f = 0; f < folds; f++) {
		const held = positions.filter((p) => chunkOf(p) % folds === f);
		const train = positions.filter((p) => chunkOf(p) % folds !== f);
		const heldInputs = pick(inputs, held);
		const a = rawScores(trainNanny(inputs, abs, train, chunkOf, params), heldInputs);
		const s = rawScores(trainNanny(inputs, sq, train, chunkOf, params), heldInputs);
		held.forEach((p, i) => {
			oofAbs[p] = clip0(a[i]);
			oofSq[p] = clip0(s[i]);
		});
	}
	const realized = { mae: [] as number[], rmse: [] as number[] };
	const residual = { mae: [] as number[], rmse: [] as number[] };
	for (let c = 0; c < chunks; c++) {
		const lo = c * chunkSize;
		const hi = c === chunks - 1 ? m : lo + chunkSize;
		const mean = (x: Float64Array) => meanSd(x.subarray(lo, hi)).mean;
		const r = { mae: mean(abs), rmse: Math.sqrt(mean(sq)) };
		const e = { mae: mean(oofAbs), rmse: Math.sqrt(mean(oofSq)) };
		for (const k of DLE_METRICS) {
			realized[k].push(r[k]);
			if (e[k] > 0) residual[k].push((r[k] - e[k]) / e[k]);
		}
	}
	const cv = {
		mae: meanSd(abs).sd / (meanSd(abs).mean || 1),
		rmse: meanSd(sq).sd / (meanSd(sq).mean || 1)
	};
	const reference = {} as Record<DleMetric, DleReferenceMetric>;
	for (const k of DLE_METRICS) {
		const { mean, sd } = meanSd(realized[k]);
		const rho = meanSd(residual[k]);
		const sampling = k === 'mae' ? cv.mae ** 2 / chunkSize : cv.rmse ** 2 / (4 * chunkSize);
		reference[k] = {
			mean,
			chunkSd: sd,
			lowerThreshold: clip0(mean - 3 * sd),
			upperThreshold: mean + 3 * sd,
			lossCv: cv[k],
			tau: Math.sqrt(Math.max(0, rho.sd ** 2 - sampling)),
			bias: residual[k].length ? rho.mean : 0
		};
	}
	return {
		kind: 'dle',
		columns,
		prediction,
		chunkSize,
		minWindowSize,
		referenceSize: m,
		referenceChunks: chunks,
		excluded: predictions.length - m,
		nanny: {
			abs: gbdtToJson(trainNanny(inputs, abs, positions, chunkOf, params)),
			squared: gbdtToJson(trainNanny(inputs, sq, positions, chunkOf, params))
		},
		reference
	};
}

/**
 * Estimates MAE and RMSE of one window from its features and predictions (no labels).
 *
 * @example
 * const est = estimateDle(model, columns, predictions);
 * if (est.metrics.rmse.status === 'ok' && est.metrics.rmse.alert) notify();
 */
export function estimateDle(
	model: DleModel,
	columns: ColumnData[],
	predictions: ArrayLike<number>
): DleWindowEstimate {
	const rows: number[] = [];
	for (let i = 0; i < predictions.length; i++) if (Number.isFinite(predictions[i])) rows.push(i);
	const n = rows.length;
	const excluded = predictions.length - n;
	const metrics = {} as Record<DleMetric, DleMetricEstimate>;
	// Columns are checked even when the window is too small, so a wrong input is never hidden.
	const inputs = nannyInputs(model.columns, columns, predictions, rows);
	if (n < model.minWindowSize) {
		const reason = `window has ${n} rows with a finite prediction; DLE's band needs at least ${model.minWindowSize} (its sampling error grows as 1/√n)`;
		for (const k of DLE_METRICS) metrics[k] = { status: 'not_enough_data', reason };
		return { n, excluded, metrics };
	}
	const mean = (x: Float64Array) => x.reduce((s, v) => s + clip0(v), 0) / x.length;
	const values: Record<DleMetric, number> = {
		mae: mean(rawScores(gbdtFromJson(model.nanny.abs), inputs)),
		rmse: Math.sqrt(mean(rawScores(gbdtFromJson(model.nanny.squared), inputs)))
	};
	for (const k of DLE_METRICS) {
		const ref = model.reference[k];
		const value = values[k];
		const sampling = k === 'mae' ? ref.lossCv ** 2 / n : ref.lossCv ** 2 / (4 * n);
		const standardError = value * Math.sqrt(sampling + ref.tau ** 2);
		metrics[k] = {
			status: 'ok',
			value,
			standardError,
			lowerBand: clip0(value - 3 * standardError),
			upperBand: value + 3 * standardError,
			lowerThreshold: ref.lowerThreshold,
			upperThreshold: ref.upperThreshold,
			alert: value < ref.lowerThreshold || value > ref.upperThreshold
		};
	}
	return { n, excluded, metrics };
}

/**
 * Realized MAE and RMSE of predictions against labels (rows where both are finite), the values
 * DLE estimates.
 *
 * @example
 * realizedLoss(Float64Array.of(1, 2), Float64Array.of(2, 4)); // { n: 2, mae: 1.5, rmse: √2.5 }
 */
export function realizedLoss(
	predictions: ArrayLike<number>,
	targets: ArrayLike<number>
): { n: number; mae: number; rmse: number } {
	let n = 0;
	let a = 0;
	let s = 0;
	for (let i = 0; i < predictions.length; i++) {
		const e = targets[i] - predictions[i];
		if (!Number.isFinite(e)) continue;
		n++;
		a += Math.abs(e);
		s += e * e;
	}
	return { n, mae: n ? a / n : NaN, rmse: n ? Math.sqrt(s / n) : NaN };
}
