import type { ExcludedColumn } from '../contracts/batch-reference';
import type { BatchSeries } from './split';

/**
 * The default choice of monitored variables among the candidate columns, from the reference rows
 * alone (docs/batch-engineering.md, "Which columns are monitored"):
 * - a column with a value in fewer than `minPresent` of the rows (offline lab assays, sampled every
 *   few hours) is left out as `mostly_missing`: it has no trajectory to compare row by row;
 * - a column with one value in every reference row (agitator speed, fault and control flags) is
 *   left out as `constant`: it has no spread to scale by, and a bookkeeping flag that changes in a
 *   new batch must not outrank the sensors. Its value is kept, and a batch in which it changes is
 *   reported (`fixed_changes`), without raising the alarm.
 *
 * @example
 * const { keep, excluded } = screenColumns(batches, names, 0.5);
 */
export function screenColumns(
	batches: BatchSeries[],
	names: string[],
	minPresent: number
): { keep: number[]; excluded: ExcludedColumn[] } {
	const keep: number[] = [];
	const excluded: ExcludedColumn[] = [];
	names.forEach((name, j) => {
		let rows = 0;
		let present = 0;
		let lo = Infinity;
		let hi = -Infinity;
		for (const b of batches) {
			const v = b.values[j];
			rows += v.length;
			for (let r = 0; r < v.length; r++) {
				const x = v[r];
				if (!Number.isFinite(x)) continue;
				present++;
				if (x < lo) lo = x;
				if (x > hi) hi = x;
			}
		}
		const share = rows ? present / rows : 0;
		if (share < minPresent)
			excluded.push({ column: name, reason: 'mostly_missing', value: null, present: share });
		else if (lo === hi)
			excluded.push({ column: name, reason: 'constant', value: lo, present: share });
		else keep.push(j);
	});
	return { keep, excluded };
}

/** A constant reference column whose value changed in a monitored batch. */
export interface FixedChange {
	column: string;
	reference_value: number;
	/** First batch time at which the column differs from its reference value. */
	first_time: number;
	value: number;
}

/**
 * Finds the first row at which each constant reference column leaves its reference value.
 *
 * @example
 * fixedChanges(excluded, time, (name) => columns[name]); // [{ column: 'Fault_ref', first_time: 20.2, … }]
 */
export function fixedChanges(
	excluded: ExcludedColumn[],
	time: ArrayLike<number>,
	valuesOf: (column: string) => ArrayLike<number> | undefined
): FixedChange[] {
	const out: FixedChange[] = [];
	for (const e of excluded) {
		if (e.reason !== 'constant' || e.value === null) continue;
		const v = valuesOf(e.column);
		if (!v) continue;
		for (let r = 0; r < v.length; r++)
			if (Number.isFinite(v[r]) && v[r] !== e.value) {
				out.push({ column: e.column, reference_value: e.value, first_time: time[r], value: v[r] });
				break;
			}
	}
	return out;
}
