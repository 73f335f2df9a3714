import { histogramCountsSorted, sturgesEdges, valueCountsSorted } from './binned';
import { numpySum } from './special/numpy-sum';

/**
 * Hellinger distance of two proportion vectors (Hellinger 1909), in [0, 1]:
 * `H² = ½ Σ (√p_i − √q_i)² = 1 − BC` with the Bhattacharyya coefficient `BC = Σ √(p_i q_i)`, for
 * proportions that sum to 1. The two forms are equal in exact arithmetic, not in doubles, and each
 * is accurate where the other is not: `1 − BC` cancels when the vectors are close (equal vectors
 * leave 1.05e-8 or 1.49e-8 instead of 0), the sum of squares rounds when they are far apart (a
 * disjoint pair gives 0.9999999999999999 instead of 1). So H² is `1 − BC` when BC < ½ and the sum
 * of squares otherwise: exactly 0 for equal vectors, exactly 1 for disjoint ones, and never a
 * subtraction that loses digits. Used by the quantile family, by Evidently's categorical Hellinger
 * and, over its own bins, by the numerical one (docs/statistics.md §4–5).
 *
 * @example
 * hellinger(new Float64Array([1, 0]), new Float64Array([0, 1])); // 1
 * hellinger(new Float64Array([0.3, 0.7]), new Float64Array([0.3, 0.7])); // 0
 */
export function hellinger(p: Float64Array, q: Float64Array): number {
	const squares = new Float64Array(p.length);
	const products = new Float64Array(p.length);
	for (let i = 0; i < p.length; i++) {
		const d = Math.sqrt(p[i]) - Math.sqrt(q[i]);
		squares[i] = d * d;
		products[i] = Math.sqrt(p[i] * q[i]);
	}
	const bc = numpySum(products);
	return Math.sqrt(bc < 0.5 ? 1 - bc : 0.5 * numpySum(squares));
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
