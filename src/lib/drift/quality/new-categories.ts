import type { ColumnData } from '../types';
import { outcome, type QualityCheckResult, type Severity } from './check';
import type { QualityReferenceColumn } from './quality-reference';

/**
 * New categories (categorical): the share of current rows whose category the reference never had;
 * violated when it exceeds the tolerance (default 0: any new category). The message names up to
 * five of them. Evidently's TestNumberOfNewValues / whylogs "in set" constraint.
 *
 * @example
 * newCategoriesCheck(refColumn, currentColumn, { tolerance: 0, severity: 'warn' }).message;
 */
export function newCategoriesCheck(
	ref: QualityReferenceColumn,
	cur: Extract<ColumnData, { type: 'categorical' }>,
	o: { tolerance: number; severity: Severity }
): QualityCheckResult {
	const known = new Set(ref.categories ?? []);
	const isNew = cur.categories.map((c) => !known.has(c));
	const perCode = new Float64Array(cur.categories.length);
	let rows = 0;
	for (const k of cur.codes) {
		if (k < 0) continue;
		rows++;
		perCode[k]++;
	}
	let count = 0;
	const names = new Set<string>();
	cur.categories.forEach((c, k) => {
		if (isNew[k] && perCode[k] > 0) {
			count += perCode[k];
			names.add(c);
		}
	});
	const value = rows ? count / rows : 0;
	const listed = [...names].sort();
	return outcome(
		{
			check: 'new_categories',
			column: cur.name,
			severity: o.severity,
			value,
			bound: o.tolerance,
			condition: `share of rows in categories unseen in the reference ≤ ${o.tolerance}`
		},
		value > o.tolerance,
		listed.length
			? `${listed.length} new: ${listed
					.slice(0, 5)
					.map((c) => JSON.stringify(c))
					.join(', ')}${listed.length > 5 ? ', …' : ''}`
			: 'no new categories'
	);
}
