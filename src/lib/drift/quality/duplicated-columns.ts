import type { ColumnData } from '../types';
import { outcome, type QualityCheckResult, type Severity } from './check';
import { SEEDS, valueHashes } from './value-hash';

function sameValues(a: ColumnData, b: ColumnData): boolean {
	if (a.type === 'numerical' && b.type === 'numerical') {
		if (a.values.length !== b.values.length) return false;
		for (let i = 0; i < a.values.length; i++) {
			const x = a.values[i];
			const y = b.values[i];
			if (x !== y && !(Number.isNaN(x) && Number.isNaN(y))) return false;
		}
		return true;
	}
	if (a.type === 'categorical' && b.type === 'categorical') {
		if (a.codes.length !== b.codes.length) return false;
		for (let i = 0; i < a.codes.length; i++) {
			const x = a.codes[i] < 0 ? null : a.categories[a.codes[i]];
			const y = b.codes[i] < 0 ? null : b.categories[b.codes[i]];
			if (x !== y) return false;
		}
		return true;
	}
	return false;
}

/**
 * Pairs of columns holding the same value in every row (same type; missing equals missing;
 * categories compared by name), found by hashing each column and confirming equal hashes exactly.
 *
 * @example
 * duplicatedColumnPairs(columns); // [['temp', 'temp_copy']]
 */
export function duplicatedColumnPairs(columns: ColumnData[]): [string, string][] {
	const byHash = new Map<string, ColumnData[]>();
	for (const c of columns) {
		const key = SEEDS.map((seed) => {
			let h = 0;
			const v = valueHashes(c, seed);
			for (let i = 0; i < v.length; i++) h = (Math.imul(h, 31) + v[i]) >>> 0;
			return h;
		}).join(':');
		byHash.set(`${c.type}:${key}`, [...(byHash.get(`${c.type}:${key}`) ?? []), c]);
	}
	const pairs: [string, string][] = [];
	for (const group of byHash.values())
		for (let i = 0; i < group.length; i++)
			for (let j = i + 1; j < group.length; j++)
				if (sameValues(group[i], group[j]))
					pairs.push([group[i].name, group[j].name].sort() as [string, string]);
	return pairs.sort((x, y) => x.join('\0').localeCompare(y.join('\0')));
}

/**
 * Duplicated columns: violated when two columns are identical in the current window but were not
 * in the reference (a join or an upstream bug copying one field into another). Skipped when the
 * reference pairs are unknown (a profile holds no rows). Evidently's
 * TestNumberOfDuplicatedColumns with the reference's own duplicates allowed.
 *
 * @example
 * duplicatedColumnsCheck([], currentColumns, { severity: 'warn' }).message;
 */
export function duplicatedColumnsCheck(
	referencePairs: [string, string][] | null,
	current: ColumnData[],
	o: { severity: Severity }
): QualityCheckResult {
	const pairs = duplicatedColumnPairs(current);
	const known = new Set((referencePairs ?? []).map((p) => [...p].sort().join('\0')));
	const fresh = pairs.filter((p) => !known.has(p.join('\0')));
	const message = fresh.length
		? `identical: ${fresh.map((p) => p.join(' = ')).join(', ')}`
		: 'no new identical columns';
	if (referencePairs === null)
		return {
			check: 'duplicated_columns',
			severity: o.severity,
			status: 'skipped',
			value: pairs.length,
			bound: null,
			condition: 'needs the reference rows (the reference is a profile)',
			message
		};
	return outcome(
		{
			check: 'duplicated_columns',
			severity: o.severity,
			value: fresh.length,
			bound: 0,
			condition: 'no pair of identical columns that differed in the reference'
		},
		fresh.length > 0,
		message
	);
}
