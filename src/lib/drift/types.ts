/**
 * Column data as the statistics core takes it: typed arrays only, so the same values can cross a
 * Web Worker boundary (transferable buffers) and be scanned without boxing.
 *
 * Numerical columns use NaN and ±Infinity for missing values; categorical columns store one code
 * per row into `categories`, with -1 for missing.
 */
export type ColumnData =
	| { name: string; type: 'numerical'; values: Float64Array }
	| { name: string; type: 'categorical'; codes: Int32Array; categories: string[] };

export type NumericalColumn = Extract<ColumnData, { type: 'numerical' }>;
export type CategoricalColumn = Extract<ColumnData, { type: 'categorical' }>;
export type ColumnType = ColumnData['type'];

/** Machine-readable reasons for {@link DriftInputError}. */
export type DriftInputErrorCode =
	| 'empty_column'
	| 'all_missing'
	| 'not_numeric'
	| 'mixed_types'
	| 'unknown_statistic'
	| 'unsupported_type'
	| 'column_missing'
	| 'type_mismatch'
	| 'invalid_option'
	| 'invalid_profile'
	| 'degenerate';

/**
 * The one error class of the drift core: bad input is reported with a code and the column (or
 * option) that caused it, never as a crash deep inside a statistic.
 *
 * @example
 * try {
 * 	ksTwoSample(new Float64Array(), new Float64Array([1]));
 * } catch (e) {
 * 	if (e instanceof DriftInputError) console.log(e.code); // 'empty_column'
 * }
 */
export class DriftInputError extends Error {
	readonly code: DriftInputErrorCode;
	readonly details: Record<string, unknown> | undefined;
	constructor(code: DriftInputErrorCode, message: string, details?: Record<string, unknown>) {
		super(message);
		this.name = 'DriftInputError';
		this.code = code;
		this.details = details;
	}
}

/**
 * Build a numerical column. `null`/`undefined` become NaN (missing); strings are rejected, so a
 * text value in a numerical column is reported instead of being silently coerced.
 *
 * @example
 * const col = numericalColumn('temperature', [20.5, null, 21]);
 * col.values; // Float64Array [20.5, NaN, 21]
 */
export function numericalColumn(
	name: string,
	values: ArrayLike<number | null | undefined> | Float64Array
): NumericalColumn {
	if (values instanceof Float64Array) return { name, type: 'numerical', values };
	const out = new Float64Array(values.length);
	for (let i = 0; i < values.length; i++) {
		const v = values[i];
		if (v === null || v === undefined) out[i] = NaN;
		else if (typeof v === 'number') out[i] = v;
		else
			throw new DriftInputError(
				'not_numeric',
				`column "${name}": row ${i} is ${typeof v} ${JSON.stringify(v)}, expected a number`,
				{ column: name, row: i }
			);
	}
	return { name, type: 'numerical', values: out };
}

/**
 * Build a categorical column from strings; `null`/`undefined` become code -1 (missing). Category
 * codes follow first appearance.
 *
 * @example
 * const col = categoricalColumn('color', ['red', null, 'blue', 'red']);
 * col.categories; // ['red', 'blue']
 * col.codes; // Int32Array [0, -1, 1, 0]
 */
export function categoricalColumn(
	name: string,
	values: ArrayLike<string | null | undefined>
): CategoricalColumn {
	const index = new Map<string, number>();
	const categories: string[] = [];
	const codes = new Int32Array(values.length);
	for (let i = 0; i < values.length; i++) {
		const v = values[i];
		if (v === null || v === undefined) {
			codes[i] = -1;
			continue;
		}
		if (typeof v !== 'string')
			throw new DriftInputError(
				'mixed_types',
				`column "${name}": row ${i} is ${typeof v}, expected a string or null`,
				{ column: name, row: i }
			);
		let code = index.get(v);
		if (code === undefined) {
			code = categories.length;
			categories.push(v);
			index.set(v, code);
		}
		codes[i] = code;
	}
	return { name, type: 'categorical', codes, categories };
}
