import type { ColumnData } from '../types';
import { outcome, type QualityCheckResult, type Severity } from './check';
import type { QualityReferenceColumn } from './quality-reference';

/**
 * Missing share: s = (missing values) / rows of the current column (NaN or null; ±Infinity is not
 * missing), violated when s > s_ref + tolerance (default 0.05), s_ref the reference's share: a
 * column that was often missing may stay so, a rise is what matters (Evidently's
 * TestShareOfMissingValues with a reference-derived bound; whylogs "null fraction" constraint).
 *
 * @example
 * missingShareCheck(refColumn, currentColumn, { tolerance: 0.05, severity: 'fail' }).status; // 'pass' | 'fail'
 */
export function missingShareCheck(
	ref: QualityReferenceColumn,
	cur: ColumnData,
	o: { tolerance: number; severity: Severity }
): QualityCheckResult {
	const n = cur.type === 'numerical' ? cur.values.length : cur.codes.length;
	let missing = 0;
	if (cur.type === 'numerical') for (const x of cur.values) missing += Number.isNaN(x) ? 1 : 0;
	else for (const k of cur.codes) missing += k < 0 ? 1 : 0;
	const value = n ? missing / n : 0;
	const bound = Math.min(1, ref.missing_share + o.tolerance);
	return outcome(
		{
			check: 'missing_share',
			column: cur.name,
			severity: o.severity,
			value,
			bound,
			condition: `missing share ≤ reference ${ref.missing_share.toFixed(3)} + ${o.tolerance}`
		},
		value > bound,
		`${(value * 100).toFixed(1)} % missing (reference ${(ref.missing_share * 100).toFixed(1)} %)`
	);
}
