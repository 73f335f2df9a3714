import { fQuantile } from '../drift/special/quantiles';

/**
 * Control limit of a non-negative statistic from its mean and variance: Box's approximation
 * `Q ≈ g·χ²_h` with `g = σ²/(2μ)`, `h = 2μ²/σ²` (Box 1954, Ann. Math. Stat. 25:290–302; used for
 * SPE limits at each batch time by Nomikos & MacGregor 1995, Technometrics 37:41–59), widened for
 * the uncertainty of g when μ and σ² come from few batches: if ĝ rests on ν = n_batches·h degrees
 * of freedom, `Q/ĝ ~ h·F(h, ν)`, so the limit is `g·h·F_level(h, ν)`. With many batches F tends to
 * χ²_h/h and the limit to Box's `g·χ²_h(level)`, so the limits tighten as batches are added.
 *
 * @example
 * boxLimit(5, 10, 0.99, 3); // g = 1, h = 5: 5·F_0.99(5, 15) = 22.78
 */
export function boxLimit(mean: number, variance: number, level: number, batches: number): number {
	if (!(mean > 0)) return 0;
	const v = variance > 0 ? variance : mean * mean * 1e-6;
	// h is clamped: a statistic with (almost) no spread would otherwise get h → ∞.
	const h = Math.min(1e4, Math.max(0.5, (2 * mean * mean) / v));
	const g = mean / h;
	return g * h * fQuantile(level, h, Math.max(1, batches) * h);
}

/**
 * Time-varying limits of a statistic from its values in several batches over a common grid
 * (`stats[i][k]`, NaN where batch i has none): at every grid point the mean and variance of all
 * values within ±`window` points are put through {@link boxLimit}, with the number of batches
 * that contributed. Grid points with no value in the window get the limit of the nearest point
 * that has one.
 *
 * @example
 * const [l95, l99] = windowedLimits(loboSpe, 25, [0.95, 0.99]);
 */
export function windowedLimits(
	stats: Float64Array[],
	window: number,
	levels: number[]
): Float64Array[] {
	const K = stats[0]?.length ?? 0;
	const sum = new Float64Array(K + 1);
	const sq = new Float64Array(K + 1);
	const n = new Float64Array(K + 1);
	const present = stats.map((s) => {
		const p = new Int32Array(K + 1);
		for (let k = 0; k < K; k++) p[k + 1] = p[k] + (Number.isFinite(s[k]) ? 1 : 0);
		return p;
	});
	for (let k = 0; k < K; k++) {
		let s = 0;
		let q = 0;
		let c = 0;
		for (const st of stats) {
			const x = st[k];
			if (Number.isFinite(x)) {
				s += x;
				q += x * x;
				c++;
			}
		}
		sum[k + 1] = sum[k] + s;
		sq[k + 1] = sq[k] + q;
		n[k + 1] = n[k] + c;
	}
	const out = levels.map(() => new Float64Array(K).fill(Number.NaN));
	for (let k = 0; k < K; k++) {
		const lo = Math.max(0, k - window);
		const hi = Math.min(K, k + window + 1);
		const c = n[hi] - n[lo];
		if (c < 2) continue;
		const mean = (sum[hi] - sum[lo]) / c;
		const variance = Math.max(0, ((sq[hi] - sq[lo]) / c - mean * mean) * (c / (c - 1)));
		let batches = 0;
		for (const p of present) if (p[hi] - p[lo] > 0) batches++;
		levels.forEach((level, l) => (out[l][k] = boxLimit(mean, variance, level, batches)));
	}
	for (const lim of out) fillNearest(lim);
	return out;
}

/** Replaces NaN entries by the nearest finite entry (ties: the earlier one). */
export function fillNearest(a: Float64Array): void {
	let last = -1;
	const K = a.length;
	const next = new Int32Array(K).fill(-1);
	for (let k = K - 1, nx = -1; k >= 0; k--) {
		if (Number.isFinite(a[k])) nx = k;
		next[k] = nx;
	}
	const copy = Float64Array.from(a);
	for (let k = 0; k < K; k++) {
		if (Number.isFinite(copy[k])) {
			last = k;
			continue;
		}
		const nx = next[k];
		if (last < 0 && nx < 0) continue;
		a[k] = nx < 0 || (last >= 0 && k - last <= nx - k) ? copy[last] : copy[nx];
	}
}

/**
 * Length of the longest run of consecutive values above their limit (NaN values break a run).
 *
 * @example
 * longestRun(Float64Array.of(1, 5, 6, 1, 7), Float64Array.of(2, 2, 2, 2, 2)); // 2
 */
export function longestRun(values: ArrayLike<number>, limits: ArrayLike<number>): number {
	let best = 0;
	let run = 0;
	for (let k = 0; k < values.length; k++) {
		if (values[k] > limits[k]) best = Math.max(best, ++run);
		else run = 0;
	}
	return best;
}

/** {@link fillNearest} on column j of a row-major K × J array. */
export function fillNearestStrided(a: Float64Array, J: number, j: number): void {
	const K = a.length / J;
	const col = new Float64Array(K);
	for (let k = 0; k < K; k++) col[k] = a[k * J + j];
	fillNearest(col);
	for (let k = 0; k < K; k++) a[k * J + j] = col[k];
}
