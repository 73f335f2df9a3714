import {
	Float64,
	Int32,
	Table,
	Utf8,
	makeVector,
	tableFromIPC,
	tableToIPC,
	vectorFromArray,
	type Vector
} from 'apache-arrow';
import type { ExtraColumn } from './types';

/**
 * Extra columns (predictions) as an Arrow IPC stream with a `__pos` column 0…rows-1 to join on.
 *
 * @example
 * conn.insertArrowFromIPCStream(buildExtraIpc([{ name: 'p', values }], values.length), { name: 'x', create: true });
 */
export function buildExtraIpc(extra: ExtraColumn[], rows: number): Uint8Array {
	const pos = new Int32Array(rows);
	for (let i = 0; i < rows; i++) pos[i] = i;
	const columns: Record<string, Vector> = { __pos: makeVector({ type: new Int32(), data: pos }) };
	for (const e of extra) {
		if (e.values instanceof Float64Array) {
			columns[e.name] = makeVector({ type: new Float64(), data: e.values });
		} else if (e.values instanceof Int32Array) {
			columns[e.name] = makeVector({ type: new Int32(), data: e.values });
		} else {
			columns[e.name] = vectorFromArray(e.values, new Utf8());
		}
	}
	return tableToIPC(new Table(columns), 'stream');
}

/**
 * Rewrites an Arrow IPC file (what DuckDB-WASM's `runQuery` returns) as an IPC stream (what
 * parquet-wasm reads), without decoding values.
 *
 * @example
 * const ipc = fileToStream(conn.useUnsafe((b, c) => b.runQuery(c, sql)));
 */
export function fileToStream(file: Uint8Array): Uint8Array {
	return tableToIPC(tableFromIPC(file), 'stream');
}
