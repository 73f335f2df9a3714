import { Hono, type Context } from 'hono';
import {
	labelSchema,
	type CoverageWindow,
	type Label,
	type LabelCoverage,
	type LabelHistory,
	type LabelIngestResult,
	type LabelledPrediction,
	type LabelledPredictions,
	type StoredLabel
} from '../../../../src/lib/contracts/label';
import type { PerformanceSeries } from '../../../../src/lib/contracts/evaluation';
import { safeNameSchema, ulidSchema } from '../../../../src/lib/contracts/common';
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
import { requireScope } from '../auth';
import { batchItems, readBody, validateBatch } from '../body';
import { ApiError } from '../errors';
import { fleetOf, limits, type AppEnv } from '../env';
import { claimBatch, idempotencyKey } from '../idempotency';
import { currentCard, taskOfCard } from '../labels/model-task';
import { labelObjectKey, readLabelsFor, readPredictions, ulidDate } from '../labels/label-store';
import { storeFromEnv, StorageError } from '../storage';
import type { ModelCard } from '../../../../src/lib/contracts/model-card';

const DAY_MS = 86_400_000;

/** Splits a JSON or NDJSON body into raw labels. */
function rawLabels(c: Context<AppEnv>, bytes: Uint8Array): unknown[] {
	return batchItems(c, bytes, {
		field: 'labels',
		shape: 'A JSON label batch is an array of labels or { "labels": [...] }',
		accepted: 'application/json or application/x-ndjson'
	});
}

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
				{
					label: i,
					model,
					task: card.task
				}
			);
	}
}

function timeParam(value: string | undefined, name: string): number | undefined {
	if (value === undefined || value === '') return undefined;
	const t = Date.parse(value);
	if (!/^\d{4}-\d{2}-\d{2}/.test(value) || Number.isNaN(t))
		throw new ApiError(
			400,
			'bad_request',
			`Query parameter ${name} must be an ISO date or timestamp`
		);
	return t;
}

/** `30m`, `12h`, `1d`, `7d` → milliseconds. */
function durationParam(value: string | undefined, name: string): number | undefined {
	if (value === undefined || value === '') return undefined;
	const m = /^(\d{1,5})(m|h|d)$/.exec(value);
	if (!m || Number(m[1]) === 0)
		throw new ApiError(
			400,
			'bad_request',
			`Query parameter ${name} must be a duration such as 30m, 12h or 1d`
		);
	return Number(m[1]) * { m: 60_000, h: 3_600_000, d: DAY_MS }[m[2] as 'm' | 'h' | 'd'];
}

function modelParam(c: Context<AppEnv>): string {
	const model = c.req.query('model');
	if (!model || !safeNameSchema.safeParse(model).success)
		throw new ApiError(
			400,
			'bad_request',
			'Query parameter model is required and must be a model name'
		);
	return model;
}

/** The range and window of a coverage or performance query (default: the last 7 days). */
function rangeParams(c: Context<AppEnv>, defaultWindowMs?: number) {
	const to = timeParam(c.req.query('to'), 'to') ?? Date.now();
	const from = timeParam(c.req.query('from'), 'from') ?? to - 7 * DAY_MS;
	if (!(to > from)) throw new ApiError(400, 'bad_request', 'Query parameter to must be after from');
	const windowMs = durationParam(c.req.query('window'), 'window') ?? defaultWindowMs ?? to - from;
	if ((to - from) / windowMs > 1000)
		throw new ApiError(
			400,
			'bad_request',
			'At most 1000 windows per query: use a longer window or a shorter range'
		);
	return { from, to, windowMs };
}

/** Predictions of a model in [from, to) with every stored label of their records. */
async function joinedInputs(env: Env, model: string, from: number, to: number) {
	const store = storeFromEnv(env);
	const day = (t: number) => new Date(t).toISOString().slice(0, 10);
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

/** /api/v1/labels and /api/v1/performance: delayed labels joined to predictions at read time. */
export const labels = new Hono<AppEnv>()
	.post('/labels', requireScope('ingest'), async (c) => {
		const key = idempotencyKey(c, 'POST /api/v1/labels');
		const { maxBodyBytes, maxBatchRecords } = limits(c.env);
		const bytes = await readBody(c, maxBodyBytes);
		const incoming = validateBatch(rawLabels(c, bytes), labelSchema, maxBatchRecords, {
			item: 'Label',
			items: 'labels',
			contract: 'vigil.label/1',
			detail: 'label',
			repeatHint: '; send corrections in a later batch with a later observed_at'
		});
		await checkLabelTypes(c.env, incoming);

		const fleet = fleetOf(c.env);
		// Label keys live beside prediction keys in the same table; the prefix keeps them apart.
		const scopedKey = `${c.get('caller')!.name}\u0000labels\u0000${key}`;
		const claim = await claimBatch<LabelIngestResult>(c, scopedKey, bytes);
		if ('replay' in claim)
			return c.json({ ...claim.replay, replayed: true } satisfies LabelIngestResult, 200);

		const store = storeFromEnv(c.env);
		const { batch } = claim;
		const receivedAt = new Date().toISOString();
		const stored: StoredLabel[] = incoming.map((l) => ({
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
				const objectKey = labelObjectKey(date, batch);
				await store.put(objectKey, group.map((l) => JSON.stringify(l)).join('\n') + '\n', {
					contentType: 'application/x-ndjson; charset=utf-8',
					custom: { records: String(group.length), batch }
				});
				written.push(objectKey);
			}
		} catch (err) {
			await Promise.allSettled(written.map((k) => store.delete(k)));
			await fleet.release(scopedKey);
			if (err instanceof StorageError)
				throw new ApiError(
					503,
					'storage_unavailable',
					'Object storage did not accept the labels; retry later'
				);
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
		await fleet.complete(scopedKey, JSON.stringify(result), [], []);
		return c.json(result, 201);
	})
	.get('/labels/coverage', requireScope('read'), async (c) => {
		const model = modelParam(c);
		const { from, to, windowMs } = rangeParams(c);
		const { records, resolved } = await joinedInputs(c.env, model, from, to);
		const count = Math.ceil((to - from) / windowMs);
		const windows: CoverageWindow[] = Array.from({ length: count }, (_, i) => ({
			start: new Date(from + i * windowMs).toISOString(),
			end: new Date(Math.min(from + (i + 1) * windowMs, to)).toISOString(),
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
		const body: LabelCoverage = {
			schema: 'vigil.label-coverage/1',
			model,
			from: new Date(from).toISOString(),
			to: new Date(to).toISOString(),
			total: {
				start: new Date(from).toISOString(),
				end: new Date(to).toISOString(),
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
		return c.json(body);
	})
	.get('/labels/joined', requireScope('read'), async (c) => {
		const model = modelParam(c);
		const { from, to } = rangeParams(c);
		const { records, resolved } = await joinedInputs(c.env, model, from, to);
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
		const body: LabelledPredictions = {
			schema: 'vigil.labelled-predictions/1',
			model,
			from: new Date(from).toISOString(),
			to: new Date(to).toISOString(),
			predictions: records.length,
			labelled: joined.length,
			coverage: records.length ? joined.length / records.length : null,
			records: joined
		};
		return c.json(body);
	})
	.get('/labels/:id', requireScope('read'), async (c) => {
		const id = c.req.param('id');
		if (!ulidSchema.safeParse(id).success)
			throw new ApiError(
				400,
				'bad_request',
				'A label is addressed by the record id it labels (a ULID)'
			);
		const entry = resolveLabels(
			(await readLabelsFor(storeFromEnv(c.env), [id])).filter((l) => l.id === id)
		).get(id);
		if (!entry) throw new ApiError(404, 'not_found', `No label for record ${id}`);
		return c.json({ schema: 'vigil.label-history/1', id, ...entry } satisfies LabelHistory);
	})
	.get('/performance', requireScope('read'), async (c) => {
		const model = modelParam(c);
		const { from, to, windowMs } = rangeParams(c, DAY_MS);
		const minCoverageText = c.req.query('min_coverage');
		const minCoverage =
			minCoverageText === undefined || minCoverageText === '' ? 0.3 : Number(minCoverageText);
		if (!(minCoverage >= 0 && minCoverage <= 1))
			throw new ApiError(
				400,
				'bad_request',
				'Query parameter min_coverage must be a share between 0 and 1'
			);
		const method = c.req.query('interval') ?? 'bootstrap';
		if (method !== 'bootstrap' && method !== 'analytic')
			throw new ApiError(
				400,
				'bad_request',
				'Query parameter interval must be bootstrap or analytic'
			);
		const taskText = c.req.query('task');
		if (taskText !== undefined && taskText !== 'regression' && taskText !== 'binary')
			throw new ApiError(400, 'bad_request', 'Query parameter task must be regression or binary');

		const { records, resolved } = await joinedInputs(c.env, model, from, to);
		const fromCard = taskOfCard(await currentCard(c.env, model));
		const task: RetrainTask =
			(taskText as RetrainTask | undefined) ??
			fromCard?.task ??
			(records.some((r) => r.probability !== undefined) ? 'binary' : 'regression');
		const { rows, mismatched } = joinLabels(records, resolved, {
			task,
			classes: fromCard?.classes
		});
		const interval = { ...DEFAULT_INTERVAL, method: method as 'bootstrap' | 'analytic' };
		const body: PerformanceSeries = {
			schema: 'vigil.performance/1',
			model,
			task,
			min_coverage: minCoverage,
			window_seconds: windowMs / 1000,
			interval,
			windows: performanceOverTime(rows, { task, from, to, windowMs, minCoverage, interval }),
			mismatched_labels: mismatched.length
		};
		return c.json(body);
	});
