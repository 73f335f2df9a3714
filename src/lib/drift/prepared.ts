import { countDistinctSorted, quantileInnerEdges } from './binned';
import { finiteSorted } from './sorted';
import { stdPopulation } from './wasserstein';
import { DriftInputError } from './types';

/**
 * One side of a comparison, prepared once: a numerical side is its finite values sorted ascending
 * (or the points of a quantile sketch standing for `n` values); a categorical side is its category
 * counts. Profiles store prepared reference sides, so drift never re-reads or re-sorts the reference.
 */
export type PreparedSide =
	| {
			type: 'numerical';
			/** Ascending finite values, or sketch points (each standing for n / sorted.length rows). */
			sorted: Float64Array;
			/** Number of finite rows represented (sorted.length unless sketched). */
			n: number;
			/** True when `sorted` is a quantile sketch, not the full sample. */
			sketched: boolean;
			/** Population standard deviation (ddof 0) of the full sample, when known. */
			std?: number;
			/** Cached inner edges of reference-quantile bins, by bin count. */
			quantileEdges?: Map<number, Float64Array>;
	  }
	| { type: 'categorical'; counts: Map<string, number>; n: number };

export type NumericalSide = Extract<PreparedSide, { type: 'numerical' }>;
export type CategoricalSide = Extract<PreparedSide, { type: 'categorical' }>;

/**
 * Prepare a numerical side from raw values (missing values dropped, then sorted once).
 *
 * @example
 * prepareNumerical([3, NaN, 1]).sorted; // Float64Array [1, 3]
 */
export function prepareNumerical(values: ArrayLike<number>): NumericalSide {
	const sorted = finiteSorted(values);
	return { type: 'numerical', sorted, n: sorted.length, sketched: false };
}

/**
 * Prepare a categorical side from strings (`null` is missing).
 *
 * @example
 * prepareCategorical(['a', null, 'a']).counts.get('a'); // 2
 */
export function prepareCategorical(values: ArrayLike<string | null | undefined>): CategoricalSide {
	const counts = new Map<string, number>();
	let n = 0;
	for (let i = 0; i < values.length; i++) {
		const v = values[i];
		if (v === null || v === undefined) continue;
		if (typeof v !== 'string')
			throw new DriftInputError(
				'mixed_types',
				`row ${i} is ${typeof v}, expected a string or null`,
				{
					row: i
				}
			);
		counts.set(v, (counts.get(v) ?? 0) + 1);
		n++;
	}
	return { type: 'categorical', counts, n };
}

/**
 * Prepare either kind from a plain array or typed array: numbers (and typed arrays) are numerical,
 * strings categorical; a mix is rejected with `mixed_types`.
 *
 * @example
 * prepareSide(['a', 'b']).type; // 'categorical'
 */
export function prepareSide(values: ArrayLike<unknown>, label = 'sample'): PreparedSide {
	if (ArrayBuffer.isView(values)) return prepareNumerical(values as unknown as ArrayLike<number>);
	let numbers = 0;
	let strings = 0;
	for (let i = 0; i < values.length; i++) {
		const v = values[i];
		if (typeof v === 'number') numbers++;
		else if (typeof v === 'string') strings++;
		else if (v !== null && v !== undefined)
			throw new DriftInputError(
				'mixed_types',
				`${label}: row ${i} is ${typeof v}, expected a number, a string or null`,
				{ row: i }
			);
	}
	if (numbers > 0 && strings > 0)
		throw new DriftInputError(
			'mixed_types',
			`${label}: has ${numbers} numbers and ${strings} strings; a column must be one type`
		);
	if (strings > 0) return prepareCategorical(values as ArrayLike<string | null>);
	return prepareNumerical(
		Float64Array.from({ length: values.length }, (_, i) => {
			const v = values[i];
			return typeof v === 'number' ? v : NaN;
		})
	);
}

/** Population std of a numerical side (cached). */
export function sideStd(side: NumericalSide): number {
	if (side.std === undefined) side.std = stdPopulation(side.sorted);
	return side.std;
}

/** Inner reference-quantile edges for `bins` bins (cached on the side). */
export function sideQuantileEdges(side: NumericalSide, bins: number): Float64Array {
	side.quantileEdges ??= new Map();
	let e = side.quantileEdges.get(bins);
	if (!e) {
		e = quantileInnerEdges(side.sorted, bins);
		side.quantileEdges.set(bins, e);
	}
	return e;
}

/** Number of distinct values of a side. */
export function sideDistinct(side: PreparedSide): number {
	return side.type === 'numerical' ? countDistinctSorted(side.sorted) : side.counts.size;
}
