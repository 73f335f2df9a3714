/**
 * The parts of an Apache Arrow table this module reads. DuckDB-WASM builds its tables with its
 * own copy of apache-arrow, so the shape is described here rather than imported by class.
 */
export interface ArrowDataLike {
	values: ArrayLike<number> & { subarray(begin: number, end: number): ArrayLike<number> };
	nullBitmap?: Uint8Array | null;
	nullCount: number;
	offset: number;
	length: number;
}

export interface ArrowVectorLike {
	data: ArrowDataLike[];
	length: number;
	get(index: number): unknown;
}

export interface ArrowTableLike {
	numRows: number;
	getChildAt(index: number): ArrowVectorLike | null;
	getChild(name: string): ArrowVectorLike | null;
}

/**
 * Copies a Float64 column of an Arrow result into one Float64Array, chunk by chunk from the
 * value buffers; nulls become NaN.
 *
 * @example
 * const values = readFloat64(conn.query('SELECT CAST(x AS DOUBLE) FROM t'), 0);
 */
export function readFloat64(table: ArrowTableLike, index: number): Float64Array {
	const vector = table.getChildAt(index);
	const out = new Float64Array(table.numRows);
	if (!vector) return out;
	let at = 0;
	for (const data of vector.data) {
		out.set(data.values.subarray(data.offset, data.offset + data.length), at);
		if (data.nullCount > 0 && data.nullBitmap) {
			fillNulls(out, at, data, NaN);
		}
		at += data.length;
	}
	return out;
}

/**
 * Copies an Int32 column of an Arrow result into one Int32Array; nulls become -1.
 *
 * @example
 * const codes = readInt32(conn.query('SELECT code FROM t'), 0);
 */
export function readInt32(table: ArrowTableLike, index: number): Int32Array {
	const vector = table.getChildAt(index);
	const out = new Int32Array(table.numRows);
	if (!vector) return out;
	let at = 0;
	for (const data of vector.data) {
		out.set(data.values.subarray(data.offset, data.offset + data.length), at);
		if (data.nullCount > 0 && data.nullBitmap) fillNulls(out, at, data, -1);
		at += data.length;
	}
	return out;
}

function fillNulls(
	out: Float64Array | Int32Array,
	at: number,
	data: ArrowDataLike,
	missing: number
) {
	const bitmap = data.nullBitmap!;
	for (let i = 0; i < data.length; i++) {
		const bit = data.offset + i;
		if ((bitmap[bit >> 3] & (1 << (bit & 7))) === 0) out[at + i] = missing;
	}
}
