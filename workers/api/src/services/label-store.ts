import { storedLabelSchema, type StoredLabel } from '../../../../src/lib/contracts/label';
import type { PredictionRecord } from '../../../../src/lib/contracts/prediction';
import type { ObjectStore } from '../store';
import { labelPrefix, parsePredictionKey, predictionPrefix } from '../store/keys';

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/**
 * The UTC date of a ULID's timestamp (its first 10 characters). Labels are partitioned by the date
 * of the record id they label, so the labels of any set of predictions sit in known partitions
 * whatever the prediction's `ts` or the label's arrival time.
 *
 * @example
 * ulidDate('01JD0000000000000000000000'); // '2024-11-…'
 */
export function ulidDate(id: string): string {
	let ms = 0;
	for (let i = 0; i < 10; i++) ms = ms * 32 + CROCKFORD.indexOf(id[i]);
	return new Date(ms).toISOString().slice(0, 10);
}

/** Lists every key under a prefix, page by page. */
async function listKeys(store: ObjectStore, prefix: string): Promise<string[]> {
	const keys: string[] = [];
	let cursor: string | undefined;
	do {
		const page = await store.list({ prefix, cursor });
		for (const o of page.objects) keys.push(o.key);
		cursor = page.cursor;
	} while (cursor);
	return keys;
}

/** One NDJSON line, or undefined when it is not JSON (a damaged object must not fail every query). */
function parseLine(line: string): unknown {
	try {
		return JSON.parse(line);
	} catch {
		return undefined;
	}
}

/** Reads NDJSON objects in parallel, a few at a time, so large partitions do not open hundreds of reads. */
async function readLines(store: ObjectStore, keys: string[]): Promise<string[][]> {
	const out: string[][] = new Array(keys.length);
	let next = 0;
	const worker = async () => {
		while (next < keys.length) {
			const i = next++;
			const object = await store.get(keys[i]);
			out[i] = object ? (await object.text()).split('\n').filter((l) => l.trim() !== '') : [];
		}
	};
	await Promise.all(Array.from({ length: Math.min(6, keys.length) }, worker));
	return out;
}

/**
 * Every stored label of the records whose ids are given (all labels of their partitions, so the
 * caller can also see labels of records it did not ask for; it filters by id when it must).
 *
 * @example
 * const labels = await readLabelsFor(store, predictions.map((p) => p.id));
 */
export async function readLabelsFor(
	store: ObjectStore,
	ids: Iterable<string>
): Promise<StoredLabel[]> {
	const dates = new Set<string>();
	for (const id of ids) dates.add(ulidDate(id));
	const keys = (
		await Promise.all([...dates].sort().map((d) => listKeys(store, labelPrefix(d))))
	).flat();
	const labels: StoredLabel[] = [];
	for (const lines of await readLines(store, keys))
		for (const line of lines) {
			const parsed = storedLabelSchema.safeParse(parseLine(line));
			if (parsed.success) labels.push(parsed.data);
		}
	return labels;
}

/**
 * The prediction records of a model stored under dates [fromDate, toDate] (YYYY-MM-DD, inclusive);
 * the caller filters by exact `ts`. Parquet uploads are stored as NDJSON, so NDJSON is all there is.
 *
 * @example
 * const records = await readPredictions(store, 'penicillin-soft-sensor', '2026-11-20', '2026-11-22');
 */
export async function readPredictions(
	store: ObjectStore,
	model: string,
	fromDate: string,
	toDate: string
): Promise<PredictionRecord[]> {
	const keys = (await listKeys(store, predictionPrefix(model))).filter((key) => {
		const parsed = parsePredictionKey(key);
		return (
			parsed !== undefined &&
			key.endsWith('.ndjson') &&
			parsed.date >= fromDate &&
			parsed.date <= toDate
		);
	});
	const records: PredictionRecord[] = [];
	const seen = new Set<string>();
	for (const lines of await readLines(store, keys))
		for (const line of lines) {
			const record = parseLine(line) as PredictionRecord | undefined;
			if (!record || typeof record.id !== 'string' || typeof record.ts !== 'string') continue;
			// A record id is stored once per batch; a device that re-sent a record under a new batch
			// key must not count twice.
			if (seen.has(record.id)) continue;
			seen.add(record.id);
			records.push(record);
		}
	return records;
}
