import type {
	PredictionIngestResult,
	PredictionRecord,
	StoredPredictionObject
} from '../../../../src/lib/contracts/prediction';
import { fleetOf, gateOf } from '../env';
import { storeFromEnv, type ByteRange, type ObjectInfo, type ObjectStore } from '../store';
import { parsePredictionKey, predictionKey, predictionPrefix } from '../store/keys';
import { claimBatch } from './idempotency';

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

/** Records per model and version of a batch, for the stored-records counter. */
function versionCounts(records: PredictionRecord[]) {
	const versions = new Map<string, { model: string; model_version: string; records: number }>();
	for (const r of records) {
		const v = `${r.model}\u0000${r.model_version}`;
		const entry = versions.get(v) ?? { model: r.model, model_version: r.model_version, records: 0 };
		entry.records++;
		versions.set(v, entry);
	}
	return [...versions.values()];
}

/**
 * Stores a validated batch of prediction records once per (token, Idempotency-Key): claimed in
 * the token's IngestGate first, written as one NDJSON object per model, UTC date and device, then
 * completed with its answer. A retry of the same body replays the first answer; when storage
 * fails, the objects already written are removed and the claim released, so a retry stores the
 * batch once.
 *
 * @example
 * const { replayed, result } = await ingestPredictions(env, { caller: 'tablets', key, bytes, records });
 */
export async function ingestPredictions(
	env: Env,
	input: { caller: string; key: string; bytes: Uint8Array; records: PredictionRecord[] }
): Promise<PredictionIngestResult> {
	const { records } = input;
	const fleet = fleetOf(env);
	// Keys are per token, so two devices cannot collide on each other's keys.
	const scopedKey = `${input.caller}\u0000${input.key}`;
	const gate = gateOf(env, input.caller);
	const claim = await claimBatch<PredictionIngestResult>(env, input.caller, scopedKey, input.bytes);
	if ('replay' in claim) return { ...claim.replay, replayed: true };

	const store = storeFromEnv(env);
	const { batch } = claim;
	const groups = groupRecords(records);
	const objects: StoredPredictionObject[] = groups.map((group) => ({
		key: predictionKey({ model: group.model, date: group.date, device: group.device, batch }),
		model: group.model,
		date: group.date,
		device: group.device,
		records: group.records.length,
		size: 0
	}));
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
		await gate.release(scopedKey);
		throw err;
	}
	const result: PredictionIngestResult = {
		schema: 'vigil.prediction-ingest/1',
		batch,
		records: records.length,
		objects,
		replayed: false
	};
	// Indexed before the answer is recorded: a crash in between leaves the claim open, and its retry
	// rewrites the same objects and indexes nothing twice.
	await fleet.recordBatches(
		objects.map((o) => ({
			key: o.key,
			model: o.model,
			model_version: records.find((r) => r.model === o.model)!.model_version,
			device: o.device,
			date: o.date,
			records: o.records
		})),
		versionCounts(records)
	);
	await gate.complete(scopedKey, JSON.stringify(result));
	return result;
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
		model: parsed.model,
		date: parsed.date,
		device: parsed.device,
		records,
		size: info.size,
		uploaded: info.uploaded.toISOString()
	};
}

/**
 * One page of the stored prediction objects of a model, dates inclusive, with the cursor of the
 * next page when there is one.
 *
 * @example
 * const { objects, cursor } = await listPredictionObjects(env, { model: 'm', limit: 100 });
 */
export async function listPredictionObjects(
	env: Env,
	query: { model: string; from?: string; to?: string; limit: number; cursor?: string }
): Promise<{ objects: StoredPredictionObject[]; cursor?: string }> {
	const store = storeFromEnv(env);
	const objects: StoredPredictionObject[] = [];
	let cursor = query.cursor;
	do {
		const page = await store.list({
			prefix: predictionPrefix(query.model),
			cursor,
			limit: Math.min(1000, query.limit - objects.length)
		});
		cursor = page.cursor;
		for (const info of page.objects) {
			const described = await describe(store, info);
			if (!described) continue;
			if (query.from && described.date < query.from) continue;
			if (query.to && described.date > query.to) continue;
			objects.push(described);
		}
	} while (cursor && objects.length < query.limit);
	return { objects, ...(cursor ? { cursor } : {}) };
}

/**
 * One stored prediction object (or the asked byte range of it), or null when there is none.
 *
 * @example
 * const object = await readPredictionObject(env, key, { offset: 0, length: 100 });
 */
export function readPredictionObject(env: Env, key: string, range?: ByteRange) {
	return storeFromEnv(env).get(key, { range });
}
