import type { LabelValue } from '../contracts/label';
import type { ModelCard } from '../contracts/model-card';
import type { ColumnData } from '../drift/types';
import type { DemoModelSpec, EncodedSplit } from '../ml/demo/spec';
import { DEFAULT_GBDT_PARAMS, type GbdtParams } from '../ml/train/gbdt';
import { prepareInput, type InputColumns } from '../ml/validate-input';
import { labelToNumber, type RetrainTask } from './join-labels';

/** A labelled row for training or evaluation: raw feature values as the device saw them. */
export interface LabelledRow {
	id: string;
	ts: string;
	features: Record<string, number | string | boolean | null>;
	label: LabelValue;
}

/** Thrown when the data cannot train or evaluate a challenger; the message names what is wrong. */
export class ChallengerDataError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'ChallengerDataError';
	}
}

/** The task of a card, refusing multiclass models (the gates and the trainer handle two classes at most). */
export function retrainTask(card: ModelCard): RetrainTask {
	if (card.task === 'multiclass')
		throw new ChallengerDataError(
			`${card.name}@${card.version} is multiclass: challenger training handles regression and binary models`
		);
	return card.task;
}

/**
 * Splits labelled rows by time: rows before `holdoutFrom` may be trained on, rows at or after it
 * are the holdout the challenger never sees. Without `holdoutFrom`, the latest 30% of rows (by
 * `ts`) are held out.
 *
 * @example
 * const { train, holdout, holdoutFrom } = splitByTime(rows, '2026-11-20T00:00:00Z');
 */
export function splitByTime<T extends { ts: string; id: string }>(
	rows: readonly T[],
	holdoutFrom?: string
): { train: T[]; holdout: T[]; holdoutFrom: string } {
	const sorted = [...rows].sort(
		(a, b) => Date.parse(a.ts) - Date.parse(b.ts) || a.id.localeCompare(b.id)
	);
	let cut: number;
	if (holdoutFrom !== undefined) {
		cut = Date.parse(holdoutFrom);
		if (Number.isNaN(cut))
			throw new ChallengerDataError(`holdout start '${holdoutFrom}' is not an ISO timestamp`);
	} else {
		if (sorted.length < 2)
			throw new ChallengerDataError(
				`${sorted.length} labelled rows cannot be split into training and holdout`
			);
		cut = Date.parse(sorted[Math.floor(sorted.length * 0.7)].ts);
	}
	const train = sorted.filter((r) => Date.parse(r.ts) < cut);
	const holdout = sorted.filter((r) => Date.parse(r.ts) >= cut);
	return { train, holdout, holdoutFrom: new Date(cut).toISOString() };
}

/**
 * Encodes raw rows as the model sees them (the card's feature order, category codes, missing-value
 * policy) and their labels as numbers. A row the card refuses, or a label of the wrong type, is an
 * error naming the record.
 *
 * @example
 * const split = encodeRows(card, rows); // { columns: Float32Array[], y: Float64Array }
 */
export function encodeRows(card: ModelCard, rows: readonly LabelledRow[]): EncodedSplit {
	const task = retrainTask(card);
	const columns = rowsToInput(card, rows);
	const y = new Float64Array(rows.length);
	rows.forEach((r, i) => {
		const converted = labelToNumber(r.label, task, card.target.classes);
		if ('error' in converted) throw new ChallengerDataError(`record ${r.id}: ${converted.error}`);
		y[i] = converted.value;
	});
	return { columns: toColumns(card, columns, rows.length), y };
}

/**
 * The model's input columns from rows of raw feature values (flags become 0/1, missing → null).
 *
 * @example
 * await model.predict(rowsToInput(card, holdoutRows));
 */
export function rowsToInput(
	card: ModelCard,
	rows: readonly { features: LabelledRow['features'] }[]
): InputColumns {
	const columns: InputColumns = {};
	for (const f of card.features)
		columns[f.name] = rows.map((r) => {
			const v = r.features[f.name];
			return typeof v === 'boolean' ? Number(v) : (v ?? null);
		});
	return columns;
}

/** Validates and packs input columns, then turns the row-major float32 matrix into columns. */
export function toColumns(card: ModelCard, input: InputColumns, rows: number): Float32Array[] {
	const F = card.features.length;
	if (rows === 0) return card.features.map(() => new Float32Array(0));
	const { data } = prepareInput(card, input);
	return Array.from({ length: F }, (_, j) => {
		const col = new Float32Array(rows);
		for (let i = 0; i < rows; i++) col[i] = data[i * F + j];
		return col;
	});
}

/** Concatenates encoded splits (same features). */
export function concatSplits(...splits: EncodedSplit[]): EncodedSplit {
	const F = splits[0].columns.length;
	const n = splits.reduce((s, p) => s + p.y.length, 0);
	const columns = Array.from({ length: F }, () => new Float32Array(n));
	const y = new Float64Array(n);
	let offset = 0;
	for (const s of splits) {
		for (let j = 0; j < F; j++) columns[j].set(s.columns[j], offset);
		y.set(s.y, offset);
		offset += s.y.length;
	}
	return { columns, y };
}

function slice(split: EncodedSplit, start: number, end: number): EncodedSplit {
	return { columns: split.columns.map((c) => c.slice(start, end)), y: split.y.slice(start, end) };
}

/** The champion's trainer parameters from its card, keeping only known keys of the right type. */
export function paramsFromCard(card: ModelCard, seed?: number): Partial<GbdtParams> {
	const out: Record<string, unknown> = {};
	for (const [k, v] of Object.entries(card.training.params ?? {}))
		if (k in DEFAULT_GBDT_PARAMS && typeof v === typeof DEFAULT_GBDT_PARAMS[k as keyof GbdtParams])
			out[k] = v;
	out.objective = card.task === 'binary' ? 'log-loss' : 'squared-error';
	if (seed !== undefined) out.seed = seed;
	return out as Partial<GbdtParams>;
}

/** Canonical CSV of the training rows (features, then the target), hashed as the challenger's reference. */
function trainingCsv(card: ModelCard, split: EncodedSplit): string {
	const header = [...card.features.map((f) => f.name), card.target.name]
		.map((h) => JSON.stringify(h))
		.join(',');
	const lines = [header];
	for (let i = 0; i < split.y.length; i++)
		lines.push(
			[
				...split.columns.map((c) => (Number.isNaN(c[i]) ? '' : String(c[i]))),
				String(split.y[i])
			].join(',')
		);
	return lines.join('\n') + '\n';
}

export interface ChallengerSpecOptions {
	version: string;
	/** Training rows (labelled predictions before the holdout, plus original data), oldest first. */
	train: EncodedSplit;
	/** The holdout, reported as the card's `test` metrics. */
	holdout: EncodedSplit;
	/** Share of the latest training rows used for early stopping (default 0.15). */
	validationShare?: number;
	seed?: number;
	description: string;
}

/**
 * The training spec of a challenger: the champion's features, target, preprocessing and trainer
 * parameters (so the challenger is a drop-in replacement), trained on newer labelled data. The
 * latest `validationShare` of the training rows is the early-stopping set.
 *
 * @example
 * const built = await buildModel(challengerSpec(champion, { version: '1.1.0', train, holdout, description }), options);
 */
export function challengerSpec(champion: ModelCard, options: ChallengerSpecOptions): DemoModelSpec {
	const task = retrainTask(champion);
	const n = options.train.y.length;
	if (n < 20)
		throw new ChallengerDataError(
			`${n} training rows: at least 20 are needed to train a challenger`
		);
	const share = options.validationShare ?? 0.15;
	const cut = n - Math.max(1, Math.round(n * share));
	const regression = champion.outputs[0];
	return {
		name: champion.name,
		version: options.version,
		title: champion.title ?? champion.name,
		description: champion.description ?? `${champion.name} challenger`,
		task,
		features: champion.features,
		target: champion.target,
		preprocessing: champion.preprocessing,
		outputDescription: regression.description,
		outputUnit: regression.unit,
		classes: champion.target.classes,
		params: paramsFromCard(champion, options.seed),
		train: slice(options.train, 0, cut),
		validation: slice(options.train, cut, n),
		test: options.holdout,
		referenceCsv: trainingCsv(champion, options.train),
		reference: {
			location: champion.reference.location,
			description: options.description
		},
		dataDescription: options.description,
		attribution: champion.attribution
	};
}

/**
 * The original training data as an encoded split: the card's features (`input`, already in the
 * model's input shape) and its target column, each label checked as training labels are. Throws a
 * ChallengerDataError naming `source`, the row and the problem.
 *
 * @example
 * const split = originalSplit(card, columns, modelInput(card, columns), 'the reference data');
 */
export function originalSplit(
	card: ModelCard,
	columns: readonly ColumnData[],
	input: InputColumns,
	source: string
): EncodedSplit {
	const task = retrainTask(card);
	const names = [...card.features.map((f) => f.name), card.target.name];
	const present = new Set(columns.map((c) => c.name));
	const missing = names.filter((n) => !present.has(n));
	if (missing.length)
		throw new ChallengerDataError(`${source} lacks the column(s) ${missing.join(', ')}`);
	const target = columns.find((c) => c.name === card.target.name)!;
	const rows = target.type === 'numerical' ? target.values.length : target.codes.length;
	const y = new Float64Array(rows);
	for (let i = 0; i < rows; i++) {
		const raw =
			target.type === 'numerical'
				? target.values[i]
				: target.codes[i] < 0
					? undefined
					: target.categories[target.codes[i]];
		const value =
			typeof raw === 'string' && task === 'regression' && Number.isFinite(Number(raw))
				? Number(raw)
				: raw;
		if (value === undefined || (typeof value === 'number' && !Number.isFinite(value)))
			throw new ChallengerDataError(`${source}: row ${i + 1} has no ${card.target.name}`);
		const converted = labelToNumber(value, task, card.target.classes);
		if ('error' in converted)
			throw new ChallengerDataError(`${source}: row ${i + 1}: ${converted.error}`);
		y[i] = converted.value;
	}
	try {
		return { columns: toColumns(card, input, rows), y };
	} catch (err) {
		throw new ChallengerDataError(`${source}: ${err instanceof Error ? err.message : String(err)}`);
	}
}
