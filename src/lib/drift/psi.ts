import { numpySum } from './special/numpy-sum';

/**
 * Population Stability Index of two proportion vectors that already have their zeros filled:
 * `PSI = Σ (p_i − q_i) ln(p_i / q_i)` (symmetric; Siddiqi 2006, "Credit Risk Scorecards",
 * Wiley, ch. 8; evidently `stattests/psi.py`). docs/statistics.md §4–5.
 *
 * @example
 * psi(new Float64Array([0.5, 0.5]), new Float64Array([0.25, 0.75])); // 0.27465307216702745
 */
export function psi(p: Float64Array, q: Float64Array): number {
	const terms = new Float64Array(p.length);
	for (let i = 0; i < p.length; i++) terms[i] = (p[i] - q[i]) * Math.log(p[i] / q[i]);
	return numpySum(terms);
}
