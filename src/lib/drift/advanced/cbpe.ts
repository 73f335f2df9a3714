import { DriftInputError } from '../types';
import { fitIsotonic, predictIsotonic, type IsotonicModel } from './isotonic';
import type { MetricEstimate, WindowEstimate } from './window-estimate';

/**
 * CBPE — confidence-based performance estimation for binary classifiers (NannyML).
 *
 * Method: if the predicted probability p̂_i = P(y_i = 1 | x_i) is calibrated, each row's confusion
 * matrix cell is known in expectation. With the model's decision ŷ_i = [s_i ≥ t] (score s_i,
 * threshold t) and calibrated probability c_i = g(s_i):
 *
 *   E[TP] = Σ ŷ_i c_i,  E[FP] = Σ ŷ_i (1 − c_i),  E[FN] = Σ (1 − ŷ_i) c_i,  E[TN] = Σ (1 − ŷ_i)(1 − c_i)
 *
 *   accuracy = (TP + TN)/n,  precision = TP/(TP + FP),  recall = TP/(TP + FN),
 *   F1 = 2TP/(2TP + FP + FN),
 *   ROC AUC = ∫ TPR d FPR over the score-ranked rows with TPR_k = Σ_{j≤k} c_j / Σ c,
 *             FPR_k = Σ_{j≤k} (1 − c_j) / Σ (1 − c)  (trapezoid rule; tied scores move together).
 *
 * Calibration g: an isotonic regression (pool-adjacent-violators) of the reference labels on the
 * reference scores, applied only when it improves calibration: `folds`-fold cross-validation on the
 * reference (row i in fold i mod folds) compares the Brier score Σ(p − y)²/n of the raw scores with
 * that of the held-out isotonic predictions; otherwise g is the identity. CBPE assumes no concept drift (P(y | s) unchanged).
 *
 * Sampling error: the realized metric is computed on consecutive reference chunks of `chunkSize`
 * rows; with σ_chunk their standard deviation, a window of n rows gets SE(n) = σ_chunk·√(chunkSize/n)
 * and the band estimate ± 3·SE. Alert thresholds are mean ± 3σ_chunk of the reference chunks'
 * realized metric, clipped to [0, 1]; a window alerts when its estimate leaves them.
 *
 * Bad input: NaN scores are excluded from the window (counted in `excluded`; in the reference, with
 * their labels). Finite scores outside [0, 1] throw a DriftInputError naming the index: they are logits or
 * margins, not probabilities, and clipping them would hide the mistake. Labels must be 0 or 1.
 * Windows with fewer than `minWindowSize` usable rows, and metrics whose denominator is zero (for
 * example precision with no predicted positives), are `{ status: 'not_enough_data', reason }`.
 *
 * Reference: NannyML, "Estimation of Performance of the Monitored Model — CBPE",
 * https://nannyml.readthedocs.io/en/stable/how_it_works/performance_estimation.html ; B. Zadrozny,
 * C. Elkan, KDD 2002 (isotonic calibration).
 */
export const CBPE_METRICS = ['accuracy', 'precision', 'recall', 'f1', 'roc_auc'] as const;
export type CbpeMetric = (typeof CBPE_METRICS)[number];

export interface CbpeOptions {
	/** Decision threshold on the score: ŷ = [score ≥ threshold]. */
	threshold?: number;
	/** Rows per reference chunk for sampling errors and thresholds. */
	chunkSize?: number;
	/** Fewest usable rows for an estimate. */
	minWindowSize?: number;
	/** 'auto' calibrates when cross-validation says it helps. */
	calibration?: 'auto' | 'always' | 'never';
	/** Folds of the calibration cross-validation. */
	folds?: number;
}

export interface CbpeReferenceMetric {
	/** Mean realized metric over reference chunks. */
	mean: number;
	/** Standard deviation of the realized metric over reference chunks. */
	chunkSd: number;
	lowerThreshold: number;
	upperThreshold: number;
}

/** A fitted CBPE estimator: plain data, safe to store as JSON. */
export interface CbpeModel {
	kind: 'cbpe';
	threshold: number;
	chunkSize: number;
	minWindowSize: number;
	referenceSize: number;
	referenceChunks: number;
	calibration: {
		applied: boolean;
		/** Cross-validated Brier score of the raw scores on the reference. */
		brierRaw: number;
		/** Cross-validated Brier score of the isotonic-calibrated scores (null with 'never'). */
		brierCalibrated: number | null;
		isotonic: IsotonicModel | null;
	};
	reference: Record<CbpeMetric, CbpeReferenceMetric>;
}

/** `samplingError`: the band is value ± 3·samplingError, clipped to [0, 1]. */
export type CbpeMetricEstimate = MetricEstimate<{ samplingError: number }>;

/** Rows used are those with a finite score; NaN scores are excluded. */
export type CbpeWindowEstimate = WindowEstimate<CbpeMetric, { samplingError: number }>;

function checkScores(scores: ArrayLike<number>, what: string): number {
	let excluded = 0;
	for (let i = 0; i < scores.length; i++) {
		const s = scores[i];
		if (Number.isNaN(s)) {
			excluded++;
		} else if (!(s >= 0 && s <= 1)) {
			throw new DriftInputError(
				'invalid_option',
				`${what}[${i}] = ${s} is not a probability in [0, 1] (pass probabilities, not logits)`
			);
		}
	}
	return excluded;
}

/** Expected or realized confusion sums: `weights` are calibrated probabilities or 0/1 labels. */
function confusion(
	scores: ArrayLike<number>,
	weights: ArrayLike<number>,
	threshold: number
): { tp: number; fp: number; fn: number; tn: number } {
	let tp = 0;
	let fp = 0;
	let fn = 0;
	let tn = 0;
	for (let i = 0; i < scores.length; i++) {
		const w = weights[i];
		if (scores[i] >= threshold) {
			tp += w;
			fp += 1 - w;
		} else {
			fn += w;
			tn += 1 - w;
		}
	}
	return { tp, fp, fn, tn };
}

/** Area under the ROC curve of weights against scores sorted descending (trapezoid, ties grouped). */
function rocAucSorted(sortedScoresDesc: ArrayLike<number>, weights: ArrayLike<number>): number {
	let pos = 0;
	let neg = 0;
	for (let i = 0; i < weights.length; i++) {
		pos += weights[i];
		neg += 1 - weights[i];
	}
	if (pos <= 0 || neg <= 0) return NaN;
	let area = 0;
	let tp = 0;
	let i = 0;
	while (i < sortedScoresDesc.length) {
		const s = sortedScoresDesc[i];
		let dtp = 0;
		let dfp = 0;
		while (i < sortedScoresDesc.length && sortedScoresDesc[i] === s) {
			dtp += weights[i];
			dfp += 1 - weights[i];
			i++;
		}
		area += (dfp * (2 * tp + dtp)) / 2;
		tp += dtp;
	}
	return area / (pos * neg);
}

function metricsFromConfusion(
	c: { tp: number; fp: number; fn: number; tn: number },
	auc: number
): Record<CbpeMetric, number> {
	const n = c.tp + c.fp + c.fn + c.tn;
	return {
		accuracy: n > 0 ? (c.tp + c.tn) / n : NaN,
		precision: c.tp + c.fp > 0 ? c.tp / (c.tp + c.fp) : NaN,
		recall: c.tp + c.fn > 0 ? c.tp / (c.tp + c.fn) : NaN,
		f1: 2 * c.tp + c.fp + c.fn > 0 ? (2 * c.tp) / (2 * c.tp + c.fp + c.fn) : NaN,
		roc_auc: auc
	};
}

function finitePairs(
	scores: ArrayLike<number>,
	labels: ArrayLike<number>
): { s: Float64Array; y: Float64Array } {
	if (scores.length !== labels.length) {
		throw new DriftInputError(
			'invalid_option',
			`scores and labels differ in length (${scores.length} ≠ ${labels.length})`
		);
	}
	let n = 0;
	for (let i = 0; i < scores.length; i++) {
		const y = labels[i];
		if (y !== 0 && y !== 1)
			throw new DriftInputError('invalid_option', `labels[${i}] = ${y}: labels must be 0 or 1`);
		if (!Number.isNaN(scores[i])) n++;
	}
	const s = new Float64Array(n);
	const y = new Float64Array(n);
	let k = 0;
	for (let i = 0; i < scores.length; i++) {
		if (Number.isNaN(scores[i])) continue;
		s[k] = scores[i];
		y[k++] = labels[i];
	}
	return { s, y };
}

/**
 * Realized accuracy, precision, recall, F1 and ROC AUC of scores against 0/1 labels (NaN where a
 * metric is undefined, e.g. precision with no predicted positive). NaN scores are skipped.
 *
 * @example
 * realizedMetrics(Float64Array.of(0.9, 0.2, 0.7), Uint8Array.of(1, 0, 0)).accuracy; // 2/3
 */
export function realizedMetrics(
	scores: ArrayLike<number>,
	labels: ArrayLike<number>,
	threshold = 0.5
): Record<CbpeMetric, number> {
	checkScores(scores, 'scores');
	const { s, y } = finitePairs(scores, labels);
	const order = Array.from({ length: s.length }, (_, i) => i).sort((a, b) => s[b] - s[a]);
	const sortedS = Float64Array.from(order, (i) => s[i]);
	const sortedY = Float64Array.from(order, (i) => y[i]);
	return metricsFromConfusion(confusion(s, y, threshold), rocAucSorted(sortedS, sortedY));
}

function brier(p: ArrayLike<number>, y: ArrayLike<number>): number {
	let sum = 0;
	for (let i = 0; i < p.length; i++) sum += (p[i] - y[i]) ** 2;
	return sum / p.length;
}

function crossValidatedBrier(s: Float64Array, y: Float64Array, folds: number): number {
	const held = new Float64Array(s.length);
	for (let f = 0; f < folds; f++) {
		const trainS: number[] = [];
		const trainY: number[] = [];
		for (let i = 0; i < s.length; i++) {
			if (i % folds !== f) {
				trainS.push(s[i]);
				trainY.push(y[i]);
			}
		}
		const iso = fitIsotonic(trainS, trainY);
		for (let i = f; i < s.length; i += folds) held[i] = predictIsotonic(iso, s[i]);
	}
	return brier(held, y);
}

function meanSd(values: number[]): { mean: number; sd: number } {
	const mean = values.reduce((a, b) => a + b, 0) / values.length;
	const ss = values.reduce((a, b) => a + (b - mean) ** 2, 0);
	return { mean, sd: values.length > 1 ? Math.sqrt(ss / (values.length - 1)) : 0 };
}

const clip01 = (v: number): number => Math.min(1, Math.max(0, v));

/**
 * Fits CBPE on reference scores with their labels: decides on calibration, measures the realized
 * metrics of reference chunks and derives sampling errors and alert thresholds.
 *
 * @example
 * const model = fitCbpe(referenceScores, referenceLabels, { chunkSize: 500 });
 * estimateCbpe(model, productionScores).metrics.f1; // { status: 'ok', value: 0.71, ... }
 */
export function fitCbpe(
	referenceScores: ArrayLike<number>,
	referenceLabels: ArrayLike<number>,
	options: CbpeOptions = {}
): CbpeModel {
	const threshold = options.threshold ?? 0.5;
	const chunkSize = options.chunkSize ?? 500;
	const minWindowSize = options.minWindowSize ?? 100;
	const calibration = options.calibration ?? 'auto';
	const folds = options.folds ?? 5;
	if (!(threshold > 0 && threshold <= 1)) {
		throw new DriftInputError('invalid_option', `threshold must be in (0, 1], got ${threshold}`);
	}
	for (const [name, v, min] of [
		['chunkSize', chunkSize, 2],
		['minWindowSize', minWindowSize, 1],
		['folds', folds, 2]
	] as const) {
		if (!Number.isInteger(v) || v < min)
			throw new DriftInputError('invalid_option', `${name} must be an integer ≥ ${min}, got ${v}`);
	}
	checkScores(referenceScores, 'referenceScores');
	const { s, y } = finitePairs(referenceScores, referenceLabels);
	const chunks = Math.floor(s.length / chunkSize);
	if (chunks < 2) {
		throw new DriftInputError(
			'invalid_option',
			`reference has ${s.length} usable rows: at least 2 chunks of chunkSize ${chunkSize} are needed`
		);
	}
	let positives = 0;
	for (let i = 0; i < y.length; i++) positives += y[i];
	if (positives === 0 || positives === y.length) {
		throw new DriftInputError(
			'degenerate',
			'reference labels contain a single class: CBPE needs both 0 and 1'
		);
	}

	const brierRaw = brier(s, y);
	const brierCalibrated = calibration === 'never' ? null : crossValidatedBrier(s, y, folds);
	const applied =
		calibration === 'always' ||
		(calibration === 'auto' && brierCalibrated !== null && brierCalibrated < brierRaw);
	const isotonic = applied ? fitIsotonic(s, y) : null;

	const perChunk: Record<CbpeMetric, number[]> = {
		accuracy: [],
		precision: [],
		recall: [],
		f1: [],
		roc_auc: []
	};
	for (let c = 0; c < chunks; c++) {
		const m = realizedMetrics(
			s.subarray(c * chunkSize, (c + 1) * chunkSize),
			y.subarray(c * chunkSize, (c + 1) * chunkSize),
			threshold
		);
		for (const k of CBPE_METRICS) if (Number.isFinite(m[k])) perChunk[k].push(m[k]);
	}
	const reference = {} as Record<CbpeMetric, CbpeReferenceMetric>;
	for (const k of CBPE_METRICS) {
		if (perChunk[k].length < 2) {
			throw new DriftInputError(
				'invalid_option',
				`${k} is undefined on most reference chunks of ${chunkSize} rows: use a larger chunkSize`
			);
		}
		const { mean, sd } = meanSd(perChunk[k]);
		reference[k] = {
			mean,
			chunkSd: sd,
			lowerThreshold: clip01(mean - 3 * sd),
			upperThreshold: clip01(mean + 3 * sd)
		};
	}
	return {
		kind: 'cbpe',
		threshold,
		chunkSize,
		minWindowSize,
		referenceSize: s.length,
		referenceChunks: chunks,
		calibration: { applied, brierRaw, brierCalibrated, isotonic },
		reference
	};
}

/**
 * Calibrated probability of a score under a fitted model (identity when calibration was not applied).
 *
 * @example
 * calibrate(model, 0.8); // e.g. 0.74
 */
export function calibrate(model: CbpeModel, score: number): number {
	const iso = model.calibration.isotonic;
	return iso ? predictIsotonic(iso, score) : score;
}

/**
 * Estimates accuracy, precision, recall, F1 and ROC AUC of one window from its scores alone.
 *
 * @example
 * const est = estimateCbpe(model, windowScores);
 * if (est.metrics.accuracy.status === 'ok' && est.metrics.accuracy.alert) notify();
 */
export function estimateCbpe(model: CbpeModel, scores: ArrayLike<number>): CbpeWindowEstimate {
	const excluded = checkScores(scores, 'scores');
	const n = scores.length - excluded;
	const metrics = {} as Record<CbpeMetric, CbpeMetricEstimate>;
	if (n < model.minWindowSize) {
		const reason = `window has ${n} usable rows, fewer than minWindowSize ${model.minWindowSize}`;
		for (const k of CBPE_METRICS) metrics[k] = { status: 'not_enough_data', reason };
		return { n, excluded, metrics };
	}
	// Sort the scores (typed-array sort, no comparator) and calibrate in that order: c is a function
	// of the score, so ties share c and AUC ranks are the model's own.
	const sorted = new Float64Array(n);
	let k = 0;
	for (let i = 0; i < scores.length; i++) if (!Number.isNaN(scores[i])) sorted[k++] = scores[i];
	sorted.sort().reverse();
	const c = new Float64Array(n);
	for (let i = 0; i < n; i++) c[i] = calibrate(model, sorted[i]);
	const values = metricsFromConfusion(
		confusion(sorted, c, model.threshold),
		rocAucSorted(sorted, c)
	);
	for (const m of CBPE_METRICS) {
		const value = values[m];
		const ref = model.reference[m];
		if (!Number.isFinite(value)) {
			metrics[m] = {
				status: 'not_enough_data',
				reason: `${m} is undefined on this window (zero denominator, e.g. no predicted or expected positives)`
			};
			continue;
		}
		const samplingError = ref.chunkSd * Math.sqrt(model.chunkSize / n);
		metrics[m] = {
			status: 'ok',
			value,
			samplingError,
			lowerBand: clip01(value - 3 * samplingError),
			upperBand: clip01(value + 3 * samplingError),
			lowerThreshold: ref.lowerThreshold,
			upperThreshold: ref.upperThreshold,
			alert: value < ref.lowerThreshold || value > ref.upperThreshold
		};
	}
	return { n, excluded, metrics };
}
