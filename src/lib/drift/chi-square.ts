import { chiSquareSf } from './special/gamma';

export interface ChiSquareResult {
	statistic: number;
	pvalue: number;
	dof: number;
}

/**
 * Pearson's χ² test of homogeneity on the 2×K table [refCounts; curCounts], as
 * `scipy.stats.chi2_contingency` (Pearson 1900; Yates 1934 continuity correction, applied only
 * when dof = 1 and `correction`): `E_rc = row_r·col_c/total`, `χ² = Σ (O − E)²/E`,
 * `p = Q((K−1)/2, χ²/2)`. dof = 0 gives statistic 0, p 1. docs/statistics.md §9.
 *
 * @example
 * chiSquareContingency(new Float64Array([10, 20]), new Float64Array([20, 10]), false).statistic; // 6.666666666666667
 */
export function chiSquareContingency(
	refCounts: Float64Array,
	curCounts: Float64Array,
	correction = true
): ChiSquareResult {
	const K = refCounts.length;
	const dof = K - 1;
	if (dof <= 0) return { statistic: 0, pvalue: 1, dof: 0 };
	let r0 = 0;
	let r1 = 0;
	for (let c = 0; c < K; c++) {
		r0 += refCounts[c];
		r1 += curCounts[c];
	}
	const total = r0 + r1;
	let stat = 0;
	for (let c = 0; c < K; c++) {
		const col = refCounts[c] + curCounts[c];
		for (const [obs0, row] of [
			[refCounts[c], r0],
			[curCounts[c], r1]
		]) {
			const e = (row * col) / total;
			let o = obs0;
			if (dof === 1 && correction) {
				const diff = e - o;
				o = o + Math.sign(diff) * Math.min(0.5, Math.abs(diff));
			}
			stat += (o - e) ** 2 / e;
		}
	}
	return { statistic: stat, pvalue: chiSquareSf(stat, dof), dof };
}

/**
 * Evidently's `chisquare` drift test, a goodness-of-fit test of the current counts against the
 * reference proportions: `scipy.stats.chisquare(f_obs = cur, f_exp = ref·(n_cur/n_ref))`,
 * `χ² = Σ (obs − exp)²/exp`, `p = chi2.sf(χ², K − 1)`. A category absent from the reference gives
 * χ² = ∞ and p = 0; K = 1 gives p = NaN. docs/statistics.md §9.
 *
 * @example
 * chiSquareGoodnessOfFit(new Float64Array([50, 50]), new Float64Array([50, 50])).pvalue; // 1
 */
export function chiSquareGoodnessOfFit(
	refCounts: Float64Array,
	curCounts: Float64Array
): ChiSquareResult {
	const K = refCounts.length;
	let n1 = 0;
	let n2 = 0;
	for (let c = 0; c < K; c++) {
		n1 += refCounts[c];
		n2 += curCounts[c];
	}
	// Evidently scales by k_norm = n2/n1 first; the order of the operations decides the last bits.
	const kNorm = n2 / n1;
	let stat = 0;
	for (let c = 0; c < K; c++) {
		const exp = refCounts[c] * kNorm;
		const d = curCounts[c] - exp;
		stat += (d * d) / exp;
	}
	const dof = K - 1;
	const pvalue = dof <= 0 ? NaN : stat === Infinity ? 0 : chiSquareSf(stat, dof);
	return { statistic: stat, pvalue, dof };
}
