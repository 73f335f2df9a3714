import type { ColumnData } from '../types';
import { outcome, type QualityCheckResult, type Severity } from './check';
import { fnv, SEEDS, valueHashes } from './value-hash';

/**
 * Share of duplicated rows: d / n, d the rows equal in every column to an earlier row (the first
 * occurrence is not a duplicate, as pandas' `duplicated()`). Rows are compared by a 64-bit hash of
 * their values (two FNV-1a hashes, see value-hash.ts): a false match has probability about
 * n²/2⁶⁵, below 1e-9 for a million rows.
 *
 * @example
 * duplicatedRowShare(columns); // { duplicated: 3, rows: 100, share: 0.03 }
 */
export function duplicatedRowShare(columns: ColumnData[]): {
	duplicated: number;
	rows: number;
	share: number;
} {
	const n = Math.max(
		0,
		...columns.map((c) => (c.type === 'numerical' ? c.values.length : c.codes.length))
	);
	if (n === 0 || columns.length === 0) return { duplicated: 0, rows: n, share: 0 };
	const rowHash = SEEDS.map((seed) => {
		const h = new Uint32Array(n).fill(seed);
		for (const col of columns) {
			const v = valueHashes(col, seed);
			for (let i = 0; i < n; i++) {
				const x = v[i] ?? 0;
				h[i] = fnv(fnv(fnv(fnv(h[i], x & 0xff), (x >>> 8) & 0xff), (x >>> 16) & 0xff), x >>> 24);
			}
		}
		return h;
	});
	const seen = new Set<number>();
	let duplicated = 0;
	for (let i = 0; i < n; i++) {
		// 2^21 · a + b is exact in a double for the top 21 bits of a and all of b: a 53-bit key.
		const key = (rowHash[0][i] >>> 11) * 4294967296 + rowHash[1][i];
		if (seen.has(key)) duplicated++;
		else seen.add(key);
	}
	return { duplicated, rows: n, share: duplicated / n };
}

/**
 * Duplicated rows: violated when the current window's share of duplicated rows exceeds the
 * reference's share + tolerance (default 0.05): data replayed or joined twice upstream. Skipped
 * when the reference share is unknown (a profile holds no rows). Evidently's
 * TestNumberOfDuplicatedRows with a reference-derived bound.
 *
 * @example
 * duplicatedRowsCheck(0.01, currentColumns, { tolerance: 0.05, severity: 'warn' }).status;
 */
export function duplicatedRowsCheck(
	referenceShare: number | null,
	current: ColumnData[],
	o: { tolerance: number; severity: Severity }
): QualityCheckResult {
	const r = duplicatedRowShare(current);
	if (referenceShare === null)
		return {
			check: 'duplicated_rows',
			severity: o.severity,
			status: 'skipped',
			value: r.share,
			bound: null,
			condition: 'needs the reference rows (the reference is a profile)',
			message: `${r.duplicated} of ${r.rows} rows repeat an earlier row`
		};
	const bound = Math.min(1, referenceShare + o.tolerance);
	return outcome(
		{
			check: 'duplicated_rows',
			severity: o.severity,
			value: r.share,
			bound,
			condition: `duplicated-row share ≤ reference ${referenceShare.toFixed(3)} + ${o.tolerance}`
		},
		r.share > bound,
		`${r.duplicated} of ${r.rows} rows repeat an earlier row`
	);
}
