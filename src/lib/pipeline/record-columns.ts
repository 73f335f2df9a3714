import type { ModelCard } from '../contracts/model-card';
import { categoricalColumn, type ColumnData } from '../drift/types';
import { recordScore, type PredictionLike, type PredictionTask } from './prediction';

/** The column that holds the model's output in reference profiles built with a model. */
export const PREDICTION_COLUMN = 'prediction';

/** The parts of a prediction record that become columns (`vigil.prediction/1` has them). */
export interface RecordLike extends PredictionLike {
	features: Readonly<Record<string, unknown>>;
	label?: unknown;
}

/** The columns of a reference profile, which say which record fields to read and as what type. */
export interface ProfileShape {
	columns: readonly { name: string; type: 'numerical' | 'categorical' }[];
}

/** Where the model's output and the label go among the profile's columns, and how to read them. */
export interface RecordColumnNames {
	/** The profile column that holds the model output, if the profile has one. */
	prediction?: string;
	/** The profile column that holds the label (the card's target), if the profile has one. */
	target?: string;
	/** How the prediction is read (prediction.ts); regression when no card says otherwise. */
	task: PredictionTask;
}

/**
 * Which profile columns take the records' prediction and label: the card's target when the profile
 * has it, and for the prediction `prediction` (what profiles built with a model store) or else the
 * card's first output name, whichever the profile has and is not the target.
 *
 * @example
 * recordColumnNames(profile, card); // { prediction: 'prediction', target: 'cnt', task: 'regression' }
 */
export function recordColumnNames(
	profile: ProfileShape,
	card?: Pick<ModelCard, 'task' | 'target' | 'outputs'>
): RecordColumnNames {
	const names = new Set(profile.columns.map((c) => c.name));
	const target = card && names.has(card.target.name) ? card.target.name : undefined;
	const prediction = [PREDICTION_COLUMN, card?.outputs[0]?.name].find(
		(n): n is string => !!n && names.has(n) && n !== target
	);
	return { prediction, target, task: card?.task ?? 'regression' };
}

/**
 * A record value as a number: numbers as they are, text that spells a number parsed (as the data
 * library reads CSV), flags as 0/1; anything else (other text, null, objects) is missing (NaN).
 *
 * @example
 * numberValue('3.5'); // 3.5
 * numberValue('high'); // NaN
 */
export function numberValue(v: unknown): number {
	if (typeof v === 'number') return v;
	if (typeof v === 'boolean') return v ? 1 : 0;
	if (typeof v === 'string' && v.trim() !== '') {
		const n = Number(v);
		return Number.isFinite(n) ? n : NaN;
	}
	return NaN;
}

/**
 * A record value as a category: its text (3 → "3", as the data library casts categories), null
 * when missing (null, undefined, or a number that is not finite).
 *
 * @example
 * categoryValue(3); // '3'
 * categoryValue(null); // null
 */
export function categoryValue(v: unknown): string | null {
	if (v === null || v === undefined) return null;
	if (typeof v === 'number' && !Number.isFinite(v)) return null;
	return String(v);
}

/**
 * Turns prediction records into columns shaped like a reference profile's: each profile column
 * from the records' features, the prediction column from each record's monitored score
 * (recordScore) and the label column from `label`. A feature that no record mentions, and a label
 * column when no record has a label, are left out (the report lists them as reference-only). A
 * value of the wrong kind (text in a numerical column) counts as missing, so it shows in the
 * report's quality section instead of failing the run.
 *
 * @example
 * const columns = recordColumns(records, profile, recordColumnNames(profile, card));
 */
export function recordColumns(
	records: readonly RecordLike[],
	profile: ProfileShape,
	names: RecordColumnNames
): ColumnData[] {
	const out: ColumnData[] = [];
	for (const col of profile.columns) {
		let values: unknown[];
		if (col.name === names.prediction) values = records.map((r) => recordScore(r, names.task));
		else if (col.name === names.target) {
			if (!records.some((r) => r.label !== undefined && r.label !== null)) continue;
			values = records.map((r) => r.label);
		} else {
			if (!records.some((r) => col.name in r.features)) continue;
			values = records.map((r) => r.features[col.name]);
		}
		if (col.type === 'numerical')
			out.push({
				name: col.name,
				type: 'numerical',
				values: Float64Array.from(values, numberValue)
			});
		else out.push(categoricalColumn(col.name, values.map(categoryValue)));
	}
	return out;
}
