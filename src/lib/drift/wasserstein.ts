import { ecdfIntegrals } from './ecdf-walk';
import { numpySum } from './special/numpy-sum';
import { finiteSorted, requireNonEmpty } from './sorted';

/**
 * Wasserstein-1 (earth mover's) distance between two sorted finite samples,
 * `W = ∫ |F_ref(x) − F_cur(x)| dx = Σ |U_i − V_i| δ_i` over the pooled sorted values
 * (scipy `wasserstein_distance`; Ramdas, Garcia & Cuturi 2017, "On Wasserstein two sample
 * testing", Entropy 19(2)). docs/statistics.md §3.
 *
 * @example
 * wassersteinSorted(new Float64Array([0, 1, 3]), new Float64Array([5, 6, 8])); // 5
 */
export function wassersteinSorted(ref: Float64Array, cur: Float64Array): number {
	requireNonEmpty(ref, 'reference', 'wasserstein');
	requireNonEmpty(cur, 'current', 'wasserstein');
	return ecdfIntegrals(ref, cur).l1;
}

/**
 * Population standard deviation (ddof = 0) as numpy's `np.std`: `√(mean((x − mean x)²))`, with
 * numpy's pairwise summation.
 *
 * @example
 * stdPopulation(new Float64Array([1, 2, 3, 4])); // 1.118033988749895
 */
export function stdPopulation(x: Float64Array): number {
	const n = x.length;
	if (n === 0) return NaN;
	const mean = numpySum(x) / n;
	const sq = new Float64Array(n);
	for (let i = 0; i < n; i++) {
		const d = x[i] - mean;
		sq[i] = d * d;
	}
	return Math.sqrt(numpySum(sq) / n);
}

/**
 * Evidently's normed Wasserstein distance: `W / max(std_ddof0(ref), 0.001)` (evidently
 * `calculations/stattests/wasserstein_distance_norm.py`). The divisor keeps a constant reference
 * from dividing by zero. Pass the reference std when it is already known (profiles).
 *
 * @example
 * wassersteinNormSorted(new Float64Array([0, 2]), new Float64Array([1, 3])); // 1
 */
export function wassersteinNormSorted(
	ref: Float64Array,
	cur: Float64Array,
	refStd: number = stdPopulation(ref)
): number {
	return wassersteinSorted(ref, cur) / Math.max(refStd, 0.001);
}

/**
 * Wasserstein-1 on raw columns (missing values dropped).
 *
 * @example
 * wasserstein([0, 1, 3], [5, 6, 8]); // 5
 */
export function wasserstein(reference: ArrayLike<number>, current: ArrayLike<number>): number {
	return wassersteinSorted(finiteSorted(reference), finiteSorted(current));
}
