import { pairWalk } from './pair-walk';

/**
 * One merge walk over two ascending samples giving the pooled-ECDF integrals that Wasserstein-1
 * and energy distance need (scipy `_cdf_distance`): for the pooled sorted values a[0..N−1],
 * `δ_i = a[i+1] − a[i]`, `U_i = #ref≤a[i] / n1`, `V_i = #cur≤a[i] / n2`,
 * `l1 = Σ |U_i − V_i| δ_i` and `l2 = Σ (U_i − V_i)² δ_i`.
 *
 * @example
 * ecdfIntegrals(new Float64Array([0, 1]), new Float64Array([1, 2])); // { l1: 1, l2: 0.5 }
 */
export function ecdfIntegrals(a: Float64Array, b: Float64Array): { l1: number; l2: number } {
	const { l1, l2 } = pairWalk(a, b);
	return { l1, l2 };
}
