import { normalCdf, normalSf } from './special/normal';
import { DriftInputError } from './types';

export interface ZTestResult {
	/** z statistic, or null when there is a single category. */
	z: number | null;
	/** `2·Φc(|z|)`, accurate in the tail. */
	pvalue: number;
	/** Evidently's literal `2·(1 − Φ(|z|))`, which underflows to 0 below ~1e-16. */
	pvalueEvidently: number;
}

/**
 * Two-proportion Z-test (pooled variance): `p1 = x1/n1`, `p2 = x2/n2`, `P = (x1+x2)/(n1+n2)`,
 * `z = (p1 − p2)/√(P(1−P)(1/n1 + 1/n2))`, `p = 2Φc(|z|)` (Fleiss, Levin & Paik 2003, "Statistical
 * Methods for Rates and Proportions", §2.6; evidently `stattests/z_stattest.py`). Counts are over
 * the sorted categories; "success" is every category but the first (docs/statistics.md §9).
 *
 * @throws DriftInputError `invalid_option` with more than 2 categories.
 * @example
 * zTestProportions(new Float64Array([50, 50]), new Float64Array([50, 50])).pvalue; // 1
 */
export function zTestProportions(refCounts: Float64Array, curCounts: Float64Array): ZTestResult {
	const K = refCounts.length;
	if (K > 2)
		throw new DriftInputError(
			'invalid_option',
			`z: the two-proportion test needs at most 2 categories, got ${K}`
		);
	if (K <= 1) return { z: null, pvalue: 1, pvalueEvidently: 1 };
	const n1 = refCounts[0] + refCounts[1];
	const n2 = curCounts[0] + curCounts[1];
	const x1 = refCounts[1];
	const x2 = curCounts[1];
	const p1 = x1 / n1;
	const p2 = x2 / n2;
	const P = (x1 + x2) / (n1 + n2);
	const z = (p1 - p2) / Math.sqrt(P * (1 - P) * (1 / n1 + 1 / n2));
	const a = Math.abs(z);
	return { z, pvalue: 2 * normalSf(a), pvalueEvidently: 2 * (1 - normalCdf(a)) };
}
