import { histogramCountsSorted, sturgesEdges, valueCountsSorted } from './binned';
import { numpySum } from './special/numpy-sum';

/**
 * Hellinger distance of two proportion vectors, `H = √( ½ Σ (√p_i − √q_i)² )`, in [0, 1]
 * (Hellinger 1909; the quantile family of docs/statistics.md §4).
 *
 * @example
 * hellinger(new Float64Array([1, 0]), new Float64Array([0, 1])); // 1
 */
export function hellinger(p: Float64Array, q: Float64Array): number {
	const terms = new Float64Array(p.length);
	for (let i = 0; i < p.length; i++) {
		const d = Math.sqrt(p[i]) - Math.sqrt(q[i]);
		terms[i] = d * d;
	}
	return Math.sqrt(0.5 * numpySum(terms));
}

/**
 * Evidently's Hellinger distance for categorical data: `BC = Σ_k √(p_k q_k)` over the category
 * union, clipped to [0, 1], `H = √(1 − BC)` (evidently `stattests/hellinger_distance.py`;
 * docs/statistics.md §5).
 *
 * @example
 * hellingerEvidentlyCategorical(new Float64Array([0.5, 0.5]), new Float64Array([0.5, 0.5])); // 0
 */
export function hellingerEvidentlyCategorical(p: Float64Array, q: Float64Array): number {
	let bc = 0;
	for (let i = 0; i < p.length; i++) bc += Math.sqrt(p[i] * q[i]);
	bc = Math.min(Math.max(bc, 0), 1);
	return Math.sqrt(1 - bc);
}

/**
 * Evidently's Hellinger distance for numerical data (sorted finite samples): Sturges edges over the
 * **distinct** values of the union, density histograms `h = count/(n·width_i)`,
 * `BC = Σ √(h1_i h2_i)·bin_width` with `bin_width = (max − min)/nbins`, clipped to [0, 1],
 * `H = √(1 − BC)`. One distinct value gives bin width 0, so H = 1 (docs/statistics.md §5).
 *
 * @example
 * hellingerEvidentlyNumericalSorted(new Float64Array([1]), new Float64Array([1])); // 1
 */
export function hellingerEvidentlyNumericalSorted(ref: Float64Array, cur: Float64Array): number {
	const { labels } = valueCountsSorted(ref, cur);
	const lo = labels[0];
	const hi = labels[labels.length - 1];
	const edges = sturgesEdges(lo, hi, labels.length);
	const nb = edges.length - 1;
	const c1 = histogramCountsSorted(ref, edges);
	const c2 = histogramCountsSorted(cur, edges);
	const s1 = numpySum(c1);
	const s2 = numpySum(c2);
	const binWidth = (hi - lo) / nb;
	const terms = new Float64Array(nb);
	for (let i = 0; i < nb; i++) {
		const w = edges[i + 1] - edges[i];
		const h1 = c1[i] / w / s1;
		const h2 = c2[i] / w / s2;
		terms[i] = Math.sqrt(h1 * h2) * binWidth;
	}
	const bc = Math.min(Math.max(numpySum(terms), 0), 1);
	return Math.sqrt(1 - bc);
}
