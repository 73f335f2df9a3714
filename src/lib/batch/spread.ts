import { fQuantile } from '../drift/special/quantiles';

/**
 * Spreads of left-out deviations over batch time, and the predictive limits that go with them.
 *
 * A reference batch's deviation from the centre of the *other* batches (deviations.ts) is what a
 * new batch's deviation from the centre of all of them looks like: its variance σ²·I/(I − 1) is
 * within a factor (I² − 1)/I² of the predictive σ²·(1 + 1/I) (Montgomery, "Introduction to
 * Statistical Quality Control", 7th ed., section 7.3: prediction intervals for a new
 * observation). So the root mean square of the left-out deviations is used as the scale as is.
 */

/**
 * Root mean square of several series pooled over batches and a window of ±`window` points:
 * `s_k = sqrt(Σ_i Σ_{|l−k|≤w} d_il² / n_k)`, NaN where no value falls in the window; then
 * floored at the root mean square (or the median) of `s` over the whole batch (times `floorShare`), so a time at
 * which the few reference batches happen to agree does not make every deviation there huge.
 *
 * @example
 * pooledRms([Float64Array.of(1, -1, 1)], 0); // [1, 1, 1]
 */
export function pooledRms(
	series: Float64Array[],
	window: number,
	floorShare = 1,
	floorBy: 'rms' | 'median' = 'rms'
): Float64Array {
	const K = series[0]?.length ?? 0;
	const sq = new Float64Array(K + 1);
	const n = new Float64Array(K + 1);
	for (let k = 0; k < K; k++) {
		let s = 0;
		let c = 0;
		for (const d of series) {
			const x = d[k];
			if (Number.isFinite(x)) {
				s += x * x;
				c++;
			}
		}
		sq[k + 1] = sq[k] + s;
		n[k + 1] = n[k] + c;
	}
	const out = new Float64Array(K).fill(Number.NaN);
	let total = 0;
	let count = 0;
	for (let k = 0; k < K; k++) {
		const lo = Math.max(0, k - window);
		const hi = Math.min(K, k + window + 1);
		const c = n[hi] - n[lo];
		if (c === 0) continue;
		out[k] = Math.sqrt(Math.max(0, sq[hi] - sq[lo]) / c);
		total += out[k] * out[k];
		count++;
	}
	const finite = Array.from(out)
		.filter(Number.isFinite)
		.sort((a, b) => a - b);
	const typical =
		floorBy === 'median'
			? (finite[Math.floor(finite.length / 2)] ?? 0)
			: count
				? Math.sqrt(total / count)
				: 0;
	const floor = floorShare * typical;
	for (let k = 0; k < K; k++) if (Number.isFinite(out[k])) out[k] = Math.max(out[k], floor);
	return out;
}

/**
 * Effective number of independent values among `span` consecutive points of a series with lag-1
 * autocorrelation ρ (an AR(1) approximation): `n_eff = span·(1 − ρ)/(1 + ρ)`, between 1 and
 * `span` (Bayley & Hammersley 1946, J. R. Stat. Soc. Suppl. 8:184–197; von Storch & Zwiers,
 * "Statistical Analysis in Climate Research", 1999, section 17.1). ρ is pooled over the series.
 * Slowly drifting deviations (a batch-level offset) give n_eff ≈ 1: the window adds no degrees of
 * freedom; fast, noise-like deviations give n_eff ≈ span.
 *
 * @example
 * effectiveSamples([Float64Array.of(1, -1, 1, -1)], 9); // 9 (ρ < 0 counts as 0)
 */
export function effectiveSamples(series: Float64Array[], span: number): number {
	let num = 0;
	let den = 0;
	for (const d of series)
		for (let k = 1; k < d.length; k++) {
			const a = d[k - 1];
			const b = d[k];
			if (!Number.isFinite(a) || !Number.isFinite(b)) continue;
			num += a * b;
			den += (a * a + b * b) / 2;
		}
	const rho = den > 0 ? Math.min(1, Math.max(0, num / den)) : 1;
	return Math.min(span, Math.max(1, (span * (1 - rho)) / (1 + rho)));
}

/**
 * Two-sided Student-t limit for the largest of `tests` scaled deviations at one time, each
 * estimated on `df` degrees of freedom: `t_{1 − α/(2·tests), df}` with α = 1 − level (Bonferroni
 * over the variables), computed as `sqrt(F_{1 − α/tests}(1, df))` since t²_ν = F(1, ν). Few
 * reference batches mean few degrees of freedom and a wide limit (t₂ at 99.9 %: 31.6); the limit
 * tightens towards the normal quantile as batches are added.
 *
 * @example
 * predictiveLimit(0.99, 1, 8); // t_0.995(8) = 3.355
 */
export function predictiveLimit(level: number, tests: number, df: number): number {
	const alpha = (1 - level) / Math.max(1, tests);
	return Math.sqrt(fQuantile(1 - alpha, 1, Math.max(1, df)));
}

/**
 * {@link pooledRms} with each series in turn left out: `looRms(series, w)[i]` is the scale
 * batch i would have been scored by in a reference without it (the window sums of the others,
 * `sqrt((Σ_all − Σ_i)/(n_all − n_i))`, floored like the full scale). Scoring a reference batch
 * by a scale that contains its own deviations would make it look tamer than a new batch, most of
 * all for intermittent signals (a controller output that bursts in one batch only).
 *
 * @example
 * looRms([Float64Array.of(1), Float64Array.of(3)], 0)[0]; // [3]
 */
export function looRms(series: Float64Array[], window: number, floor: number): Float64Array[] {
	const K = series[0]?.length ?? 0;
	const win = (d: Float64Array) => {
		const sq = new Float64Array(K + 1);
		const n = new Float64Array(K + 1);
		for (let k = 0; k < K; k++) {
			const x = d[k];
			const ok = Number.isFinite(x);
			sq[k + 1] = sq[k] + (ok ? x * x : 0);
			n[k + 1] = n[k] + (ok ? 1 : 0);
		}
		const s = new Float64Array(K);
		const c = new Float64Array(K);
		for (let k = 0; k < K; k++) {
			const lo = Math.max(0, k - window);
			const hi = Math.min(K, k + window + 1);
			s[k] = sq[hi] - sq[lo];
			c[k] = n[hi] - n[lo];
		}
		return { s, c };
	};
	const own = series.map(win);
	const S = new Float64Array(K);
	const N = new Float64Array(K);
	for (const o of own)
		for (let k = 0; k < K; k++) {
			S[k] += o.s[k];
			N[k] += o.c[k];
		}
	return own.map((o) =>
		Float64Array.from({ length: K }, (_, k) => {
			const c = N[k] - o.c[k];
			return c > 0 ? Math.max(floor, Math.sqrt(Math.max(0, S[k] - o.s[k]) / c)) : floor;
		})
	);
}
