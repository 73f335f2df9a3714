// The pieces the detection benchmark shares with the product: column typing by the drift core,
// drift injection by `vigil simulate`'s injector, and the default method set by buildReport.
import {
	DriftInjector,
	parseDriftSpec,
	type ColumnStats,
	type FeatureValue
} from '../../cli/simulate/inject';
import { inferColumnType } from '../../src/lib/drift/defaults';
import type { ReferenceProfile } from '../../src/lib/drift/profile';
import { buildReport } from '../../src/lib/drift/report';
import type { ColumnData, ColumnType } from '../../src/lib/drift/types';

/**
 * The drift core's type for a column read as numbers: the values are handed over as plain numbers
 * (not a Float64Array, which the core always treats as numerical), so integer codes with at most
 * 10 distinct values become categorical, as when the user loads the file.
 *
 * @example
 * coreType(Float64Array.from([1, 2, 3, 1])); // 'categorical'
 */
export function coreType(values: Float64Array): ColumnType {
	return inferColumnType(Array.from(values)) === 'categorical' ? 'categorical' : 'numerical';
}

/**
 * Cells of a column as `vigil simulate` replays them: NaN is a missing value (null); categorical
 * codes become their string labels.
 *
 * @example
 * toCells(Float64Array.from([1, NaN]), 'categorical'); // ['1', null]
 */
export function toCells(values: Float64Array, type: ColumnType): FeatureValue[] {
	return Array.from(values, (v) =>
		Number.isNaN(v) ? null : type === 'categorical' ? String(v) : v
	);
}

/**
 * Column statistics the injector needs, computed like `vigil simulate` does over the replayed rows:
 * mean and population standard deviation when every present value is a number, else categorical.
 *
 * @example
 * replayStats([1, 3, null]); // { type: 'numerical', mean: 2, std: 1 }
 */
export function replayStats(cells: FeatureValue[]): ColumnStats {
	const nums = cells.filter((v): v is number => typeof v === 'number');
	if (nums.length === 0 || nums.length !== cells.filter((v) => v !== null).length)
		return { type: 'categorical' };
	const mean = nums.reduce((a, b) => a + b, 0) / nums.length;
	const std = Math.sqrt(nums.reduce((a, b) => a + (b - mean) ** 2, 0) / nums.length);
	return { type: 'numerical', mean, std };
}

/**
 * Replays one column at one record per second through `vigil simulate`'s DriftInjector with the
 * spec text as given to `--drift`, and returns the altered cells and the first altered record.
 * Only the drifted column is passed per record: an injection never reads or alters other columns.
 *
 * @example
 * injectColumn([1, 2, 3], 'at=1,column=x,kind=shift,amount=1', { type: 'numerical', mean: 2, std: 1 }, 1);
 * // { cells: [1, 3, 4], record: 1 }
 */
export function injectColumn(
	cells: FeatureValue[],
	spec: string,
	stats: ColumnStats,
	seed: number
): { cells: FeatureValue[]; record: number | null } {
	const parsed = parseDriftSpec(spec);
	const injector = new DriftInjector([parsed], { [parsed.column]: stats }, seed);
	const start = Date.UTC(2026, 0, 1);
	const out = cells.map(
		(v, i) =>
			injector.apply(i, i, new Date(start + i * 1000).toISOString(), { [parsed.column]: v })[
				parsed.column
			]
	);
	return { cells: out, record: injector.events[0]?.record ?? null };
}

/**
 * Drift-core column data from replayed cells: numbers (null → NaN) or category codes into the
 * labels seen, in order of first appearance.
 *
 * @example
 * toColumnData('w', 'categorical', ['1', 'unseen', null]); // codes [0, 1, -1], categories ['1', 'unseen']
 */
export function toColumnData(name: string, type: ColumnType, cells: FeatureValue[]): ColumnData {
	if (type === 'numerical')
		return {
			name,
			type,
			values: Float64Array.from(cells, (v) => (typeof v === 'number' ? v : NaN))
		};
	const categories: string[] = [];
	const index = new Map<string, number>();
	const codes = Int32Array.from(cells, (v) => {
		if (v === null) return -1;
		const key = String(v);
		let k = index.get(key);
		if (k === undefined) {
			k = categories.length;
			index.set(key, k);
			categories.push(key);
		}
		return k;
	});
	return { name, type, codes, categories };
}

/**
 * Rows [start, end) of a column, sharing its buffer.
 *
 * @example
 * sliceColumn(col, 0, 500);
 */
export function sliceColumn(col: ColumnData, start: number, end: number): ColumnData {
	return col.type === 'numerical'
		? { ...col, values: col.values.subarray(start, end) }
		: { ...col, codes: col.codes.subarray(start, end) };
}

/**
 * The default method set's verdicts on one window, from the drift core's own report: the watched
 * column with the method the core picks by default, and the dataset verdict (drift share ≥ 0.5 of
 * the tested columns).
 *
 * @example
 * defaultVerdicts(profile, windowColumns, 'hum'); // { column: true, dataset: false, method: 'wasserstein' }
 */
export function defaultVerdicts(
	profile: ReferenceProfile,
	window: ColumnData[],
	watched: string
): { column: boolean; dataset: boolean; method: string } {
	const report = buildReport({
		reference: profile,
		current: window,
		currentName: 'window',
		createdAt: '2026-01-01T00:00:00.000Z'
	});
	const col = report.columns.find((c) => c.name === watched);
	if (!col) throw new Error(`column "${watched}" is not in the report`);
	return { column: col.drifted, dataset: report.dataset.drifted, method: col.method };
}
