import type { Feature, ModelCard } from '../contracts/model-card';
import { ModelInputError, type InputIssue } from './errors';

/**
 * A feature column: a typed array (numbers, NaN = missing) or a plain array whose entries may be
 * numbers, strings (for string features), null or undefined (missing).
 */
export type FeatureColumn =
	| Float32Array
	| Float64Array
	| Int32Array
	| Int16Array
	| Int8Array
	| Uint8Array
	| Uint16Array
	| Uint32Array
	| BigInt64Array
	| ArrayLike<number | bigint | string | null | undefined>;

/** Input columns by feature name; extra columns are ignored. */
export type InputColumns = Record<string, FeatureColumn>;

export interface PreparedInput {
	/** Row-major [rows, features] float32, in the card's feature order. */
	data: Float32Array;
	rows: number;
	features: number;
}

const MAX_ISSUES = 50;

function isMissing(v: unknown): boolean {
	return v === null || v === undefined || v === '' || (typeof v === 'number' && Number.isNaN(v));
}

/**
 * Validates columns against the model card and packs them into the model's float32 input: every
 * feature present with the same length, numbers in numerical features, categories known, ranges
 * respected, missing values handled per the card's policy (reject, impute, allow → NaN).
 * Throws ModelInputError naming the model and each feature (and row) that is wrong.
 *
 * @example
 * const { data, rows } = prepareInput(card, { 'Time (h)': Float64Array.of(1, 2), ... });
 */
export function prepareInput(card: ModelCard, columns: InputColumns): PreparedInput {
	const model = `${card.name}@${card.version}`;
	const issues: InputIssue[] = [];
	let total = 0;
	const report = (issue: InputIssue): void => {
		total++;
		if (issues.length < MAX_ISSUES) issues.push(issue);
	};
	if (columns === null || typeof columns !== 'object') {
		throw new ModelInputError(model, [
			{ feature: '*', message: 'input must be an object of columns' }
		]);
	}
	let rows: number | undefined;
	for (const f of card.features) {
		const col = columns[f.name];
		if (col === undefined || col === null) {
			report({ feature: f.name, message: 'missing feature' });
		} else if (typeof col.length !== 'number' || typeof col === 'string') {
			report({ feature: f.name, message: 'must be an array of values' });
		} else if (rows === undefined) {
			rows = col.length;
		} else if (col.length !== rows) {
			report({ feature: f.name, message: `has ${col.length} rows, expected ${rows}` });
		}
	}
	if (total > 0) throw new ModelInputError(model, issues, total);
	const n = rows ?? 0;
	const F = card.features.length;
	const data = new Float32Array(n * F);
	card.features.forEach((feature, j) => {
		const col = columns[feature.name];
		if (feature.dtype === 'string') fillCategorical(feature, col, data, j, F, report);
		else fillNumeric(feature, col, data, j, F, report);
	});
	if (total > 0) throw new ModelInputError(model, issues, total);
	return { data, rows: n, features: F };
}

function fillNumeric(
	feature: Feature,
	col: FeatureColumn,
	data: Float32Array,
	j: number,
	F: number,
	report: (issue: InputIssue) => void
): void {
	const { range } = feature;
	const impute = typeof feature.impute_value === 'number' ? feature.impute_value : Number.NaN;
	for (let i = 0; i < col.length; i++) {
		let v = col[i] as unknown;
		if (typeof v === 'bigint') v = Number(v);
		if (isMissing(v)) {
			if (feature.missing === 'reject') {
				report({ feature: feature.name, row: i, message: 'missing value (NaN/null) not allowed' });
			} else data[i * F + j] = feature.missing === 'impute' ? impute : Number.NaN;
			continue;
		}
		if (typeof v !== 'number') {
			report({
				feature: feature.name,
				row: i,
				message: `expected a number, got ${typeof v === 'string' ? `the string '${v.slice(0, 40)}'` : typeof v}`
			});
			continue;
		}
		if (!Number.isFinite(v)) {
			report({ feature: feature.name, row: i, message: `value ${v} is not finite` });
			continue;
		}
		if (range && (v < range.min || v > range.max)) {
			report({
				feature: feature.name,
				row: i,
				message: `value ${v} is outside the allowed range [${range.min}, ${range.max}]`
			});
			continue;
		}
		data[i * F + j] = v;
	}
}

function fillCategorical(
	feature: Feature,
	col: FeatureColumn,
	data: Float32Array,
	j: number,
	F: number,
	report: (issue: InputIssue) => void
): void {
	const codes = new Map((feature.categories ?? []).map((c, k) => [c, k]));
	const imputeCode =
		typeof feature.impute_value === 'string'
			? (codes.get(feature.impute_value) ?? Number.NaN)
			: Number.NaN;
	for (let i = 0; i < col.length; i++) {
		const v = col[i] as unknown;
		if (isMissing(v)) {
			if (feature.missing === 'reject') {
				report({ feature: feature.name, row: i, message: 'missing value not allowed' });
			} else data[i * F + j] = feature.missing === 'impute' ? imputeCode : Number.NaN;
			continue;
		}
		if (typeof v !== 'string') {
			report({
				feature: feature.name,
				row: i,
				message: `expected a category (string), got ${typeof v}`
			});
			continue;
		}
		const code = codes.get(v.trim());
		if (code === undefined) {
			report({ feature: feature.name, row: i, message: `unknown category '${v.slice(0, 40)}'` });
			continue;
		}
		data[i * F + j] = code;
	}
}
