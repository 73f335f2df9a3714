import { histogramCountsSorted, sturgesEdges, valueCountsSorted } from './binned';
import { numpySum } from './special/numpy-sum';

/**
 * Hellinger distance of two proportion vectors, `H = √( ½ Σ (√p_i − √q_i)² )`, in [0, 1]
 * (Hellinger 1909). For proportions that sum to 1 this equals `√(1 − Σ √(p_i q_i))`, the
 * Bhattacharyya form Evidently writes, but it sums non-negative terms instead of subtracting a sum
 * that rounds near 1: equal vectors give exactly 0 (the other form leaves 1e-8 from one ulp of
 * 1 − BC), and small distances keep their digits. Used by the quantile family, by Evidently's
 * categorical Hellinger and, over its own bins, by the numerical one (docs/statistics.md §4–5).
 *
 * @example
 * hellinger(new Float64Array([1, 0]), new Float64Array([0, 1])); // 1
 * hellinger(new Float64Array([0.3, 0.7]), new Float64Array([0.3, 0.7])); // 0
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
 * Evidently's Hellinger distance for numerical data (sorted finite samples; evidently
 * `stattests/hellinger_distance.py`): Sturges bins over the **distinct** values of the union, the
 * proportions count/n of each side in those bins, then {@link hellinger}. Evidently multiplies
 * density histograms `count/(n·width_i)` by the nominal width `(max − min)/nbins`, which is count/n
 * in exact arithmetic; using count/n directly keeps the rounding of the edges (1e-7 relative at an
 * offset of 1e9) out of the result. One distinct value is one bin holding everything on both sides,
 * so H = 0, as current Evidently gives (docs/statistics.md §5).
 *
 * @example
 * hellingerEvidentlyNumericalSorted(new Float64Array([1]), new Float64Array([1])); // 0
 * hellingerEvidentlyNumericalSorted(new Float64Array([1]), new Float64Array([2])); // 1
 */
export function hellingerEvidentlyNumericalSorted(ref: Float64Array, cur: Float64Array): number {
	const { labels } = valueCountsSorted(ref, cur);
	const edges = sturgesEdges(labels[0], labels[labels.length - 1], labels.length);
	const p = histogramCountsSorted(ref, edges).map((c) => c / ref.length);
	const q = histogramCountsSorted(cur, edges).map((c) => c / cur.length);
	return hellinger(p, q);
}
