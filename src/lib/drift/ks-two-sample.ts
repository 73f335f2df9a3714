import { kolmogorovSf } from './kolmogorov-distribution';
import { pairWalk } from './pair-walk';
import { finiteSorted, requireNonEmpty } from './sorted';

/** How the KS p-value is computed (scipy `ks_2samp` `method`). */
export type KsMethod = 'auto' | 'exact' | 'asymp';

export interface KsResult {
	/** D = sup |F_ref − F_cur| (after the exact path, rounded to h/lcm as scipy does). */
	statistic: number;
	pvalue: number;
	/** +1 when F_ref − F_cur reaches the maximum, −1 when F_cur − F_ref does. */
	statisticSign: 1 | -1;
	/** The method that produced the p-value. */
	methodUsed: 'exact' | 'asymp';
	/** True when the exact computation fell outside [0, 1] and the asymptotic one was used. */
	fallback: boolean;
}

/** numpy `np.round` (round half to even). */
export function roundHalfEven(x: number): number {
	const r = Math.round(x);
	return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

function gcd(a: number, b: number): number {
	while (b) [a, b] = [b, a % b];
	return a;
}

/**
 * KS statistic of two ascending samples by one merge walk: `cdf1(v) = #ref≤v / n1`,
 * `cdf2(v) = #cur≤v / n2`; `maxS = max(cdf1 − cdf2)`, `minS = clip(−min(cdf1 − cdf2), 0, 1)`.
 *
 * @example
 * ksStatisticSorted(new Float64Array([1, 2]), new Float64Array([3, 4])); // { d: 1, sign: 1 }
 */
export function ksStatisticSorted(a: Float64Array, b: Float64Array): { d: number; sign: 1 | -1 } {
	const { maxDiff: maxS, minDiff } = pairWalk(a, b);
	const minS = Math.min(Math.max(-minDiff, 0), 1);
	return minS > maxS ? { d: minS, sign: -1 } : { d: maxS, sign: 1 };
}

/** scipy `_compute_prob_outside_square(n, h)`: P(D ≥ h/n) for equal sizes, as 2P. */
function probOutsideSquare(n: number, h: number): number {
	let P = 0;
	for (let k = Math.floor(n / h); k >= 0; k--) {
		let p1 = 1;
		for (let j = 0; j < h; j++) p1 = ((n - k * h - j) * p1) / (n + k * h + j + 1);
		P = p1 * (1 - P);
	}
	return 2 * P;
}

/**
 * scipy `_compute_outer_prob_inside_method(m, n, g, h)`: Hodges' inside method with Viehmann's
 * 1 − p recursion, in the same order of operations (bit-for-bit with scipy 1.10).
 */
function outerProbInside(m0: number, n0: number, g: number, h: number): number {
	let m = m0;
	let n = n0;
	if (m < n) [m, n] = [n, m];
	const mg = m / g;
	const ng = n / g;
	let minj = 0;
	let maxj = Math.min(Math.ceil(h / mg), n + 1);
	let curlen = maxj - minj;
	const lenA = Math.min(2 * maxj + 2, n + 1);
	const A = new Float64Array(lenA).fill(1);
	for (let k = minj; k < maxj; k++) A[k] = 0;
	for (let i = 1; i <= m; i++) {
		const lastminj = minj;
		const lastlen = curlen;
		minj = Math.max(Math.floor((ng * i - h) / mg) + 1, 0);
		minj = Math.min(minj, n);
		maxj = Math.min(Math.ceil((ng * i + h) / mg), n + 1);
		if (maxj <= minj) return 1;
		let val = minj === 0 ? 0 : 1;
		for (let jj = 0; jj < maxj - minj; jj++) {
			const j = jj + minj;
			val = (A[jj + minj - lastminj] * i + val * j) / (i + j);
			A[jj] = val;
		}
		curlen = maxj - minj;
		if (lastlen > curlen) A.fill(1, maxj - minj, Math.min(maxj - minj + (lastlen - curlen), lenA));
	}
	return A[maxj - minj - 1];
}

/**
 * Two-sided two-sample Kolmogorov–Smirnov test on already sorted, finite samples, exactly as
 * `scipy.stats.ks_2samp(ref, cur, method=…)` in scipy 1.10 (docs/statistics.md §2).
 *
 * `auto` is exact when max(n1, n2) ≤ 10 000. Exact: `h = round(D·lcm)`, `D = h/lcm`, then the
 * square (n1 = n2) or inside (n1 ≠ n2) lattice-path probability; a result outside [0, 1] falls back
 * to asymp. `sizes` gives the true sample sizes when a side is a quantile sketch standing for more
 * rows than it holds; the exact lattice method needs the full samples, so sketches use asymp. Asymptotic: `kstwo.sf(D, round(n1·n2/(n1+n2)))`
 * (Hodges 1958, "The significance probability of the Smirnov two-sample test", Ark. Mat. 3).
 *
 * @example
 * ksTwoSampleSorted(new Float64Array([1, 2, 3]), new Float64Array([4, 5, 6])).pvalue; // 0.1
 */
export function ksTwoSampleSorted(
	ref: Float64Array,
	cur: Float64Array,
	method: KsMethod = 'auto',
	sizes?: { n1: number; n2: number }
): KsResult {
	requireNonEmpty(ref, 'reference', 'ks');
	requireNonEmpty(cur, 'current', 'ks');
	const n1 = sizes?.n1 ?? ref.length;
	const n2 = sizes?.n2 ?? cur.length;
	const { d: d0, sign } = ksStatisticSorted(ref, cur);
	let d = d0;
	const sketched = n1 !== ref.length || n2 !== cur.length;
	let mode: 'exact' | 'asymp' = sketched
		? 'asymp'
		: method === 'auto'
			? Math.max(n1, n2) <= 10000
				? 'exact'
				: 'asymp'
			: method;
	let fallback = false;
	let prob = NaN;
	if (mode === 'exact') {
		const g = gcd(n1, n2);
		const lcm = (n1 / g) * n2;
		const h = roundHalfEven(d * lcm);
		d = h / lcm;
		if (h === 0) prob = 1;
		else {
			prob = n1 === n2 ? probOutsideSquare(n1, h) : outerProbInside(n1, n2, g, h);
			if (!(prob >= 0 && prob <= 1)) {
				mode = 'asymp';
				fallback = true;
			}
		}
	}
	if (mode === 'asymp') {
		const m = Math.max(n1, n2);
		const n = Math.min(n1, n2);
		const en = (m * n) / (m + n);
		prob = kolmogorovSf(roundHalfEven(en), d);
	}
	if (!Number.isNaN(prob)) prob = Math.min(Math.max(prob, 0), 1);
	return { statistic: d, pvalue: prob, statisticSign: sign, methodUsed: mode, fallback };
}

/**
 * Two-sample KS test on raw columns: missing values (NaN, ±Infinity) are dropped, both sides are
 * sorted once, then {@link ksTwoSampleSorted}.
 *
 * @example
 * ksTwoSample([0.1, 0.4, 0.7], [0.2, 0.5, 0.9, 1.3]).statistic; // 0.25
 */
export function ksTwoSample(
	reference: ArrayLike<number>,
	current: ArrayLike<number>,
	method: KsMethod = 'auto'
): KsResult {
	return ksTwoSampleSorted(finiteSorted(reference), finiteSorted(current), method);
}
