import type { LabelChange, LabelValue, StoredLabel } from '../contracts/label';
import type { PredictionRecord } from '../contracts/prediction';
import { recordScore, type PredictionLike } from '../pipeline';

/** The task a model solves, which decides how labels and predictions are read. */
export type RetrainTask = 'regression' | 'binary';

/** The label in force for a record and every label received for it, oldest first. */
export interface ResolvedLabel {
	current: StoredLabel;
	history: StoredLabel[];
}

/** Orders labels by when they were observed, then by the batch that brought them (ULIDs sort by time). */
function labelOrder(a: StoredLabel, b: StoredLabel): number {
	const d = Date.parse(a.observed_at) - Date.parse(b.observed_at);
	if (d !== 0) return d;
	return a.batch < b.batch ? -1 : a.batch > b.batch ? 1 : 0;
}

/**
 * Resolves every label received per record id: the one observed last is in force (a tie goes to
 * the batch received last); the others stay in the history, so a corrected assay never erases the
 * value it replaced.
 *
 * @example
 * const resolved = resolveLabels(storedLabels);
 * resolved.get(predictionId)?.current.label; // the label in force
 */
export function resolveLabels(labels: Iterable<StoredLabel>): Map<string, ResolvedLabel> {
	const out = new Map<string, ResolvedLabel>();
	for (const label of labels) {
		const entry = out.get(label.id);
		if (entry) entry.history.push(label);
		else out.set(label.id, { current: label, history: [label] });
	}
	for (const entry of out.values()) {
		entry.history.sort(labelOrder);
		entry.current = entry.history[entry.history.length - 1];
	}
	return out;
}

/**
 * The changes a batch of incoming labels makes to the labels already stored: one entry per label
 * whose value differs from the one in force. `effective` is false when the incoming label was
 * observed before the one in force (it joins the history without replacing it).
 *
 * @example
 * labelChanges(resolveLabels(stored), incoming); // [{ id, previous: 12.1, label: 12.4, effective: true, … }]
 */
export function labelChanges(
	existing: Map<string, ResolvedLabel>,
	incoming: readonly StoredLabel[]
): LabelChange[] {
	const changes: LabelChange[] = [];
	for (const label of incoming) {
		const current = existing.get(label.id)?.current;
		if (!current || current.label === label.label) continue;
		changes.push({
			id: label.id,
			previous: current.label,
			previous_observed_at: current.observed_at,
			label: label.label,
			observed_at: label.observed_at,
			effective: labelOrder(current, label) < 0
		});
	}
	return changes;
}

/**
 * Turns a label into the number the metrics use, or explains why it cannot: regression needs a
 * number; binary accepts 0/1, true/false or one of the card's two class names (index 1 is the
 * positive class).
 *
 * @example
 * labelToNumber(true, 'binary'); // { value: 1 }
 * labelToNumber('high', 'regression'); // { error: 'a regression label must be a number, got the string "high"' }
 */
export function labelToNumber(
	label: LabelValue,
	task: RetrainTask,
	classes?: readonly string[]
): { value: number } | { error: string } {
	if (task === 'regression') {
		if (typeof label === 'number') return { value: label };
		return {
			error: `a regression label must be a number, got the ${typeof label === 'string' ? `string ${JSON.stringify(label.slice(0, 40))}` : typeof label}`
		};
	}
	if (typeof label === 'boolean') return { value: label ? 1 : 0 };
	if (typeof label === 'number') {
		if (label === 0 || label === 1) return { value: label };
		return { error: `a binary label must be 0 or 1, got ${label}` };
	}
	const index = classes?.indexOf(label) ?? -1;
	if (index === 0 || index === 1) return { value: index };
	return {
		error: `a binary label must be 0, 1, true, false${classes?.length ? ` or one of ${classes.map((c) => JSON.stringify(c)).join(', ')}` : ''}, got the string ${JSON.stringify(label.slice(0, 40))}`
	};
}

/**
 * The model's output as one number, read by the pipeline's one reading (src/lib/pipeline,
 * recordScore): the prediction for regression (the first output of a vector); for binary, the
 * probability of the positive class (the `probability` field, the second entry of a two-class
 * output, or a 0/1 prediction). Undefined when the record holds no usable number.
 *
 * @example
 * predictionScore({ prediction: [0.3, 0.7] }, 'binary'); // 0.7
 */
export function predictionScore(record: PredictionLike, task: RetrainTask): number | undefined {
	const score = recordScore(record, task);
	return Number.isNaN(score) ? undefined : score;
}

/** A prediction joined with its label. */
export interface JoinedPrediction {
	record: PredictionRecord;
	/** Milliseconds since the epoch of the prediction's `ts`. */
	at: number;
	/** The model output as one number (see predictionScore); NaN when unusable. */
	score: number;
	/** The label as a number, NaN when the record has none (or it does not fit the task). */
	y: number;
	/** Where the label came from: the labels store, the record's own `label` field, or nowhere. */
	label_source: 'labels' | 'record' | 'none';
	label_observed_at?: string;
}

/** What joinLabels produced: every prediction, and the labels that could not be used. */
export interface JoinResult {
	rows: JoinedPrediction[];
	/** Labels (by record id) whose type does not fit the task, with the reason. */
	mismatched: { id: string; reason: string }[];
}

/**
 * Joins predictions with labels by record id at read time, so labels that arrived before their
 * prediction are joined as soon as it is stored. A stored label wins over the record's own `label`
 * field; labels of the wrong type are left out and reported.
 *
 * @example
 * const { rows } = joinLabels(records, resolveLabels(stored), { task: 'regression' });
 * rows.filter((r) => r.label_source !== 'none').length; // labelled predictions
 */
export function joinLabels(
	records: readonly PredictionRecord[],
	labels: Map<string, ResolvedLabel>,
	{ task, classes }: { task: RetrainTask; classes?: readonly string[] }
): JoinResult {
	const rows: JoinedPrediction[] = [];
	const mismatched: { id: string; reason: string }[] = [];
	for (const record of records) {
		const stored = labels.get(record.id)?.current;
		let y = NaN;
		let source: JoinedPrediction['label_source'] = 'none';
		const raw = stored ? stored.label : (record.label ?? undefined);
		if (raw !== undefined) {
			const converted = labelToNumber(raw, task, classes);
			if ('value' in converted) {
				y = converted.value;
				source = stored ? 'labels' : 'record';
			} else mismatched.push({ id: record.id, reason: converted.error });
		}
		rows.push({
			record,
			at: Date.parse(record.ts),
			score: predictionScore(record, task) ?? NaN,
			y,
			label_source: source,
			...(stored && source === 'labels' ? { label_observed_at: stored.observed_at } : {})
		});
	}
	return { rows, mismatched };
}
