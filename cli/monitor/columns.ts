import type { PredictionRecord } from '../../src/lib/contracts/prediction';
import type { ReferenceProfile } from '../../src/lib/drift/profile';
import { categoricalColumn, type ColumnData } from '../../src/lib/drift/types';

/** Where the model's output and the label go among the columns. */
export interface RecordColumnNames {
	/** Name of the prediction column in the profile (default 'prediction'). */
	prediction?: string;
	/** Name of the label column in the profile (the card's target). */
	target?: string;
	/** Classifiers: the prediction column holds P(positive), as `vigil profile build --model` stores it. */
	classification?: boolean;
}

function asNumber(v: unknown): number {
	if (typeof v === 'number') return v;
	if (typeof v === 'string' && v.trim() !== '') {
		const n = Number(v);
		return Number.isFinite(n) ? n : NaN;
	}
	if (typeof v === 'boolean') return v ? 1 : 0;
	return NaN;
}

function asCategory(v: unknown): string | null {
	if (v === null || v === undefined) return null;
	if (typeof v === 'number' && !Number.isFinite(v)) return null;
	return String(v);
}

/**
 * Turns stored prediction records into columns typed like the reference profile: each profile
 * column from the records' features (numbers, or categories as strings: 3 → "3", as the data
 * engine casts them), the prediction column from `prediction` (or `probability` for a classifier)
 * and the label column from `label`. Columns the records never mention are left out, so the report
 * lists them as reference-only.
 *
 * @example
 * const columns = recordsToColumns(records, profile, { target: 'cnt' });
 */
export function recordsToColumns(
	records: PredictionRecord[],
	profile: ReferenceProfile,
	names: RecordColumnNames = {}
): ColumnData[] {
	const prediction = names.prediction ?? 'prediction';
	const out: ColumnData[] = [];
	for (const col of profile.columns) {
		let values: unknown[];
		if (col.name === prediction)
			values = records.map((r) => {
				if (names.classification && r.probability !== undefined) return r.probability;
				return Array.isArray(r.prediction) ? r.prediction[r.prediction.length - 1] : r.prediction;
			});
		else if (col.name === names.target) {
			if (!records.some((r) => r.label !== undefined && r.label !== null)) continue;
			values = records.map((r) => r.label);
		} else {
			if (!records.some((r) => col.name in r.features)) continue;
			values = records.map((r) => r.features[col.name]);
		}
		if (col.type === 'numerical')
			out.push({ name: col.name, type: 'numerical', values: Float64Array.from(values, asNumber) });
		else out.push(categoricalColumn(col.name, values.map(asCategory)));
	}
	return out;
}
