import { tableFromIPC } from 'apache-arrow';
import { initSync, readParquet } from 'parquet-wasm/esm';
import parquetWasm from 'parquet-wasm/esm/parquet_wasm_bg.wasm';
import { ApiError } from '../errors';

let ready = false;

const RECORD_FIELDS = new Set([
	'schema',
	'id',
	'model',
	'model_version',
	'device',
	'ts',
	'prediction',
	'probability',
	'label',
	'latency_seconds'
]);

function plain(value: unknown): unknown {
	if (typeof value === 'bigint') return Number(value);
	if (value instanceof Date) return value.toISOString();
	if (ArrayBuffer.isView(value) && !(value instanceof DataView))
		return Array.from(value as unknown as ArrayLike<number>, (v) => plain(v));
	if (value !== null && typeof value === 'object') {
		const json = (value as { toJSON?: () => unknown }).toJSON?.();
		if (Array.isArray(json)) return json.map(plain);
		if (json !== undefined && json !== value) return plain(json);
		return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plain(v)]));
	}
	return value;
}

/**
 * Decodes a Parquet file of prediction records (parquet-wasm, then Arrow IPC) into plain objects
 * for validation. Layout: the record fields as columns, and the features either as a struct column
 * `features` or as the remaining flat columns (what DuckDB's `COPY … TO 'x.parquet'` writes). A
 * timestamp column `ts` becomes ISO 8601 UTC.
 *
 * @example
 * const raw = decodeParquetRecords(bytes); // [{ id, model, …, features: { x: 1 } }, …]
 */
export function decodeParquetRecords(bytes: Uint8Array): unknown[] {
	if (!ready) {
		initSync({ module: parquetWasm });
		ready = true;
	}
	let table;
	try {
		const wasmTable = readParquet(bytes);
		table = tableFromIPC(wasmTable.intoIPCStream());
	} catch (err) {
		throw new ApiError(
			400,
			'bad_request',
			`The body is not a readable Parquet file: ${err instanceof Error ? err.message.slice(0, 200) : 'decode error'}`
		);
	}
	const names = table.schema.fields.map((f) => f.name);
	const tsIsTimestamp = table.schema.fields.find((f) => f.name === 'ts')?.typeId === 10;
	const hasStruct = names.includes('features');
	const out: unknown[] = [];
	for (const row of table) {
		const obj = plain(row) as Record<string, unknown>;
		const record: Record<string, unknown> = {};
		const features: Record<string, unknown> = hasStruct
			? ((obj.features as Record<string, unknown>) ?? {})
			: {};
		for (const name of names) {
			if (name === 'features' && hasStruct) continue;
			const value = obj[name];
			if (RECORD_FIELDS.has(name)) {
				// Absent optional fields are null in a columnar file; the JSON contract wants them absent.
				if (value !== null && value !== undefined) record[name] = value;
			} else if (!hasStruct) {
				features[name] = value ?? null;
			}
		}
		if (tsIsTimestamp && typeof record.ts === 'number')
			record.ts = new Date(record.ts).toISOString();
		record.features = features;
		out.push(record);
	}
	return out;
}
