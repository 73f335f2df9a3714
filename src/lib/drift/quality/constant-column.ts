import type { ColumnData } from '../types';
import { outcome, type QualityCheckResult, type Severity } from './check';
import type { QualityReferenceColumn } from './quality-reference';

/**
 * Constant column: violated when every present value of the current column is the same (at least
 * two present) while the reference column was not constant: a stuck sensor or a default filled in
 * upstream. A column constant in the reference too passes (nothing changed). Evidently's
 * TestNumberOfConstantColumns, per column.
 *
 * @example
 * constantColumnCheck(refColumn, currentColumn, { severity: 'fail' }).status;
 */
export function constantColumnCheck(
	ref: QualityReferenceColumn,
	cur: ColumnData,
	o: { severity: Severity }
): QualityCheckResult {
	let present = 0;
	let first: number | undefined;
	let constant = true;
	if (cur.type === 'numerical') {
		for (const x of cur.values) {
			if (Number.isNaN(x)) continue;
			present++;
			if (first === undefined) first = x;
			else if (x !== first) constant = false;
		}
	} else {
		// Codes may repeat a category name; compare names.
		let name: string | undefined;
		for (const k of cur.codes) {
			if (k < 0) continue;
			present++;
			if (name === undefined) name = cur.categories[k];
			else if (cur.categories[k] !== name) constant = false;
		}
	}
	const isConstant = present >= 2 && constant;
	return outcome(
		{
			check: 'constant_column',
			column: cur.name,
			severity: o.severity,
			value: isConstant ? 1 : 0,
			bound: 0,
			condition: ref.constant
				? 'none (constant in the reference too)'
				: 'not constant (the reference varies)'
		},
		isConstant && !ref.constant,
		isConstant ? `every one of ${present} present values is the same` : 'varies'
	);
}
