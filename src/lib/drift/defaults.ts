import type { Binning, StatisticName } from './registry';
import { isStatisticName, UnknownStatisticError } from './registry';
import { DriftInputError, type ColumnType } from './types';

/** Inferred type of a raw column; `text` columns are not tested for drift (Evidently does likewise). */
export type InferredType = ColumnType | 'text';

/**
 * Evidently's column typing when the user does not say (docs/statistics.md §10): floating point →
 * numerical; integers → categorical with at most 10 distinct values, else numerical; strings →
 * categorical, or text when more than half of the non-missing values are distinct; booleans →
 * categorical. Missing values (null, undefined, NaN, ±Infinity) are ignored.
 *
 * @example
 * inferColumnType([1, 2, 1, 2]); // 'categorical'
 * inferColumnType([0.5, 1.25]); // 'numerical'
 */
export function inferColumnType(values: ArrayLike<unknown>): InferredType {
	if (ArrayBuffer.isView(values)) {
		if (values instanceof Float64Array || values instanceof Float32Array) return 'numerical';
	}
	let numbers = 0;
	let integers = 0;
	let strings = 0;
	let booleans = 0;
	const distinct = new Set<unknown>();
	for (let i = 0; i < values.length; i++) {
		const v = values[i];
		if (v === null || v === undefined) continue;
		if (typeof v === 'number') {
			if (!Number.isFinite(v)) continue;
			numbers++;
			if (Number.isInteger(v)) integers++;
		} else if (typeof v === 'string') strings++;
		else if (typeof v === 'boolean') booleans++;
		else
			throw new DriftInputError(
				'mixed_types',
				`row ${i} is ${typeof v}; expected number, string, boolean or null`
			);
		distinct.add(v);
	}
	const kinds = [numbers, strings, booleans].filter((k) => k > 0).length;
	if (kinds > 1)
		throw new DriftInputError(
			'mixed_types',
			`column mixes ${numbers} numbers, ${strings} strings and ${booleans} booleans`
		);
	if (booleans > 0) return 'categorical';
	if (strings > 0) return distinct.size > strings / 2 ? 'text' : 'categorical';
	if (numbers > 0 && integers === numbers) return distinct.size <= 10 ? 'categorical' : 'numerical';
	return 'numerical';
}

/**
 * Evidently's default method (`_get_default_stattest`, docs/statistics.md §10) from the number of
 * non-missing reference rows and the number of distinct values in reference and current together.
 *
 * @example
 * defaultMethod('numerical', 500, 100); // 'ks'
 * defaultMethod('categorical', 5000, 4); // 'jensenshannon'
 */
export function defaultMethod(
	type: ColumnType,
	referenceRows: number,
	nValues: number
): StatisticName {
	const continuous = type === 'numerical' && nValues > 5;
	if (referenceRows <= 1000) {
		if (continuous) return 'ks';
		return nValues > 2 ? 'chisquare' : 'z';
	}
	return continuous ? 'wasserstein' : 'jensenshannon';
}

/** A method choice, optionally with its threshold and options. */
export interface MethodOverride {
	method?: StatisticName;
	threshold?: number;
	binning?: Binning;
	pvalueMethod?: 'auto' | 'exact' | 'asymp';
}

/** Overrides for all columns, per column type, and per column (most specific wins). */
export interface DriftOptions {
	all?: MethodOverride;
	perType?: Partial<Record<ColumnType, MethodOverride>>;
	perColumn?: Record<string, MethodOverride>;
	/** Share of drifted columns at which the data set has drifted (default 0.5). */
	driftShare?: number;
}

function checkOverride(o: MethodOverride | undefined, where: string): void {
	if (o?.method !== undefined && !isStatisticName(o.method)) {
		const e = new UnknownStatisticError(o.method);
		e.message = `${where}: ${e.message}`;
		throw e;
	}
}

/**
 * The method and options for one column: per column over per type over all over the default.
 *
 * @example
 * resolveMethod({ perType: { numerical: { method: 'psi' } } }, 'x', 'numerical', 'ks').method; // 'psi'
 */
export function resolveMethod(
	options: DriftOptions,
	column: string,
	type: ColumnType,
	fallback: StatisticName
): MethodOverride & { method: StatisticName } {
	checkOverride(options.all, 'all');
	checkOverride(options.perType?.[type], `perType.${type}`);
	checkOverride(options.perColumn?.[column], `perColumn.${column}`);
	const merged: MethodOverride = {
		...options.all,
		...options.perType?.[type],
		...options.perColumn?.[column]
	};
	return { ...merged, method: merged.method ?? fallback };
}

/** Default share of drifted columns that flags dataset drift. */
export const DEFAULT_DRIFT_SHARE = 0.5;

/**
 * Dataset drift: `share = drifted / tested`, drifted when `share ≥ driftShare` and at least one
 * column was tested.
 *
 * @example
 * datasetDrift(2, 4); // { share: 0.5, drifted: true }
 */
export function datasetDrift(
	driftedColumns: number,
	testedColumns: number,
	driftShare = DEFAULT_DRIFT_SHARE
): { share: number; drifted: boolean } {
	if (!(driftShare >= 0 && driftShare <= 1))
		throw new DriftInputError('invalid_option', `drift_share must be in [0, 1], got ${driftShare}`);
	const share = testedColumns === 0 ? 0 : driftedColumns / testedColumns;
	return { share, drifted: testedColumns > 0 && share >= driftShare };
}
