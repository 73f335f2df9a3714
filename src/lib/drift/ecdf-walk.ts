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
	const n1 = a.length;
	const n2 = b.length;
	let i = 0;
	let j = 0;
	let l1 = 0;
	let l2 = 0;
	let prev = NaN;
	let u = 0;
	let v = 0;
	while (i < n1 || j < n2) {
		const x = j >= n2 || (i < n1 && a[i] <= b[j]) ? a[i] : b[j];
		if (i + j > 0) {
			// Ties contribute δ = 0 terms, so grouping equal values does not change the sum.
			const diff = u - v;
			const delta = x - prev;
			l1 += Math.abs(diff) * delta;
			l2 += diff * diff * delta;
		}
		while (i < n1 && a[i] <= x) i++;
		while (j < n2 && b[j] <= x) j++;
		u = i / n1;
		v = j / n2;
		prev = x;
	}
	return { l1, l2 };
}
