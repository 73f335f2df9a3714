import type { ColumnData } from '../types';
import { outcome, type QualityCheckResult, type Severity } from './check';
import type { QualityReferenceColumn } from './quality-reference';

/**
 * Out-of-range values (numerical): the share of finite current values outside
 * [min − m·(max − min), max + m·(max − min)], min and max the reference's finite extremes and m the
 * margin (default 0.1, so values a little beyond what the reference happened to see pass);
 * violated when the share exceeds the tolerance (default 0). A constant reference (max = min = c)
 * has the range [c − m·|c|, c + m·|c|]. Evidently's TestShareOfOutRangeValues, with a margin.
 *
 * @example
 * outOfRangeCheck(refColumn, currentColumn, { margin: 0.1, tolerance: 0, severity: 'warn' });
 */
export function outOfRangeCheck(
	ref: QualityReferenceColumn,
	cur: Extract<ColumnData, { type: 'numerical' }>,
	o: { margin: number; tolerance: number; severity: Severity }
): QualityCheckResult {
	const base = {
		check: 'out_of_range' as const,
		column: cur.name,
		severity: o.severity,
		bound: o.tolerance
	};
	if (ref.min === null || ref.max === null)
		return {
			...base,
			status: 'skipped',
			value: null,
			condition: 'the reference has no finite values',
			message: 'no reference range'
		};
	const span = ref.max - ref.min || Math.abs(ref.min);
	const lo = ref.min - o.margin * span;
	const hi = ref.max + o.margin * span;
	let finite = 0;
	let outside = 0;
	for (const x of cur.values) {
		if (!Number.isFinite(x)) continue;
		finite++;
		if (x < lo || x > hi) outside++;
	}
	const value = finite ? outside / finite : 0;
	return outcome(
		{
			...base,
			value,
			condition: `share of values outside [${lo.toPrecision(6)}, ${hi.toPrecision(6)}] ≤ ${o.tolerance}`
		},
		value > o.tolerance,
		`${outside} of ${finite} values outside the reference range ± ${o.margin * 100} %`
	);
}
