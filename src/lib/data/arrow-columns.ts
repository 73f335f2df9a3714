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
 * value buffers; nulls become NaN. `out` (numRows long) is written when given, so the columns of
 * one call can share one buffer.
 *
 * @example
 * const values = readFloat64(conn.query('SELECT CAST(x AS DOUBLE) FROM t'), 0);
 */
export function readFloat64(
	table: ArrowTableLike,
	index: number,
	out = new Float64Array(table.numRows)
): Float64Array {
	const vector = table.getChildAt(index);
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
 * `count` Float64Arrays of `length` values over one new ArrayBuffer. One large allocation instead
 * of one per column: a browser worker allocating twenty 8 MiB buffers in a row spent several
 * times longer in allocation (garbage collection under external-memory pressure) than in copying
 * the values; one buffer is also one transfer to the page.
 *
 * @example
 * const [a, b] = sharedFloat64(2, 1000); // a.buffer === b.buffer
 */
export function sharedFloat64(count: number, length: number): Float64Array<ArrayBuffer>[] {
	const buffer = new ArrayBuffer(count * length * Float64Array.BYTES_PER_ELEMENT);
	return Array.from(
		{ length: count },
		(_, i) => new Float64Array(buffer, i * length * Float64Array.BYTES_PER_ELEMENT, length)
	);
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

/** A floating-point column decoded straight from Arrow, before any DuckDB table exists. */
export interface DirectColumn {
	name: string;
	/** DuckDB's name for the Arrow type: `FLOAT` (Float32) or `DOUBLE` (Float64). */
	storageType: 'FLOAT' | 'DOUBLE';
	values: Float64Array;
	nulls: number;
}

/** The parts of an Arrow table `directFloatColumns` reads (an apache-arrow `Table`). */
export interface ArrowSchemaTableLike extends ArrowTableLike {
	schema: { fields: { name: string; type: { typeId: number; precision?: number } }[] };
}

// apache-arrow's enums (Type.Float = 3; Precision.SINGLE = 1, DOUBLE = 2), as numbers so the
// shape above also fits DuckDB-WASM's own copy of the library.
const ARROW_FLOAT = 3;
const PRECISION_TYPES: Record<number, DirectColumn['storageType']> = { 1: 'FLOAT', 2: 'DOUBLE' };

/**
 * Every column of an Arrow table as a Float64Array (Float32 widened once, nulls as NaN; all
 * over one shared buffer, see `sharedFloat64`), when
 * every column is Float32 or Float64; undefined otherwise. Such a table needs no SQL to be typed
 * (floating-point columns are numerical whatever their values), so its columns can be handed
 * over without a DuckDB round trip.
 *
 * @example
 * const direct = directFloatColumns(tableFromIPC(ipc)); // [{ name: 'x', storageType: 'DOUBLE', values, nulls: 0 }]
 */
export function directFloatColumns(table: ArrowSchemaTableLike): DirectColumn[] | undefined {
	const fields = table.schema.fields;
	const storage = fields.map((f) =>
		f.type.typeId === ARROW_FLOAT ? PRECISION_TYPES[f.type.precision ?? -1] : undefined
	);
	if (fields.length === 0 || storage.some((s) => s === undefined)) return undefined;
	const arrays = sharedFloat64(fields.length, table.numRows);
	return fields.map((f, i) => {
		const vector = table.getChildAt(i);
		const values = arrays[i];
		let nulls = 0;
		let at = 0;
		for (const data of vector?.data ?? []) {
			// Float64Array.set widens a Float32 source in the same pass as the copy.
			values.set(data.values.subarray(data.offset, data.offset + data.length), at);
			if (data.nullCount > 0 && data.nullBitmap) fillNulls(values, at, data, NaN);
			nulls += data.nullCount;
			at += data.length;
		}
		return { name: f.name, storageType: storage[i]!, values, nulls };
	});
}
