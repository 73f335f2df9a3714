import { sortFloat64 } from './radix-sort';
import { DriftInputError } from './types';

/**
 * Drop missing values (NaN, ±Infinity: docs/statistics.md §10, preprocessing) and sort ascending.
 * Returns a new array; the input is not modified.
 *
 * @example
 * finiteSorted(new Float64Array([3, NaN, 1, Infinity])); // Float64Array [1, 3]
 */
export function finiteSorted(values: ArrayLike<number>): Float64Array {
	const out = new Float64Array(values.length);
	let k = 0;
	for (let i = 0; i < values.length; i++) {
		const v = values[i];
		// v − v is 0 for finite v and NaN for NaN and ±Infinity: one comparison per value.
		if (v - v === 0) out[k++] = v;
	}
	return sortFloat64(k === out.length ? out : out.subarray(0, k), true);
}

/**
 * Whether a Float64Array is sorted ascending (used to skip re-sorting profile data).
 *
 * @example
 * isSortedAscending(new Float64Array([1, 2, 2])); // true
 */
export function isSortedAscending(a: Float64Array): boolean {
	for (let i = 1; i < a.length; i++) if (!(a[i - 1] <= a[i])) return false;
	return true;
}

/**
 * Number of elements of the ascending array `a` that are `< x` (`side = 'left'`) or `<= x`
 * (`side = 'right'`), as numpy's `searchsorted`.
 *
 * @example
 * searchSorted(new Float64Array([1, 2, 2, 3]), 2, 'right'); // 3
 */
export function searchSorted(a: ArrayLike<number>, x: number, side: 'left' | 'right'): number {
	let lo = 0;
	let hi = a.length;
	while (lo < hi) {
		const mid = (lo + hi) >>> 1;
		if (side === 'left' ? a[mid] < x : a[mid] <= x) lo = mid + 1;
		else hi = mid;
	}
	return lo;
}

/**
 * Quantile of a sorted sample with numpy's default `method='linear'` (Hyndman & Fan type 7),
 * reproducing numpy's two-branch `_lerp` bit for bit (docs/statistics.md §4).
 *
 * `vi = (n−1)q`, `t = vi − ⌊vi⌋`, `e = t ≥ ½ ? s[hi] − d(1−t) : s[lo] + d·t`.
 *
 * @example
 * quantileSorted(new Float64Array([1, 2, 3, 4]), 0.5); // 2.5
 */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number {
	const n = sorted.length;
	if (n === 0) throw new DriftInputError('empty_column', 'quantile of an empty sample');
	const vi = (n - 1) * q;
	const lo = Math.floor(vi);
	const hi = Math.min(lo + 1, n - 1);
	const t = vi - lo;
	const a = sorted[lo];
	const b = sorted[hi];
	const d = b - a;
	return t >= 0.5 ? b - d * (1 - t) : a + d * t;
}

/**
 * Require a non-empty sample; the message names the side and the statistic.
 *
 * @example
 * requireNonEmpty(new Float64Array([1]), 'reference', 'ks'); // no error
 */
export function requireNonEmpty(a: ArrayLike<number>, side: string, statistic: string): void {
	if (a.length === 0)
		throw new DriftInputError(
			'empty_column',
			`${statistic}: the ${side} sample has no finite values`,
			{ side, statistic }
		);
}
