import type { ModelCard } from '../contracts/model-card';
import type { ColumnData } from '../drift/types';
import {
	recordColumnNames,
	recordColumns,
	type ProfileShape,
	type RecordLike
} from './record-columns';

/** A prediction record with what a monitoring window needs beyond its columns. */
export interface WindowRecord extends RecordLike {
	/** ISO timestamp of the prediction. */
	ts: string;
}

/**
 * Everything a drift report of a window of records needs besides the reference and the report's
 * id and time: the fields of the core's `buildReport` input (and of the drift worker's report job).
 */
export interface RecordWindow {
	current: ColumnData[];
	currentName: string;
	window?: { start: string; end: string; label?: string };
	model: { name: string; version: string };
	prediction?: string;
	target?: string;
	task: 'regression' | 'classification';
}

/**
 * The current window of a model's prediction records, read one way on every host: the columns of
 * recordColumns, the window from the earliest to the latest `ts`, and the target only when some
 * record has a label and the labels suit the report's performance section (numbers, or a
 * classifier with at most two classes: the second class is the positive one).
 *
 * @example
 * const window = recordWindow(records, profile, { card, model: 'bike-demand', version: '1.0.0' });
 * const report = buildReport({ reference: profile, ...window });
 */
export function recordWindow(
	records: readonly WindowRecord[],
	profile: ProfileShape,
	{
		card,
		model,
		version,
		label
	}: {
		card?: Pick<ModelCard, 'task' | 'target' | 'outputs'>;
		model: string;
		/** The model version the window is monitored as (the reference's version). */
		version: string;
		/** Names the window in the report (e.g. 'monitoring job'). */
		label?: string;
	}
): RecordWindow {
	const names = recordColumnNames(profile, card);
	const current = recordColumns(records, profile, names);
	let start = Infinity;
	let end = -Infinity;
	for (const r of records) {
		const t = Date.parse(r.ts);
		if (!Number.isFinite(t)) continue;
		if (t < start) start = t;
		if (t > end) end = t;
	}
	const labelled = names.target !== undefined && current.some((c) => c.name === names.target);
	const twoClassesAtMost =
		!card || card.task !== 'multiclass' || (card.target.classes?.length ?? 3) <= 2;
	return {
		current,
		currentName: `${model} predictions`,
		...(Number.isFinite(start)
			? {
					window: {
						start: new Date(start).toISOString(),
						end: new Date(end).toISOString(),
						...(label ? { label } : {})
					}
				}
			: {}),
		model: { name: model, version },
		...(names.prediction ? { prediction: names.prediction } : {}),
		...(labelled && twoClassesAtMost ? { target: names.target } : {}),
		task: names.task === 'regression' ? 'regression' : 'classification'
	};
}
