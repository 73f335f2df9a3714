import { DataError } from './errors';

/** What a HEAD probe learned about a URL that serves byte ranges. */
export interface RangeTarget {
	size: number;
	etag?: string;
}

/** A Parquet file read by ranges: a buffer of the file's size holding only the bytes fetched. */
export interface SparseParquet {
	bytes: Uint8Array;
	/** The byte ranges fetched, `[start, end)`, in file order. */
	ranges: [number, number][];
	bytesRead: number;
	requests: number;
}

/** Thrown when a server that advertised ranges answers a range request with the whole body. */
export class RangesRefused extends Error {}

/** Chunks closer than this are fetched in one request: a request costs more than the gap. */
const COALESCE_GAP = 64 * 1024;

/**
 * Asks the server (HEAD) whether it serves byte ranges; undefined when it does not say so.
 *
 * @example
 * const target = await probeRanges(fetch, 'https://host/api/v1/predictions/k.parquet');
 */
export async function probeRanges(
	fetcher: typeof fetch,
	url: string,
	signal?: AbortSignal
): Promise<RangeTarget | undefined> {
	let response: Response;
	try {
		response = await fetcher(url, { method: 'HEAD', signal });
	} catch {
		if (signal?.aborted) throw signal.reason;
		return undefined;
	}
	if (!response.ok) return undefined;
	const accept = (response.headers.get('accept-ranges') ?? '').toLowerCase();
	const size = Number(response.headers.get('content-length') ?? NaN);
	if (!accept.split(',').some((t) => t.trim() === 'bytes')) return undefined;
	if (!Number.isSafeInteger(size) || size < 12) return undefined;
	// With a content coding, Content-Length and the ranges would count encoded bytes.
	if (response.headers.get('content-encoding')) return undefined;
	return { size, etag: response.headers.get('etag') ?? undefined };
}

/**
 * Reads the footer of a Parquet file and the column chunks of `columns` (top-level names) with
 * HTTP range requests, into a buffer of the file's size; the rest of the buffer stays zero, which
 * a reader projected to the same columns never looks at.
 *
 * @example
 * const sparse = await readParquetRanges(fetch, url, target, 'f.parquet', ['cnt']);
 * const ipc = codec.toIpc(sparse.bytes, ['cnt']);
 */
export async function readParquetRanges(
	fetcher: typeof fetch,
	url: string,
	target: RangeTarget,
	name: string,
	columns: readonly string[],
	signal?: AbortSignal
): Promise<SparseParquet> {
	const { size } = target;
	const bytes = new Uint8Array(size);
	const ranges: [number, number][] = [];
	let requests = 0;
	const get = async (start: number, end: number) => {
		requests++;
		bytes.set(await fetchRange(fetcher, url, target, name, start, end, signal), start);
		ranges.push([start, end]);
	};
	await get(size - 8, size);
	if (!isPar1(bytes, size - 4)) {
		throw new DataError(
			'invalid_parquet',
			`'${name}' is not a Parquet file: it does not end with 'PAR1'.`
		);
	}
	const footerLength = new DataView(bytes.buffer).getUint32(size - 8, true);
	const footerStart = size - 8 - footerLength;
	if (footerStart < 4) {
		throw new DataError(
			'invalid_parquet',
			`'${name}' is a damaged Parquet file: its footer (${footerLength} bytes) is longer than the file.`
		);
	}
	await get(footerStart, size - 8);
	let chunks: ChunkRange[];
	try {
		chunks = columnChunks(bytes.subarray(footerStart, size - 8));
	} catch (err) {
		throw new DataError(
			'invalid_parquet',
			`'${name}' has a damaged Parquet footer: ${(err as Error).message}`
		);
	}
	const names = new Set(chunks.map((c) => c.column));
	const missing = columns.filter((c) => !names.has(c));
	if (missing.length) {
		throw new DataError(
			'unknown_column',
			`'${name}' has no column ${missing.map((m) => `'${m}'`).join(', ')}.`,
			{ columns: missing }
		);
	}
	const wanted = new Set(columns);
	// Every page index is fetched (they are small and lie together): the reader may consult them.
	const spans = coalesce(
		chunks
			.filter((c) => c.index || wanted.has(c.column))
			.map((c) => [c.start, c.end] as [number, number])
	);
	for (const [start, end] of spans) {
		if (start < 4 || end > footerStart) {
			throw new DataError(
				'invalid_parquet',
				`'${name}' is a damaged Parquet file: a column chunk lies outside the data (${start}-${end}).`
			);
		}
		await get(start, end);
	}
	// The reader checks the leading magic only as a file signature; the trailing one was read.
	bytes.set([0x50, 0x41, 0x52, 0x31], 0);
	ranges.sort((a, b) => a[0] - b[0]);
	return { bytes, ranges, bytesRead: ranges.reduce((n, [s, e]) => n + e - s, 0), requests };
}

async function fetchRange(
	fetcher: typeof fetch,
	url: string,
	target: RangeTarget,
	name: string,
	start: number,
	end: number,
	signal?: AbortSignal
): Promise<Uint8Array> {
	// Only `Range` is sent: a single byte range is CORS-safelisted, `If-Match` would need a preflight.
	const headers = { range: `bytes=${start}-${end - 1}` };
	let response: Response;
	try {
		response = await fetcher(url, { headers, signal });
	} catch (err) {
		if (signal?.aborted) throw signal.reason;
		throw new DataError(
			'fetch_failed',
			`Could not fetch bytes of '${name}': ${(err as Error).message}`
		);
	}
	if (response.status === 200) {
		await response.body?.cancel();
		throw new RangesRefused();
	}
	if (response.status === 412 || response.status === 416) {
		await response.body?.cancel();
		throw new DataError(
			'fetch_failed',
			`'${name}' changed on the server while it was being read (${response.status}); load it again.`,
			{ status: response.status }
		);
	}
	if (response.status !== 206) {
		await response.body?.cancel();
		throw new DataError(
			'fetch_failed',
			`Could not fetch bytes of '${name}': the server answered ${response.status} ${response.statusText}.`,
			{ status: response.status }
		);
	}
	const range = /^bytes (\d+)-(\d+)\/(\d+|\*)$/.exec(response.headers.get('content-range') ?? '');
	const etag = response.headers.get('etag');
	if (
		!range ||
		Number(range[1]) !== start ||
		Number(range[2]) !== end - 1 ||
		(range[3] !== '*' && Number(range[3]) !== target.size) ||
		(target.etag && etag && etag !== target.etag)
	) {
		await response.body?.cancel();
		throw new DataError(
			'fetch_failed',
			`'${name}' changed on the server or was served the wrong bytes (asked for ${start}-${end - 1}, got '${response.headers.get('content-range')}').`
		);
	}
	let body: Uint8Array;
	try {
		body = new Uint8Array(await response.arrayBuffer());
	} catch (err) {
		if (signal?.aborted) throw signal.reason;
		throw new DataError(
			'fetch_failed',
			`Downloading bytes ${start}-${end - 1} of '${name}' failed (the response was cut short?): ${(err as Error).message}`
		);
	}
	if (body.byteLength !== end - start) {
		throw new DataError(
			'fetch_failed',
			`Downloading bytes ${start}-${end - 1} of '${name}' was truncated: ${body.byteLength} of ${end - start} bytes arrived.`,
			{ expected: end - start, received: body.byteLength }
		);
	}
	return body;
}

function coalesce(spans: [number, number][]): [number, number][] {
	const sorted = [...spans].sort((a, b) => a[0] - b[0]);
	const out: [number, number][] = [];
	for (const s of sorted) {
		const last = out[out.length - 1];
		if (last && s[0] - last[1] <= COALESCE_GAP) last[1] = Math.max(last[1], s[1]);
		else out.push([s[0], s[1]]);
	}
	return out;
}

function isPar1(bytes: Uint8Array, at: number): boolean {
	return (
		bytes[at] === 0x50 && bytes[at + 1] === 0x41 && bytes[at + 2] === 0x52 && bytes[at + 3] === 0x31
	);
}

// ── The footer: FileMetaData in Thrift's compact protocol ───────────────────────────────────

interface ChunkRange {
	column: string;
	start: number;
	end: number;
	/** A page index rather than the column's data. */
	index?: boolean;
}

type Value = number | boolean | Uint8Array | Value[] | Struct | null;
type Struct = Map<number, Value>;

/**
 * The byte range of every column chunk in the footer: from its dictionary page (or first data
 * page) for `total_compressed_size` bytes, named by the first element of its path.
 *
 * @example
 * const chunks = columnChunks(footerBytes); // [{ column: 'cnt', start: 4, end: 2210 }, …]
 */
export function columnChunks(footer: Uint8Array): ChunkRange[] {
	const meta = new CompactReader(footer).struct();
	const out: ChunkRange[] = [];
	for (const group of asList(meta.get(4))) {
		for (const chunk of asList(asStruct(group).get(1))) {
			const md = asStruct(asStruct(chunk).get(3));
			const path = asList(md.get(3)).map((p) => new TextDecoder().decode(p as Uint8Array));
			const dataPage = Number(md.get(9));
			const dict = md.get(11);
			const start = typeof dict === 'number' && dict > 0 && dict < dataPage ? dict : dataPage;
			const length = Number(md.get(7));
			if (!path.length || !Number.isFinite(start) || !Number.isFinite(length)) {
				throw new Error('a column chunk has no path, offset or size');
			}
			out.push({ column: path[0], start, end: start + length });
			// The page indexes (offset and column index), which the async reader reads too.
			for (const [offsetField, lengthField] of [
				[4, 5],
				[6, 7]
			]) {
				const at = asStruct(chunk).get(offsetField);
				const n = asStruct(chunk).get(lengthField);
				if (typeof at === 'number' && typeof n === 'number' && n > 0) {
					out.push({ column: path[0], start: at, end: at + n, index: true });
				}
			}
		}
	}
	return out;
}

function asList(v: Value | undefined): Value[] {
	if (!Array.isArray(v)) throw new Error('expected a list');
	return v;
}

function asStruct(v: Value | undefined): Struct {
	if (!(v instanceof Map)) throw new Error('expected a struct');
	return v;
}

class CompactReader {
	private at = 0;
	constructor(private readonly b: Uint8Array) {}

	struct(): Struct {
		const out: Struct = new Map();
		let id = 0;
		for (;;) {
			const head = this.byte();
			if (head === 0) return out;
			const type = head & 0x0f;
			const delta = head >> 4;
			id = delta ? id + delta : this.zigzag();
			if (type === 1 || type === 2) out.set(id, type === 1);
			else out.set(id, this.value(type));
		}
	}

	private value(type: number): Value {
		switch (type) {
			case 1:
			case 2:
				return this.byte() === 1;
			case 3:
				return this.byte();
			case 4:
			case 5:
			case 6:
				return this.zigzag();
			case 7:
				this.take(8);
				return null;
			case 8:
				return this.take(this.varint());
			case 9:
			case 10: {
				const head = this.byte();
				const n = head >> 4 === 15 ? this.varint() : head >> 4;
				const items: Value[] = [];
				for (let i = 0; i < n; i++) items.push(this.value(head & 0x0f));
				return items;
			}
			case 11: {
				const n = this.varint();
				if (n === 0) return null;
				const kinds = this.byte();
				for (let i = 0; i < n; i++) {
					this.value(kinds >> 4);
					this.value(kinds & 0x0f);
				}
				return null;
			}
			case 12:
				return this.struct();
			default:
				throw new Error(`unknown Thrift type ${type} at byte ${this.at}`);
		}
	}

	private byte(): number {
		if (this.at >= this.b.length) throw new Error('the footer ends early');
		return this.b[this.at++];
	}

	private take(n: number): Uint8Array {
		if (this.at + n > this.b.length) throw new Error('the footer ends early');
		const out = this.b.subarray(this.at, this.at + n);
		this.at += n;
		return out;
	}

	/** Unsigned varint; multiplication rather than shifts so 64-bit offsets stay exact to 2^53. */
	private varint(): number {
		let out = 0;
		let scale = 1;
		for (;;) {
			const b = this.byte();
			out += (b & 0x7f) * scale;
			if (!(b & 0x80)) return out;
			scale *= 128;
			if (scale > 2 ** 63) throw new Error('a varint is too long');
		}
	}

	private zigzag(): number {
		const n = this.varint();
		return n % 2 === 0 ? n / 2 : -(n + 1) / 2;
	}
}
