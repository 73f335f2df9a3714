import { numpySum } from './special/numpy-sum';

/**
 * scipy `special.rel_entr(x, y)`: `x ln(x/y)` for x, y > 0; 0 for x = 0, y ≥ 0; +∞ otherwise.
 *
 * @example
 * relEntr(0, 0.5); // 0
 */
export function relEntr(x: number, y: number): number {
	if (Number.isNaN(x) || Number.isNaN(y)) return NaN;
	if (x > 0 && y > 0) return x * Math.log(x / y);
	if (x === 0 && y >= 0) return 0;
	return Infinity;
}

/**
 * Kullback–Leibler divergence KL(p ‖ q) = Σ p_i ln(p_i / q_i) in nats (Kullback & Leibler 1951,
 * Ann. Math. Stat. 22(1)). With `normalize` the vectors are first divided by their sums, as
 * `scipy.stats.entropy(p, q)` (Evidently's `kl_div`); without it the proportions are used as given
 * (the quantile family, docs/statistics.md §4).
 *
 * @example
 * klDivergence(new Float64Array([0.5, 0.5]), new Float64Array([0.25, 0.75])); // 0.14384103622589042
 */
export function klDivergence(p: Float64Array, q: Float64Array, normalize = false): number {
	let pp = p;
	let qq = q;
	if (normalize) {
		const sp = numpySum(p);
		const sq = numpySum(q);
		pp = p.map((v) => v / sp);
		qq = q.map((v) => v / sq);
	}
	const terms = new Float64Array(p.length);
	for (let i = 0; i < p.length; i++) terms[i] = relEntr(pp[i], qq[i]);
	return numpySum(terms);
}
