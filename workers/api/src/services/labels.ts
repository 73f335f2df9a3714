import type {
	CoverageWindow,
	Label,
	LabelCoverage,
	LabelHistory,
	LabelIngestResult,
	LabelledPrediction,
	LabelledPredictions,
	StoredLabel
} from '../../../../src/lib/contracts/label';
import type { PerformanceSeries } from '../../../../src/lib/contracts/evaluation';
import type { ModelCard } from '../../../../src/lib/contracts/model-card';
import {
	joinLabels,
	labelChanges,
	labelToNumber,
	resolveLabels,
	type RetrainTask
} from '../../../../src/lib/retrain/join-labels';
import {
	DEFAULT_INTERVAL,
	performanceOverTime
} from '../../../../src/lib/retrain/performance-window';
import { ApiError } from '../errors';
import { gateOf } from '../env';
import { storeFromEnv } from '../store';
import { labelKey } from '../store/keys';
import { claimBatch } from './idempotency';
import { readLabelsFor, readPredictions, ulidDate } from './label-store';
import { currentCard, taskOfCard } from './model-task';

const iso = (t: number) => new Date(t).toISOString();

/** Refuses labels whose type does not fit the card of the model they name. */
async function checkLabelTypes(env: Env, labels: Label[]): Promise<void> {
	const cards = new Map<string, ModelCard | undefined>();
	for (let i = 0; i < labels.length; i++) {
		const model = labels[i].model;
		if (!model) continue;
		if (!cards.has(model)) cards.set(model, await currentCard(env, model));
		const card = cards.get(model);
		if (!card) continue;
		const label = labels[i].label;
		let error: string | undefined;
		if (card.task === 'multiclass') {
			const classes = card.target.classes ?? [];
			const ok =
				typeof label === 'string'
					? classes.includes(label)
					: typeof label === 'number' &&
						Number.isInteger(label) &&
						label >= 0 &&
						(classes.length === 0 || label < classes.length);
			if (!ok)
				error = `a multiclass label must be a class name or a class index, got ${JSON.stringify(label)}`;
		} else {
			const converted = labelToNumber(label, card.task, card.target.classes);
			if ('error' in converted) error = converted.error;
		}
		if (error)
			throw new ApiError(
				422,
				'unprocessable',
				`Label ${i} (${labels[i].id}) has the wrong type for ${model}@${card.version}: ${error}`,
				{ label: i, model, task: card.task }
			);
	}
}

/**
 * Stores a validated batch of delayed labels once per (token, Idempotency-Key), partitioned by the
 * date of the record id each labels, and answers which labels changed a label in force. Labels of
 * ids with no prediction yet are kept and joined when the prediction arrives.
 *
 * @example
 * const result = await ingestLabels(env, { caller: 'lab', key, bytes, labels });
 */
export async function ingestLabels(
	env: Env,
	input: { caller: string; key: string; bytes: Uint8Array; labels: Label[] }
): Promise<LabelIngestResult> {
	await checkLabelTypes(env, input.labels);
	const gate = gateOf(env, input.caller);
	// Label keys live beside the token's prediction keys; the prefix keeps them apart.
	const scopedKey = `${input.caller}\u0000labels\u0000${input.key}`;
	const claim = await claimBatch<LabelIngestResult>(env, input.caller, scopedKey, input.bytes);
	if ('replay' in claim) return { ...claim.replay, replayed: true };

	const store = storeFromEnv(env);
	const { batch } = claim;
	const receivedAt = new Date().toISOString();
	const stored: StoredLabel[] = input.labels.map((l) => ({
		schema: 'vigil.label/1',
		id: l.id,
		label: l.label,
		observed_at: l.observed_at,
		...(l.model ? { model: l.model } : {}),
		batch,
		received_at: receivedAt
	}));
	const written: string[] = [];
	let changed;
	try {
		const existing = (
			await readLabelsFor(
				store,
				stored.map((l) => l.id)
			)
		).filter(
			// Objects of this very batch exist when a crashed upload is retried.
			(l) => l.batch !== batch
		);
		changed = labelChanges(resolveLabels(existing), stored);
		const byDate = new Map<string, StoredLabel[]>();
		for (const label of stored) {
			const date = ulidDate(label.id);
			byDate.set(date, [...(byDate.get(date) ?? []), label]);
		}
		for (const [date, group] of byDate) {
			const objectKey = labelKey(date, batch);
			await store.put(objectKey, group.map((l) => JSON.stringify(l)).join('\n') + '\n', {
				contentType: 'application/x-ndjson; charset=utf-8',
				custom: { records: String(group.length), batch }
			});
			written.push(objectKey);
		}
	} catch (err) {
		await Promise.allSettled(written.map((k) => store.delete(k)));
		await gate.release(scopedKey);
		throw err;
	}
	const result: LabelIngestResult = {
		schema: 'vigil.label-ingest/1',
		batch,
		labels: stored.length,
		objects: written,
		changed,
		replayed: false
	};
	await gate.complete(scopedKey, JSON.stringify(result));
	return result;
}

/** A model's predictions in [from, to) with every stored label of their records. */
async function joinedInputs(env: Env, model: string, from: number, to: number) {
	const store = storeFromEnv(env);
	const day = (t: number) => iso(t).slice(0, 10);
	const records = (await readPredictions(store, model, day(from), day(to))).filter((r) => {
		const t = Date.parse(r.ts);
		return t >= from && t < to;
	});
	const labels = await readLabelsFor(
		store,
		records.map((r) => r.id)
	);
	return { records, resolved: resolveLabels(labels) };
}

/** A model and a time range [from, to), cut into windows of `windowMs`. */
export interface LabelRange {
	model: string;
	from: number;
	to: number;
	windowMs: number;
}

/**
 * Label coverage (labelled predictions / predictions) of a model, per window and per version.
 *
 * @example
 * const coverage = await labelCoverage(env, { model, from, to, windowMs: 86_400_000 });
 */
export async function labelCoverage(
	env: Env,
	{ model, from, to, windowMs }: LabelRange
): Promise<LabelCoverage> {
	const { records, resolved } = await joinedInputs(env, model, from, to);
	const count = Math.ceil((to - from) / windowMs);
	const windows: CoverageWindow[] = Array.from({ length: count }, (_, i) => ({
		start: iso(from + i * windowMs),
		end: iso(Math.min(from + (i + 1) * windowMs, to)),
		predictions: 0,
		labelled: 0,
		coverage: null
	}));
	const versions = new Map<string, { predictions: number; labelled: number }>();
	let labelled = 0;
	for (const r of records) {
		const has = resolved.has(r.id) || (r.label !== undefined && r.label !== null);
		const w = windows[Math.floor((Date.parse(r.ts) - from) / windowMs)];
		w.predictions++;
		const v = versions.get(r.model_version) ?? { predictions: 0, labelled: 0 };
		v.predictions++;
		versions.set(r.model_version, v);
		if (has) {
			w.labelled++;
			v.labelled++;
			labelled++;
		}
	}
	for (const w of windows) w.coverage = w.predictions ? w.labelled / w.predictions : null;
	return {
		schema: 'vigil.label-coverage/1',
		model,
		from: iso(from),
		to: iso(to),
		total: {
			start: iso(from),
			end: iso(to),
			predictions: records.length,
			labelled,
			coverage: records.length ? labelled / records.length : null
		},
		by_version: [...versions]
			.sort(([a], [b]) => a.localeCompare(b))
			.map(([model_version, v]) => ({
				model_version,
				...v,
				coverage: v.predictions ? v.labelled / v.predictions : null
			})),
		windows
	};
}

/**
 * The labelled predictions of a model in time order, each with the label in force.
 *
 * @example
 * const joined = await labelledPredictions(env, 'adult', from, to);
 */
export async function labelledPredictions(
	env: Env,
	model: string,
	from: number,
	to: number
): Promise<LabelledPredictions> {
	const { records, resolved } = await joinedInputs(env, model, from, to);
	const joined: LabelledPrediction[] = [];
	for (const r of records) {
		const stored = resolved.get(r.id)?.current;
		const label = stored ? stored.label : (r.label ?? undefined);
		if (label === undefined) continue;
		joined.push({
			...r,
			schema: 'vigil.prediction/1',
			label,
			label_source: stored ? 'labels' : 'record',
			...(stored ? { label_observed_at: stored.observed_at } : {})
		});
	}
	joined.sort((a, b) => Date.parse(a.ts) - Date.parse(b.ts) || a.id.localeCompare(b.id));
	return {
		schema: 'vigil.labelled-predictions/1',
		model,
		from: iso(from),
		to: iso(to),
		predictions: records.length,
		labelled: joined.length,
		coverage: records.length ? joined.length / records.length : null,
		records: joined
	};
}

/**
 * The label in force for a record and every label received for it, or a 404.
 *
 * @example
 * const history = await labelHistory(env, '01J…');
 */
export async function labelHistory(env: Env, id: string): Promise<LabelHistory> {
	const entry = resolveLabels(
		(await readLabelsFor(storeFromEnv(env), [id])).filter((l) => l.id === id)
	).get(id);
	if (!entry) throw new ApiError(404, 'not_found', `No label for record ${id}`);
	return { schema: 'vigil.label-history/1', id, ...entry };
}

/**
 * Performance per window with confidence intervals, once labels cover `minCoverage` of a window.
 * The task comes from the query, else from the model's card, else from the records.
 *
 * @example
 * const series = await performanceSeries(env, range, { minCoverage: 0.3, method: 'bootstrap' });
 */
export async function performanceSeries(
	env: Env,
	{ model, from, to, windowMs }: LabelRange,
	options: { minCoverage: number; method: 'bootstrap' | 'analytic'; task?: RetrainTask }
): Promise<PerformanceSeries> {
	const { records, resolved } = await joinedInputs(env, model, from, to);
	const fromCard = taskOfCard(await currentCard(env, model));
	const task: RetrainTask =
		options.task ??
		fromCard?.task ??
		(records.some((r) => r.probability !== undefined) ? 'binary' : 'regression');
	const { rows, mismatched } = joinLabels(records, resolved, { task, classes: fromCard?.classes });
	const interval = { ...DEFAULT_INTERVAL, method: options.method };
	const { minCoverage } = options;
	return {
		schema: 'vigil.performance/1',
		model,
		task,
		min_coverage: minCoverage,
		window_seconds: windowMs / 1000,
		interval,
		windows: performanceOverTime(rows, { task, from, to, windowMs, minCoverage, interval }),
		mismatched_labels: mismatched.length
	};
}
