import { Hono, type Context } from 'hono';
import {
	predictionRecordSchema,
	type PredictionIngestResult,
	type PredictionRecord,
	type StoredPredictionObject
} from '../../../../src/lib/contracts/prediction';
import { safeNameSchema } from '../../../../src/lib/contracts/common';
import { requireScope } from '../auth';
import { batchItems, mediaType, readBody, validateBatch } from '../body';
import { ApiError } from '../errors';
import { fleetOf, limits, type AppEnv } from '../env';
import { claimBatch, idempotencyKey } from '../idempotency';
import { decodeParquetRecords } from '../parquet';
import { serveObject } from '../serve-object';
import { storeFromEnv, StorageError, type ObjectInfo, type ObjectStore } from '../storage';

const OBJECT_KEY =
	/^predictions\/model=([A-Za-z0-9][A-Za-z0-9._-]{0,127})\/date=(\d{4}-\d{2}-\d{2})\/device=([A-Za-z0-9][A-Za-z0-9._-]{0,127})\/([0-9A-HJKMNP-TV-Z]{26})\.(ndjson|parquet)$/;

/** Parses the key of a stored prediction object, or undefined when it is not one (traversal, markup…). */
export function parsePredictionKey(
	key: string
): { model: string; date: string; device: string } | undefined {
	const m = OBJECT_KEY.exec(key);
	if (!m || key.includes('..')) return undefined;
	return { model: m[1], date: m[2], device: m[3] };
}

/** Splits an uploaded body into raw records by its media type. */
async function rawRecords(c: Context<AppEnv>, bytes: Uint8Array): Promise<unknown[]> {
	const type = mediaType(c);
	const isParquet =
		type === 'application/vnd.apache.parquet' ||
		type === 'application/x-parquet' ||
		(type === 'application/octet-stream' &&
			bytes.length >= 4 &&
			String.fromCharCode(...bytes.subarray(0, 4)) === 'PAR1');
	if (isParquet) return decodeParquetRecords(bytes);
	return batchItems(c, bytes, {
		field: 'records',
		shape: 'A JSON batch is an array of prediction records or { "records": [...] }',
		accepted: 'application/json, application/x-ndjson or application/vnd.apache.parquet'
	});
}

interface Group {
	model: string;
	date: string;
	device: string;
	records: PredictionRecord[];
}

function groupRecords(records: PredictionRecord[]): Group[] {
	const groups = new Map<string, Group>();
	for (const record of records) {
		const date = new Date(record.ts).toISOString().slice(0, 10);
		const id = `${record.model}\u0000${date}\u0000${record.device}`;
		let group = groups.get(id);
		if (!group)
			groups.set(id, (group = { model: record.model, date, device: record.device, records: [] }));
		group.records.push(record);
	}
	return [...groups.values()];
}

function toNdjson(records: PredictionRecord[]): string {
	return (
		records.map((r) => JSON.stringify({ schema: 'vigil.prediction/1', ...r })).join('\n') + '\n'
	);
}

/** Reads a stored object's info with the record count, asking `head` when the listing lacks metadata. */
async function describe(
	store: ObjectStore,
	info: ObjectInfo
): Promise<StoredPredictionObject | undefined> {
	const parsed = parsePredictionKey(info.key);
	if (!parsed) return undefined;
	let records = Number(info.metadata.custom?.records);
	if (!Number.isFinite(records))
		records = Number((await store.head(info.key))?.metadata.custom?.records ?? 0);
	return {
		key: info.key,
		...parsed,
		records,
		size: info.size,
		uploaded: info.uploaded.toISOString()
	};
}

function dateParam(value: string | undefined, name: string): string | undefined {
	if (value === undefined || value === '') return undefined;
	const t = Date.parse(value);
	if (!/^\d{4}-\d{2}-\d{2}/.test(value) || Number.isNaN(t))
		throw new ApiError(
			400,
			'bad_request',
			`Query parameter ${name} must be an ISO date or timestamp`
		);
	return new Date(t).toISOString().slice(0, 10);
}

/** /api/v1/predictions: append-only batches of prediction records in object storage. */
export const predictions = new Hono<AppEnv>()
	.post('/predictions', requireScope('ingest'), async (c) => {
		const key = idempotencyKey(c, 'POST /api/v1/predictions');
		const { maxBodyBytes, maxBatchRecords } = limits(c.env);
		const bytes = await readBody(c, maxBodyBytes);
		const records = validateBatch(
			await rawRecords(c, bytes),
			predictionRecordSchema,
			maxBatchRecords,
			{
				item: 'Record',
				items: 'records',
				contract: 'vigil.prediction/1',
				detail: 'record'
			}
		);

		const fleet = fleetOf(c.env);
		// Keys are per token, so two devices cannot collide on each other's keys.
		const scopedKey = `${c.get('caller')!.name}\u0000${key}`;
		const claim = await claimBatch<PredictionIngestResult>(c, scopedKey, bytes);
		if ('replay' in claim)
			return c.json({ ...claim.replay, replayed: true } satisfies PredictionIngestResult, 200);

		const store = storeFromEnv(c.env);
		const { batch } = claim;
		const groups = groupRecords(records);
		const objects: StoredPredictionObject[] = groups.map((group) => ({
			key: `predictions/model=${group.model}/date=${group.date}/device=${group.device}/${batch}.ndjson`,
			model: group.model,
			date: group.date,
			device: group.device,
			records: group.records.length,
			size: 0
		}));
		const versions = new Map<string, { model: string; model_version: string; records: number }>();
		for (const r of records) {
			const v = `${r.model}\u0000${r.model_version}`;
			const entry = versions.get(v) ?? {
				model: r.model,
				model_version: r.model_version,
				records: 0
			};
			entry.records++;
			versions.set(v, entry);
		}
		try {
			// The objects of one batch are independent: write them concurrently.
			await Promise.all(
				groups.map(async (group, i) => {
					const body = new TextEncoder().encode(toNdjson(group.records));
					objects[i].size = body.byteLength;
					await store.put(objects[i].key, body, {
						contentType: 'application/x-ndjson; charset=utf-8',
						custom: { records: String(group.records.length), batch }
					});
				})
			);
		} catch (err) {
			// Nothing is acknowledged: objects already written are removed so a retry stores the batch once.
			await Promise.allSettled(objects.map((o) => store.delete(o.key)));
			await fleet.release(scopedKey);
			if (err instanceof StorageError)
				throw new ApiError(
					503,
					'storage_unavailable',
					'Object storage did not accept the batch; retry later'
				);
			throw err;
		}
		const result: PredictionIngestResult = {
			schema: 'vigil.prediction-ingest/1',
			batch,
			records: records.length,
			objects,
			replayed: false
		};
		await fleet.complete(
			scopedKey,
			JSON.stringify(result),
			objects.map((o) => ({
				key: o.key,
				model: o.model,
				model_version: records.find((r) => r.model === o.model)!.model_version,
				device: o.device,
				date: o.date,
				records: o.records
			})),
			[...versions.values()]
		);
		return c.json(result, 201);
	})
	.get('/predictions', requireScope('read'), async (c) => {
		const model = c.req.query('model');
		if (!model || !safeNameSchema.safeParse(model).success)
			throw new ApiError(
				400,
				'bad_request',
				'Query parameter model is required and must be a model name'
			);
		const from = dateParam(c.req.query('from'), 'from');
		const to = dateParam(c.req.query('to'), 'to');
		const limit = Math.max(1, Math.min(Number(c.req.query('limit') ?? 100) || 100, 1000));
		const store = storeFromEnv(c.env);
		const objects: StoredPredictionObject[] = [];
		let cursor = c.req.query('cursor') || undefined;
		do {
			const page = await store.list({
				prefix: `predictions/model=${model}/`,
				cursor,
				limit: Math.min(1000, limit - objects.length)
			});
			cursor = page.cursor;
			for (const info of page.objects) {
				const described = await describe(store, info);
				if (!described) continue;
				if (from && described.date < from) continue;
				if (to && described.date > to) continue;
				objects.push(described);
			}
		} while (cursor && objects.length < limit);
		return c.json({ objects, ...(cursor ? { cursor } : {}) });
	})
	.get('/predictions/:key{.+}', requireScope('read'), async (c) => {
		let key = c.req.param('key');
		if (!key.startsWith('predictions/')) key = `predictions/${key}`;
		if (!parsePredictionKey(key))
			throw new ApiError(
				400,
				'bad_request',
				'Not a prediction object key (predictions/model=<m>/date=<YYYY-MM-DD>/device=<d>/<ULID>.ndjson)'
			);
		return serveObject(c, storeFromEnv(c.env), key);
	});
