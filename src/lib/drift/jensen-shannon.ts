import { relEntr } from './kl-divergence';
import { numpySum } from './special/numpy-sum';

/**
 * Jensen–Shannon **distance** as `scipy.spatial.distance.jensenshannon(p, q, base)`:
 * normalise p and q, `m = (p + q)/2`, `JS = √( (Σ rel_entr(p, m) + Σ rel_entr(q, m)) / ln(base) / 2 )`
 * (natural log when base is undefined: Evidently's `jensenshannon`, range [0, √ln 2]; base 2 for the
 * quantile family, range [0, 1]). Lin (1991), IEEE Trans. Inf. Theory 37(1).
 * docs/statistics.md §4–5.
 *
 * @example
 * jensenShannon(new Float64Array([1, 0]), new Float64Array([0, 1]), 2); // 1
 */
export function jensenShannon(p: Float64Array, q: Float64Array, base?: number): number {
	const sp = numpySum(p);
	const sq = numpySum(q);
	const n = p.length;
	const left = new Float64Array(n);
	const right = new Float64Array(n);
	for (let i = 0; i < n; i++) {
		const pi = p[i] / sp;
		const qi = q[i] / sq;
		const m = (pi + qi) / 2;
		left[i] = relEntr(pi, m);
		right[i] = relEntr(qi, m);
	}
	let js = numpySum(left) + numpySum(right);
	if (base !== undefined) js /= Math.log(base);
	return Math.sqrt(js / 2);
}
