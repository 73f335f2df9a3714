import { inverseRegularizedBeta } from '../drift/special/beta';
import { normalQuantile } from '../drift/special/quantiles';
import type { TiterReference } from './titer-reference';

/** A value with its band at the forecast's level. */
export interface Band {
	value: number;
	low: number;
	high: number;
}

/** A reference batch used as an analogue of the running batch. */
export interface Analogue {
	batch: string;
	/** RMS shape distance over the matching window (titer unit). */
	distance: number;
	/** Added to the reference trajectory so it passes through the current corrected titer. */
	offset: number;
	/** Last batch time of its trajectory. */
	end: number;
}

export interface AnalogueOptions {
	/** Nearest reference batches used (default: half of them, at least 2). */
	neighbours?: number;
	/** Span of recent history the shapes are compared over (time unit; default 10 % of the grid). */
	window?: number;
	/** Band level (default 0.9: the 5 %–95 % band). */
	level?: number;
}

/** The analogue forecast from grid point `kNow` on. */
export interface AnalogueForecast {
	analogues: Analogue[];
	/** Grid times from now to the last analogue's end, with the mean path and its band. */
	curve: { time: Float64Array; mean: Float64Array; low: Float64Array; high: Float64Array };
	/** Each analogue's shifted path over `curve.time` (NaN past its end). */
	paths: Float64Array[];
}

/**
 * Two-sided Student t quantile: P(|T| ≤ t) = 2p − 1 for ν degrees of freedom, from the incomplete
 * beta function, P(|T| > t) = I_{ν/(ν+t²)}(ν/2, ½) (Abramowitz & Stegun 1964, 26.7.1). p ≥ 0.5.
 *
 * @example
 * studentTQuantile(0.975, 2); // 4.302652729…
 */
export function studentTQuantile(p: number, dof: number): number {
	const x = inverseRegularizedBeta(2 * (1 - p), dof / 2, 0.5);
	return Math.sqrt((dof * (1 - x)) / x);
}

/**
 * The prediction band of a new value from analogue values and an anchor's variance: mean ±
 * √(t²_{n−1}·s²·(1 + 1/n) + z²·v), the prediction interval for one more draw from the analogues'
 * population (Hahn & Meeker 1991, Statistical Intervals, §4.5) widened by the uncertainty v of the
 * level every path is anchored to. With one value, `fallbackSd` stands in for s with a normal
 * quantile.
 *
 * @example
 * predictionBand([10, 12, 14], 0.25, 0.9); // { value: 12, low: 7.8…, high: 16.1… }
 */
export function predictionBand(
	values: number[],
	anchorVariance: number,
	level: number,
	fallbackSd = 0
): Band {
	const n = values.length;
	const mean = values.reduce((s, v) => s + v, 0) / n;
	const z = normalQuantile((1 + level) / 2);
	let spread: number;
	if (n >= 2) {
		const s2 = values.reduce((s, v) => s + (v - mean) ** 2, 0) / (n - 1);
		spread = studentTQuantile((1 + level) / 2, n - 1) ** 2 * s2 * (1 + 1 / n);
	} else spread = (z * fallbackSd) ** 2;
	const half = Math.sqrt(spread + z * z * anchorVariance);
	return { value: mean, low: mean - half, high: mean + half };
}

/**
 * Nearest-trajectory ("analogue") forecast (Lorenz 1969's method of analogues; for batch
 * processes, the k-nearest-trajectory prediction of Nomikos & MacGregor 1995's missing-future
 * problem without the PCA projection): each reference batch still running at `kNow` is shifted by
 * the offset that makes it pass through the current corrected titer, and scored by the RMS
 * difference between the shifted trajectory and the batch's corrected history over the matching
 * window (a shape distance: level differences are carried by the offset). The `neighbours` nearest
 * give the forecast: their mean path, and at each time the prediction band of `predictionBand`.
 * Returns null when no reference batch reaches `kNow` (the batch is beyond the reference).
 *
 * @example
 * const f = analogueForecast(titerRef, history, 600, 0.04, { neighbours: 4 });
 * f?.curve.mean; // forecast titer from now to the end of the batch
 */
export function analogueForecast(
	ref: TiterReference,
	history: Float64Array,
	kNow: number,
	anchorVariance: number,
	o: AnalogueOptions = {}
): AnalogueForecast | null {
	const { start, step, length: K } = ref.grid;
	const level = o.level ?? 0.9;
	const window = Math.max(1, Math.round((o.window ?? 0.1 * (K - 1) * step) / step));
	const now = history[kNow];
	const candidates: (Analogue & { titer: Float64Array })[] = [];
	for (const b of ref.batches) {
		if (!(kNow + 1 < K && Number.isFinite(b.titer[kNow]) && Number.isFinite(b.titer[kNow + 1])))
			continue;
		const offset = now - b.titer[kNow];
		let ss = 0;
		let n = 0;
		for (let k = Math.max(0, kNow - window); k <= kNow; k++)
			if (Number.isFinite(history[k]) && Number.isFinite(b.titer[k])) {
				ss += (history[k] - b.titer[k] - offset) ** 2;
				n++;
			}
		let last = kNow;
		while (last + 1 < K && Number.isFinite(b.titer[last + 1])) last++;
		candidates.push({
			batch: b.id,
			distance: n ? Math.sqrt(ss / n) : 0,
			offset,
			end: start + last * step,
			titer: b.titer
		});
	}
	if (candidates.length === 0) return null;
	candidates.sort((a, b) => a.distance - b.distance);
	const k = Math.min(
		candidates.length,
		o.neighbours ?? Math.max(2, Math.ceil(ref.batches.length / 2))
	);
	const chosen = candidates.slice(0, k);
	const lastK = Math.max(...chosen.map((c) => Math.round((c.end - start) / step)));
	const L = lastK - kNow + 1;
	const time = Float64Array.from({ length: L }, (_, i) => start + (kNow + i) * step);
	const paths = chosen.map((c) =>
		Float64Array.from({ length: L }, (_, i) => c.titer[kNow + i] + c.offset)
	);
	const mean = new Float64Array(L);
	const low = new Float64Array(L);
	const high = new Float64Array(L);
	let lastSd = 0;
	for (let i = 0; i < L; i++) {
		const vals = paths.map((p) => p[i]).filter(Number.isFinite);
		const band = predictionBand(vals, anchorVariance, level, lastSd);
		if (vals.length >= 2)
			lastSd = Math.sqrt(vals.reduce((s, v) => s + (v - band.value) ** 2, 0) / (vals.length - 1));
		mean[i] = band.value;
		low[i] = band.low;
		high[i] = band.high;
	}
	return {
		analogues: chosen.map(({ titer: _t, ...a }) => a),
		curve: { time, mean, low, high },
		paths
	};
}
