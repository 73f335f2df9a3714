import type { MetricEstimate, PerformanceWindow } from '../contracts/evaluation';
import { classificationMetrics, regressionMetrics } from '../drift/performance';
import type { RetrainTask } from './join-labels';

/** How the confidence interval of each metric is computed. */
export interface IntervalOptions {
	/** `bootstrap`: percentile bootstrap over labelled rows; `analytic`: normal approximations. */
	method: 'bootstrap' | 'analytic';
	level: number;
	resamples: number;
	seed: number;
}

export interface PerformanceWindowOptions {
	task: RetrainTask;
	/** Window bounds in milliseconds since the epoch; windows are [start, start + windowMs). */
	from: number;
	to: number;
	windowMs: number;
	/** Below this share of labelled predictions a window is `not_enough_labels` (default 0.3). */
	minCoverage?: number;
	/** Below this many labelled predictions a window is `not_enough_labels` too (default 2). */
	minLabelled?: number;
	interval?: Partial<IntervalOptions>;
}

/** One prediction for performance: when it was made, the model output, and its label (NaN = none). */
export interface ScoredRow {
	at: number;
	score: number;
	y: number;
}

export const DEFAULT_INTERVAL: IntervalOptions = {
	method: 'bootstrap',
	level: 0.95,
	resamples: 200,
	seed: 1
};

/** The metrics reported per task, in order. */
export const WINDOW_METRICS: Record<RetrainTask, readonly string[]> = {
	regression: ['rmse', 'mae', 'r2'],
	binary: ['accuracy', 'f1', 'roc_auc', 'brier']
};

/** Deterministic 32-bit PRNG (mulberry32), so a seed reproduces an interval exactly. */
export function mulberry32(seed: number): () => number {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

/**
 * Point metrics of labelled rows: RMSE, MAE and R² (regression) or accuracy, F1, ROC AUC at the
 * drift core's definitions, plus the Brier score (mean squared error of the probability, Brier 1950,
 * Monthly Weather Review 78(1)) for binary tasks. Non-finite values are null.
 *
 * @example
 * pointMetrics('regression', new Float64Array([1, 2]), new Float64Array([1, 3])).mae; // 0.5
 */
export function pointMetrics(
	task: RetrainTask,
	y: Float64Array,
	score: Float64Array
): Record<string, number | null> {
	if (task === 'regression') {
		const m = regressionMetrics(y, score);
		if (m.task !== 'regression') throw new Error('unreachable: regression metrics expected');
		return { rmse: m.rmse ?? null, mae: m.mae ?? null, r2: m.r2 ?? null };
	}
	const m = classificationMetrics(y, score);
	if (m.task !== 'classification') throw new Error('unreachable: classification metrics expected');
	let brier = 0;
	for (let i = 0; i < y.length; i++) brier += (score[i] - y[i]) ** 2;
	return {
		accuracy: m.accuracy ?? null,
		f1: m.f1 ?? null,
		roc_auc: m.roc_auc ?? null,
		brier: y.length ? brier / y.length : null
	};
}

/** Standard normal quantile (Acklam's rational approximation, relative error < 1.2e-9). */
export function normalQuantile(p: number): number {
	const a = [
		-39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716,
		2.506628277459239
	];
	const b = [
		-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572
	];
	const c = [
		-0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734,
		4.374664141464968, 2.938163982698783
	];
	const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
	const lo = 0.02425;
	if (p < lo) {
		const q = Math.sqrt(-2 * Math.log(p));
		return (
			(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
			((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1)
		);
	}
	if (p > 1 - lo) return -normalQuantile(1 - p);
	const q = p - 0.5;
	const r = q * q;
	return (
		((((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q) /
		(((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1)
	);
}

/** Linear-interpolated quantile of sorted values (numpy's default, type 7). */
function quantileSorted(sorted: number[], p: number): number {
	const h = (sorted.length - 1) * p;
	const lo = Math.floor(h);
	const hi = Math.ceil(h);
	return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

/**
 * Metrics with a confidence interval. `bootstrap`: resample the labelled rows with replacement
 * `resamples` times (seeded) and take the percentile interval (Efron & Tibshirani 1993, ch. 13).
 * `analytic`: a Wald interval for accuracy (p ± z·√(p(1−p)/n)), for MAE and the Brier score
 * (mean ± z·s/√n of the per-row losses) and for RMSE by the delta method on the mean squared error
 * (√MSE ± z·s_se/(2√MSE·√n)); metrics without a simple analytic form (R², F1, ROC AUC) get null bounds.
 *
 * @example
 * metricsWithInterval('regression', y, yhat, { method: 'bootstrap', level: 0.95, resamples: 200, seed: 1 }).rmse;
 * // { value: 0.41, lower: 0.35, upper: 0.48 }
 */
export function metricsWithInterval(
	task: RetrainTask,
	y: Float64Array,
	score: Float64Array,
	interval: IntervalOptions
): Record<string, MetricEstimate> {
	const point = pointMetrics(task, y, score);
	const n = y.length;
	const out: Record<string, MetricEstimate> = {};
	const alpha = 1 - interval.level;
	if (interval.method === 'bootstrap' && n > 1) {
		const random = mulberry32(interval.seed);
		const samples: Record<string, number[]> = {};
		for (const name of Object.keys(point)) samples[name] = [];
		const by = new Float64Array(n);
		const bs = new Float64Array(n);
		for (let b = 0; b < interval.resamples; b++) {
			for (let i = 0; i < n; i++) {
				const j = Math.floor(random() * n);
				by[i] = y[j];
				bs[i] = score[j];
			}
			const m = pointMetrics(task, by, bs);
			for (const [name, v] of Object.entries(m)) if (v !== null) samples[name].push(v);
		}
		for (const [name, value] of Object.entries(point)) {
			const s = samples[name].sort((a, b) => a - b);
			// An interval from a handful of defined resamples would look more certain than it is.
			const enough = s.length >= Math.max(10, interval.resamples / 2);
			out[name] = {
				value,
				lower: value !== null && enough ? quantileSorted(s, alpha / 2) : null,
				upper: value !== null && enough ? quantileSorted(s, 1 - alpha / 2) : null
			};
		}
		return out;
	}
	const z = normalQuantile(1 - alpha / 2);
	const meanSd = (values: Float64Array) => {
		let m = 0;
		for (const v of values) m += v;
		m /= values.length;
		let ss = 0;
		for (const v of values) ss += (v - m) ** 2;
		return { m, sd: values.length > 1 ? Math.sqrt(ss / (values.length - 1)) : NaN };
	};
	const wald = (value: number | null, half: number): MetricEstimate =>
		value === null || !Number.isFinite(half)
			? { value, lower: null, upper: null }
			: { value, lower: value - half, upper: value + half };
	for (const [name, value] of Object.entries(point))
		out[name] = { value, lower: null, upper: null };
	if (n < 2) return out;
	if (task === 'regression') {
		const abs = y.map((v, i) => Math.abs(score[i] - v));
		const sq = y.map((v, i) => (score[i] - v) ** 2);
		out.mae = wald(point.mae, (z * meanSd(abs).sd) / Math.sqrt(n));
		const { m, sd } = meanSd(sq);
		out.rmse = wald(point.rmse, m > 0 ? (z * sd) / (2 * Math.sqrt(m) * Math.sqrt(n)) : NaN);
	} else {
		const p = point.accuracy;
		if (p !== null) out.accuracy = wald(p, z * Math.sqrt((p * (1 - p)) / n));
		const sq = y.map((v, i) => (score[i] - v) ** 2);
		out.brier = wald(point.brier, (z * meanSd(sq).sd) / Math.sqrt(n));
	}
	return out;
}

/**
 * Performance over time: splits [from, to) into windows of `windowMs` and, in each, computes the
 * task's metrics with a confidence interval once labels cover at least `minCoverage` of the
 * window's predictions (and there are at least `minLabelled`); otherwise the window's state is
 * `not_enough_labels` and it carries no metrics. Rows outside [from, to) are ignored.
 *
 * @example
 * performanceOverTime(rows, { task: 'regression', from, to, windowMs: 12 * 3600_000 });
 * // [{ start, end, predictions: 96, labelled: 40, coverage: 0.42, state: 'ok', metrics: { rmse: {…}, … } }, …]
 */
export function performanceOverTime(
	rows: readonly ScoredRow[],
	options: PerformanceWindowOptions
): PerformanceWindow[] {
	const { task, from, to, windowMs } = options;
	const minCoverage = options.minCoverage ?? 0.3;
	const minLabelled = options.minLabelled ?? 2;
	const interval = { ...DEFAULT_INTERVAL, ...options.interval };
	if (!(windowMs > 0)) throw new RangeError('windowMs must be a positive number of milliseconds');
	if (!(to > from)) throw new RangeError('to must be after from');
	if (!(minCoverage >= 0 && minCoverage <= 1))
		throw new RangeError('minCoverage must be in [0, 1]');
	const count = Math.ceil((to - from) / windowMs);
	if (count > 10_000)
		throw new RangeError(`${count} windows: use a longer window or a shorter range`);
	const buckets: ScoredRow[][] = Array.from({ length: count }, () => []);
	for (const row of rows) {
		if (!(row.at >= from && row.at < to)) continue;
		buckets[Math.floor((row.at - from) / windowMs)].push(row);
	}
	return buckets.map((bucket, i) => {
		const start = from + i * windowMs;
		const end = Math.min(start + windowMs, to);
		const labelled = bucket.filter((r) => Number.isFinite(r.y) && Number.isFinite(r.score));
		const coverage = bucket.length ? labelled.length / bucket.length : null;
		const base = {
			start: new Date(start).toISOString(),
			end: new Date(end).toISOString(),
			predictions: bucket.length,
			labelled: labelled.length
		};
		if (bucket.length === 0)
			return { ...base, coverage, state: 'no_predictions' as const, metrics: {} };
		if (coverage! < minCoverage || labelled.length < minLabelled)
			return { ...base, coverage, state: 'not_enough_labels' as const, metrics: {} };
		const y = Float64Array.from(labelled, (r) => r.y);
		const s = Float64Array.from(labelled, (r) => r.score);
		return {
			...base,
			coverage,
			state: 'ok' as const,
			metrics: metricsWithInterval(task, y, s, interval)
		};
	});
}
