import type { DuckDBBindings, DuckDBConnection } from '@duckdb/duckdb-wasm/blocking';
import { DataError, ReferenceChangedError } from './errors';
import type { ParquetCodec } from './parquet-codec';
import { sha256Hex } from './sha256';
import { probeRanges, RangesRefused, readParquetRanges } from './parquet-ranges';
import { checkWhereClause, quoteIdent, quoteLiteral } from './where-clause';
import { buildExtraIpc, fileToStream } from './arrow-io';
import {
	directFloatColumns,
	readFloat64,
	sharedFloat64,
	readInt32,
	type ArrowSchemaTableLike,
	type ArrowTableLike,
	type DirectColumn
} from './arrow-columns';
import { tableFromIPC } from 'apache-arrow';
import { checkCsvShape, decodeUtf8, guessDelimiter } from './csv-checks';
import type {
	CallContext,
	Column,
	ColumnInfo,
	ColumnType,
	DataEngine,
	DatasetInfo,
	ExportOptions,
	ExtraColumn,
	LoadOptions,
	NamedBytes,
	PredictionRow,
	Window
} from './types';
import { COLUMN_TYPES } from './types';

export interface DuckDataEngineOptions {
	/** Largest source accepted, in bytes; checked before a file is read or a body downloaded. */
	maxBytes?: number;
	/** Resolves relative URLs (the page's base URL in a worker). */
	baseUrl?: string;
	fetch?: typeof fetch;
}

const GiB = 1024 ** 3;
const MiB = 1024 ** 2;

/**
 * The default size limit: a sixteenth of the device's memory (`navigator.deviceMemory`, in GiB),
 * at most 1 GiB, because a source grows several-fold while it is decoded and the 32-bit
 * WebAssembly heap tops out at 4 GiB. Without a device figure: 1 GiB.
 *
 * @example
 * defaultMaxBytes(8); // 536870912 (512 MiB)
 */
export function defaultMaxBytes(deviceMemoryGiB?: number): number {
	if (!deviceMemoryGiB || !Number.isFinite(deviceMemoryGiB)) return GiB;
	return Math.min(GiB, Math.max(64 * MiB, (deviceMemoryGiB * GiB) / 16));
}

interface Dataset {
	info: DatasetInfo;
	table: string;
	/**
	 * Set while the DuckDB table does not exist yet (an all-float Parquet file): the source it is
	 * made from on the first SQL use, by `queryable`.
	 */
	pending?: { name: string; bytes: Uint8Array; columns?: readonly string[] };
	/** The pending table being made (so two calls at once make it once). */
	making?: Promise<void>;
	/**
	 * Whole columns decoded at load, each handed over once by `columns()` without SQL; dropped
	 * when the DuckDB table is made, so at most one copy of the values is kept.
	 */
	direct?: Map<string, Float64Array>;
}

const INTEGER_TYPES =
	/^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT)$/;
const FLOAT_TYPES = /^(FLOAT|DOUBLE|REAL|DECIMAL.*)$/;
const TIME_TYPES = /^(DATE|TIMESTAMP.*|TIME)$/;

/**
 * The data engine over DuckDB-WASM's synchronous bindings and parquet-wasm. The same class runs
 * in the browser's Web Worker (`data.worker.ts`) and in Node (`node-engine.ts`), so both hosts
 * load, infer, window and export identically.
 *
 * @example
 * const engine = await createNodeEngine();
 * const info = await engine.loadFile({ name: 'batches.parquet', bytes });
 * const [titer] = await engine.columns(info.id, ['penicillin'], { kind: 'batch', values: [1] });
 */
export class DuckDataEngine implements DataEngine {
	readonly maxBytes: number;
	private readonly sets = new Map<string, Dataset>();
	private readonly conn: DuckDBConnection;
	private seq = 0;
	private readonly fetcher: typeof fetch;

	constructor(
		private readonly db: DuckDBBindings,
		private readonly parquet: ParquetCodec,
		private readonly options: DuckDataEngineOptions = {}
	) {
		this.maxBytes = options.maxBytes ?? defaultMaxBytes();
		this.fetcher = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
		this.conn = db.connect();
		// Extensions would be downloaded: never at run time, the app works offline.
		this.conn.query('SET autoinstall_known_extensions = false');
		this.conn.query('SET autoload_known_extensions = false');
	}

	/**
	 * Loads named bytes or a browser File/Blob.
	 *
	 * @example
	 * await engine.loadFile({ name: 'hour.csv', bytes });
	 */
	async loadFile(
		file: Blob | NamedBytes,
		options: LoadOptions = {},
		ctx: CallContext = {}
	): Promise<DatasetInfo> {
		if (isNamedBytes(file)) return this.loadBytes(file.name, file.bytes, options, ctx);
		const name = 'name' in file && typeof file.name === 'string' ? file.name : 'file';
		this.checkSize(name, file.size);
		ctx.onProgress?.({ stage: 'read', loaded: 0, total: file.size });
		const bytes = new Uint8Array(await file.arrayBuffer());
		abortIfNeeded(ctx);
		return this.loadBytes(name, bytes, options, ctx);
	}

	/**
	 * Fetches a URL and loads it; the size is checked from Content-Length before the body is
	 * read, and again while it streams in.
	 *
	 * @example
	 * await engine.loadUrl('/data/bike-hour.parquet');
	 */
	async loadUrl(
		url: string,
		options: LoadOptions = {},
		ctx: CallContext = {}
	): Promise<DatasetInfo> {
		const resolved = this.options.baseUrl ? new URL(url, this.options.baseUrl).href : url;
		const name = decodeURIComponent(new URL(resolved).pathname.split('/').pop() || 'download');
		const fetcher = withHeaders(this.fetcher, options.headers);
		const ranged = await this.tryRanges(fetcher, resolved, name, options, ctx);
		if (ranged) return ranged;
		let response: Response;
		try {
			response = await fetcher(resolved, { signal: ctx.signal });
		} catch (err) {
			abortIfNeeded(ctx);
			throw new DataError('fetch_failed', `Could not fetch ${url}: ${(err as Error).message}`);
		}
		if (!response.ok) {
			throw new DataError(
				'fetch_failed',
				`Could not fetch ${url}: the server answered ${response.status} ${response.statusText}.`,
				{ status: response.status }
			);
		}
		const declared = Number(response.headers.get('content-length') ?? NaN);
		if (Number.isFinite(declared)) this.checkSize(name, declared);
		const bytes = await readBody(response, name, this.maxBytes, ctx, (n, total) =>
			this.checkSize(name, n, total)
		);
		return this.loadBytes(name, bytes, options, ctx);
	}

	/**
	 * Loads bytes already in memory: the path every source ends in.
	 *
	 * @example
	 * await engine.loadBytes('adult-train.parquet', bytes, { expectedSha256: recorded });
	 */
	async loadBytes(
		name: string,
		bytes: Uint8Array,
		options: LoadOptions = {},
		ctx: CallContext = {}
	): Promise<DatasetInfo> {
		if (bytes.byteLength === 0) {
			throw new DataError('empty_file', `'${name}' is empty (0 bytes): there is nothing to load.`);
		}
		this.checkSize(name, bytes.byteLength);
		const sha256 = await sha256Hex(bytes);
		if (options.expectedSha256 && sha256 !== options.expectedSha256.toLowerCase()) {
			throw new ReferenceChangedError(name, options.expectedSha256.toLowerCase(), sha256);
		}
		return this.ingest(name, bytes, options, ctx, { sha256, hashed: 'file' });
	}

	/**
	 * Reads a Parquet URL by HTTP range requests when only some columns are asked for, no
	 * whole-file hash is required and the server says it serves ranges; undefined otherwise (and
	 * when the server then answers a range request with the whole file), so the caller downloads it.
	 */
	private async tryRanges(
		fetcher: typeof fetch,
		url: string,
		name: string,
		options: LoadOptions,
		ctx: CallContext
	): Promise<DatasetInfo | undefined> {
		const columns = options.columns;
		if (!columns?.length || options.expectedSha256) return undefined;
		if (options.format === 'csv' || (!options.format && !/\.parquet$/i.test(name)))
			return undefined;
		const target = await probeRanges(fetcher, url, ctx.signal);
		abortIfNeeded(ctx);
		if (!target) return undefined;
		// The buffer the reader gets has the file's size, even though most of it is never fetched.
		this.checkSize(name, target.size);
		let sparse;
		try {
			sparse = await readParquetRanges(fetcher, url, target, name, columns, ctx.signal);
		} catch (err) {
			abortIfNeeded(ctx);
			if (err instanceof RangesRefused) return undefined;
			throw err;
		}
		ctx.onProgress?.({ stage: 'fetch', loaded: sparse.bytesRead, total: sparse.bytesRead });
		const read = new Uint8Array(sparse.bytesRead);
		let at = 0;
		for (const [start, end] of sparse.ranges) {
			read.set(sparse.bytes.subarray(start, end), at);
			at += end - start;
		}
		return this.ingest(name, sparse.bytes, { ...options, format: 'parquet' }, ctx, {
			sha256: await sha256Hex(read),
			hashed: 'ranges',
			etag: target.etag,
			bytesRead: sparse.bytesRead
		});
	}

	private async ingest(
		name: string,
		bytes: Uint8Array,
		options: LoadOptions,
		ctx: CallContext,
		hash: Pick<DatasetInfo, 'sha256' | 'hashed' | 'etag' | 'bytesRead'>
	): Promise<DatasetInfo> {
		const format = options.format ?? detectFormat(name, bytes);
		const table = `ds_${++this.seq}`;
		try {
			let set: Omit<Dataset, 'info'> = { table };
			let columns: ColumnInfo[];
			let rows: number;
			const direct =
				format === 'parquet'
					? await this.insertParquet(name, bytes, table, ctx, options.columns)
					: await this.insertCsv(name, bytes, table, ctx);
			abortIfNeeded(ctx);
			ctx.onProgress?.({ stage: 'infer' });
			if (direct) {
				// Floating-point columns are numerical whatever their values: typed without SQL.
				columns = direct.columns.map((c) => ({
					name: c.name,
					type: 'numerical',
					storageType: c.storageType,
					corrected: false,
					nulls: c.nulls
				}));
				rows = direct.rows;
				set = {
					table,
					pending: { name, bytes, columns: options.columns },
					direct: new Map(direct.columns.map((c) => [c.name, c.values]))
				};
			} else {
				await tick();
				columns = this.inferColumns(table);
				rows = Number(this.scalar(`SELECT count(*) FROM ${table}`));
			}
			const id = options.id ?? this.uniqueId(name);
			const info: DatasetInfo = {
				id,
				source: name,
				format,
				rows,
				bytes: bytes.byteLength,
				...hash,
				columns
			};
			if (hash.etag === undefined) delete info.etag;
			if (hash.bytesRead === undefined) delete info.bytesRead;
			const previous = this.sets.get(id);
			this.sets.set(id, { ...set, info });
			if (previous) await this.dropTable(previous);
			return structuredClone(info);
		} catch (err) {
			this.conn.query(`DROP TABLE IF EXISTS ${table}`);
			throw err;
		}
	}

	async datasets(): Promise<DatasetInfo[]> {
		return [...this.sets.values()].map((d) => structuredClone(d.info));
	}

	async dataset(id: string): Promise<DatasetInfo> {
		return structuredClone(this.get(id).info);
	}

	async drop(id: string): Promise<void> {
		const set = this.get(id);
		this.sets.delete(id);
		await this.dropTable(set);
	}

	/**
	 * Overrides an inferred type. `numerical` and `datetime` are refused, naming a value, when a
	 * value cannot be read as one.
	 *
	 * @example
	 * await engine.setColumnType('bike-hour', 'season', 'categorical');
	 */
	async setColumnType(id: string, column: string, type: ColumnType): Promise<DatasetInfo> {
		const set = this.get(id);
		const col = this.column(set, column);
		if (!COLUMN_TYPES.includes(type)) {
			throw new DataError(
				'type_mismatch',
				`'${type}' is not a column type; use one of ${COLUMN_TYPES.join(', ')}.`
			);
		}
		const q = quoteIdent(column);
		if (type === 'numerical' || (type === 'datetime' && !isNumericStorage(col.storageType))) {
			const target = type === 'numerical' ? 'DOUBLE' : 'TIMESTAMP';
			if (!(type === 'numerical' && isNumericStorage(col.storageType))) {
				await this.queryable(set);
				const bad = this.conn.query(
					`SELECT CAST(${q} AS VARCHAR) AS v FROM ${set.table} WHERE ${q} IS NOT NULL AND TRY_CAST(${q} AS ${target}) IS NULL LIMIT 1`
				) as unknown as ArrowTableLike;
				if (bad.numRows > 0) {
					const value = String(bad.getChildAt(0)?.get(0));
					throw new DataError(
						'type_mismatch',
						`Column '${column}' cannot be ${type}: the value '${value}' is not ${type === 'numerical' ? 'a number' : 'a date or time'}.`,
						{ column, value }
					);
				}
			}
		}
		col.type = type;
		col.corrected = true;
		return structuredClone(set.info);
	}

	async count(id: string, window: Window = { kind: 'all' }): Promise<number> {
		const set = this.get(id);
		if (window.kind === 'all') return set.info.rows;
		await this.queryable(set);
		return Number(
			this.scalar(`SELECT count(*) FROM ${set.table} WHERE ${this.windowSql(set, window)}`)
		);
	}

	/**
	 * Columns of a window as typed arrays, read from the Arrow result's buffers: no row objects.
	 * Category codes index the categories of the whole data set, so windows share one coding.
	 *
	 * @example
	 * const cols = await engine.columns('adult-train', ['age', 'workclass'], { kind: 'rows', start: 0, end: 1000 });
	 */
	async columns(
		id: string,
		names?: string[],
		window: Window = { kind: 'all' },
		ctx: CallContext = {}
	): Promise<Column[]> {
		const set = this.get(id);
		const cols = (names ?? set.info.columns.map((c) => c.name)).map((n) => this.column(set, n));
		const handed = this.directColumns(set, cols, window);
		if (handed) return handed;
		await this.queryable(set);
		const where = this.windowSql(set, window);
		ctx.onProgress?.({ stage: 'query', loaded: 0, total: cols.length });
		const out = new Map<string, Column>();
		const numeric = cols.filter((c) => c.type === 'numerical' || c.type === 'datetime');
		if (numeric.length > 0) {
			const exprs = numeric.map((c, i) => `${numericExpr(c)} AS c${i}`).join(', ');
			const result = this.conn.query(
				`SELECT ${exprs} FROM ${set.table} WHERE ${where}`
			) as unknown as ArrowTableLike;
			const arrays = sharedFloat64(numeric.length, result.numRows);
			numeric.forEach((c, i) => {
				out.set(c.name, {
					name: c.name,
					type: 'numerical',
					values: readFloat64(result, i, arrays[i])
				});
			});
		}
		let done = numeric.length;
		for (const c of cols) {
			if (c.type === 'numerical' || c.type === 'datetime') continue;
			abortIfNeeded(ctx);
			const q = quoteIdent(c.name);
			const cats = `SELECT v, (row_number() OVER (ORDER BY o) - 1)::INTEGER AS code FROM (SELECT DISTINCT ${q} AS o, CAST(${q} AS VARCHAR) AS v FROM ${set.table} WHERE ${q} IS NOT NULL)`;
			const catTable = this.conn.query(
				`SELECT v FROM (${cats}) ORDER BY code`
			) as unknown as ArrowTableLike;
			const vector = catTable.getChildAt(0);
			const categories: string[] = [];
			for (let i = 0; i < catTable.numRows; i++) categories.push(String(vector?.get(i)));
			const codes = this.conn.query(
				`WITH cats AS (${cats}) SELECT coalesce(cats.code, -1)::INTEGER AS code FROM (SELECT rowid AS r, CAST(${q} AS VARCHAR) AS v FROM ${set.table} WHERE ${where}) s LEFT JOIN cats ON s.v = cats.v ORDER BY s.r`
			) as unknown as ArrowTableLike;
			out.set(c.name, {
				name: c.name,
				type: 'categorical',
				codes: readInt32(codes, 0),
				categories
			});
			ctx.onProgress?.({ stage: 'query', loaded: ++done, total: cols.length });
			await tick();
		}
		return cols.map((c) => out.get(c.name)!);
	}

	/**
	 * Checks a WHERE clause: the lexical rules of `checkWhereClause`, then DuckDB's own tokenizer
	 * (no comment tokens) and planner (`EXPLAIN`: one expression over this data set's columns).
	 *
	 * @example
	 * await engine.validateWhere('indpensim', '"Time (h)" < 100'); // resolves
	 */
	async validateWhere(id: string, sql: string): Promise<void> {
		this.whereSql(await this.queryable(this.get(id)), sql);
	}

	/**
	 * The selection (and extra columns such as predictions) as Parquet bytes, zstd-compressed.
	 *
	 * @example
	 * const bytes = await engine.exportParquet('bike-hour', { window, extra: [{ name: 'predicted_cnt', values }] });
	 */
	async exportParquet(id: string, options: ExportOptions = {}): Promise<Uint8Array> {
		return this.withSelection(id, options, (sql) => {
			const ipc = this.conn.useUnsafe((b, c) => b.runQuery(c, sql));
			return this.parquet.fromIpc(fileToStream(ipc));
		});
	}

	/**
	 * The selection (and extra columns) as CSV bytes with a header row, written by DuckDB.
	 *
	 * @example
	 * const csv = new TextDecoder().decode(await engine.exportCsv('adult-test', { window }));
	 */
	async exportCsv(id: string, options: ExportOptions = {}): Promise<Uint8Array> {
		return this.withSelection(id, options, (sql, names) => {
			// DuckDB-WASM's COPY cannot write into a registered buffer on every host, so the CSV
			// text is made here from the result, every value cast to text by DuckDB.
			const casts = names.map((n) => `CAST(${quoteIdent(n)} AS VARCHAR) AS ${quoteIdent(n)}`);
			const result = this.conn.query(
				`SELECT ${casts.join(', ')} FROM (${sql})`
			) as unknown as ArrowTableLike;
			const vectors = names.map((_, i) => result.getChildAt(i));
			const lines = [names.map(csvField).join(',')];
			for (let r = 0; r < result.numRows; r++) {
				lines.push(vectors.map((v) => csvField(v?.get(r))).join(','));
			}
			return new TextEncoder().encode(`${lines.join('\n')}\n`);
		});
	}

	/**
	 * Rows of a selection with their prediction, in batches, for the prediction-record upload.
	 *
	 * @example
	 * const batches = await engine.predictionRows('bike-hour', { name: 'cnt_hat', values }, { batchSize: 500 });
	 */
	async predictionRows(
		id: string,
		prediction: ExtraColumn,
		options: { window?: Window; columns?: string[]; batchSize?: number } = {}
	): Promise<PredictionRow[][]> {
		const set = await this.queryable(this.get(id));
		const names = options.columns ?? set.info.columns.map((c) => c.name);
		names.forEach((n) => this.column(set, n));
		const where = this.windowSql(set, options.window ?? { kind: 'all' });
		const select = names.map((n) => quoteIdent(n)).join(', ');
		const result = this.conn.query(
			`SELECT rowid AS __row, ${select} FROM ${set.table} WHERE ${where} ORDER BY rowid`
		) as unknown as ArrowTableLike;
		if (result.numRows !== prediction.values.length) {
			throw new DataError(
				'invalid_window',
				`The prediction '${prediction.name}' has ${prediction.values.length} values but the selection has ${result.numRows} rows.`
			);
		}
		const size = Math.max(1, options.batchSize ?? 1000);
		const vectors = names.map((_, i) => result.getChildAt(i + 1));
		const rowVector = result.getChildAt(0);
		const batches: PredictionRow[][] = [];
		for (let start = 0; start < result.numRows; start += size) {
			const batch: PredictionRow[] = [];
			for (let r = start; r < Math.min(result.numRows, start + size); r++) {
				const features: Record<string, number | string | null> = {};
				names.forEach((n, i) => (features[n] = plainValue(vectors[i]?.get(r))));
				const p = prediction.values[r];
				batch.push({
					row: Number(rowVector?.get(r)),
					features,
					prediction: typeof p === 'number' && Number.isNaN(p) ? null : (p ?? null)
				});
			}
			batches.push(batch);
		}
		return batches;
	}

	async close(): Promise<void> {
		const sets = [...this.sets.values()];
		this.sets.clear();
		for (const set of sets) await this.dropTable(set);
		this.conn.close();
	}

	// ── internals ────────────────────────────────────────────────────────────────────────────

	/**
	 * Decodes Parquet bytes and inserts them into `table`, except when every column is Float32 or
	 * Float64: then the decoded columns are returned instead and the table is left to
	 * `queryable`, made only if SQL is ever needed (a window, a filter, an export).
	 */
	private async insertParquet(
		name: string,
		bytes: Uint8Array,
		table: string,
		ctx: CallContext,
		columns?: readonly string[],
		direct = true
	): Promise<{ rows: number; columns: DirectColumn[] } | undefined> {
		if (!hasParquetMagic(bytes)) {
			const tail = bytes.byteLength >= 4 && isPar1(bytes, 0);
			throw new DataError(
				'invalid_parquet',
				tail
					? `'${name}' is a truncated Parquet file: it starts like Parquet but its footer is missing (${bytes.byteLength} bytes).`
					: `'${name}' is not a Parquet file: it does not start and end with 'PAR1'.`
			);
		}
		ctx.onProgress?.({ stage: 'decode' });
		await tick();
		let ipc: Uint8Array;
		try {
			ipc = columns?.length
				? await this.parquet.toIpcColumns(bytes, columns)
				: this.parquet.toIpc(bytes);
		} catch (err) {
			throw new DataError(
				'invalid_parquet',
				`'${name}' could not be decoded as Parquet (it may be truncated or damaged): ${errorText(err)}`
			);
		}
		abortIfNeeded(ctx);
		// Views over the IPC buffer: parsing copies no values.
		const arrow = tableFromIPC(ipc) as unknown as ArrowSchemaTableLike;
		checkDuplicates(
			name,
			arrow.schema.fields.map((f) => f.name)
		);
		const floats = direct ? directFloatColumns(arrow) : undefined;
		if (floats) return { rows: arrow.numRows, columns: floats };
		ctx.onProgress?.({ stage: 'insert' });
		await tick();
		try {
			this.conn.insertArrowFromIPCStream(ipc, { name: table, create: true });
		} catch (err) {
			throw new DataError('invalid_parquet', `'${name}' could not be loaded: ${errorText(err)}`);
		}
		return undefined;
	}

	/**
	 * The data set with its DuckDB table made: a table left pending at load (all-float Parquet)
	 * is made now from the kept source bytes, once, and the columns kept for `columns()` are
	 * dropped (DuckDB has the values from then on).
	 */
	private async queryable(set: Dataset): Promise<Dataset> {
		if (!set.pending) return set;
		const pending = set.pending;
		set.making ??= (async () => {
			await this.insertParquet(pending.name, pending.bytes, set.table, {}, pending.columns, false);
			set.pending = undefined;
			set.direct = undefined;
		})().finally(() => (set.making = undefined));
		await set.making;
		return set;
	}

	/**
	 * Whole numerical columns of an all-float Parquet data set straight from the arrays decoded at
	 * load, with no SQL; undefined when the window is not `all`, a column was retyped, or the
	 * arrays are gone (handed over, or the table has been made since). Asked for every column,
	 * the arrays themselves are handed over, once: they share one buffer, which the worker
	 * transfers (detaches). Asked for some, copies are made and the arrays are kept.
	 */
	private directColumns(set: Dataset, cols: ColumnInfo[], window: Window): Column[] | undefined {
		const direct = set.direct;
		if (!direct || window.kind !== 'all') return undefined;
		const usable = cols.every(
			(c) => (c.type === 'numerical' || c.type === 'datetime') && direct.has(c.name)
		);
		if (!usable) return undefined;
		const names = [...new Set(cols.map((c) => c.name))];
		const whole = names.length === direct.size;
		const copies = whole ? [] : sharedFloat64(names.length, set.info.rows);
		const out = new Map<string, Column>();
		names.forEach((name, i) => {
			const values = whole ? direct.get(name)! : copies[i];
			if (!whole) values.set(direct.get(name)!);
			out.set(name, { name, type: 'numerical', values });
		});
		if (whole) set.direct = undefined;
		return cols.map((c) => out.get(c.name)!);
	}

	/** Drops a data set's DuckDB table, once any table being made for it is done. */
	private async dropTable(set: Dataset) {
		set.pending = undefined;
		set.direct = undefined;
		await set.making?.catch(() => undefined);
		this.conn.query(`DROP TABLE IF EXISTS ${set.table}`);
	}

	private async insertCsv(
		name: string,
		bytes: Uint8Array,
		table: string,
		ctx: CallContext
	): Promise<undefined> {
		ctx.onProgress?.({ stage: 'decode' });
		const text = decodeUtf8(name, bytes);
		const path = `__load_${table}.csv`;
		this.db.registerFileBuffer(path, bytes);
		try {
			const delimiter = guessDelimiter(text);
			const firstRecord = checkCsvShape(name, text, delimiter);
			const sniff = this.conn.query(
				`SELECT HasHeader AS h FROM sniff_csv(${quoteLiteral(path)}, delim = ${quoteLiteral(delimiter)}, quote = '"')`
			) as unknown as ArrowTableLike;
			const header = Boolean(sniff.getChildAt(0)?.get(0));
			if (header)
				checkDuplicates(
					name,
					firstRecord.map((f) => f.trim())
				);
			abortIfNeeded(ctx);
			ctx.onProgress?.({ stage: 'insert' });
			await tick();
			this.conn.query(
				`CREATE TABLE ${table} AS SELECT * FROM read_csv(${quoteLiteral(path)}, delim = ${quoteLiteral(delimiter)}, header = ${header}, quote = '"', strict_mode = true, null_padding = false, ignore_errors = false)`
			);
		} catch (err) {
			if (err instanceof DataError) throw err;
			throw new DataError('invalid_csv', `'${name}' could not be read as CSV: ${errorText(err)}`);
		} finally {
			this.db.dropFile(path);
		}
	}

	private inferColumns(table: string): ColumnInfo[] {
		const described = this.conn.query(`DESCRIBE ${table}`) as unknown as ArrowTableLike;
		const names: string[] = [];
		const types: string[] = [];
		for (let i = 0; i < described.numRows; i++) {
			names.push(String(described.getChildAt(0)?.get(i)));
			types.push(String(described.getChildAt(1)?.get(i)));
		}
		if (names.length === 0) return [];
		const parts: string[] = ['count(*) AS n'];
		names.forEach((n, i) => {
			const q = quoteIdent(n);
			parts.push(`count(${q}) AS nn${i}`);
			// Floating-point columns are numerical whatever their distinct count, and counting it
			// is the costliest part of loading a wide file: it is left out for them.
			if (!FLOAT_TYPES.test(types[i])) parts.push(`approx_count_distinct(${q}) AS d${i}`);
			if (types[i] === 'VARCHAR') {
				parts.push(
					`count(TRY_CAST(${q} AS DOUBLE)) AS num${i}`,
					`count(TRY_CAST(${q} AS TIMESTAMP)) AS ts${i}`
				);
			}
		});
		const stats = this.conn.query(
			`SELECT ${parts.join(', ')} FROM ${table}`
		) as unknown as ArrowTableLike;
		const value = (field: string) => Number(stats.getChild(field)?.get(0) ?? 0);
		const rows = value('n');
		// The sketch is cheap but inexact; small counts decide types, so those are counted exactly.
		const exact = names
			.map((_, i) => i)
			.filter((i) => !FLOAT_TYPES.test(types[i]) && value(`d${i}`) <= 1100);
		const exactCounts = new Map<number, number>();
		if (exact.length > 0) {
			const counts = this.conn.query(
				`SELECT ${exact.map((i) => `count(DISTINCT ${quoteIdent(names[i])}) AS e${i}`).join(', ')} FROM ${table}`
			) as unknown as ArrowTableLike;
			for (const i of exact) exactCounts.set(i, Number(counts.getChild(`e${i}`)?.get(0) ?? 0));
		}
		return names.map((name, i) => {
			const nonNull = value(`nn${i}`);
			const distinct = FLOAT_TYPES.test(types[i])
				? undefined
				: (exactCounts.get(i) ?? Math.min(value(`d${i}`), nonNull));
			const storageType = types[i];
			let type: ColumnType;
			const few = distinct !== undefined && distinct <= 2;
			if (storageType === 'BOOLEAN') type = 'categorical';
			else if (INTEGER_TYPES.test(storageType)) type = few ? 'categorical' : 'numerical';
			else if (FLOAT_TYPES.test(storageType)) type = 'numerical';
			else if (TIME_TYPES.test(storageType)) type = 'datetime';
			else if (storageType === 'VARCHAR') {
				if (nonNull > 0 && value(`num${i}`) === nonNull) type = 'numerical';
				else if (nonNull > 0 && value(`ts${i}`) === nonNull) type = 'datetime';
				else
					type =
						(distinct ?? Infinity) <= Math.min(1000, Math.max(20, nonNull / 2))
							? 'categorical'
							: 'text';
			} else type = 'text';
			return { name, type, storageType, corrected: false, nulls: rows - nonNull, distinct };
		});
	}

	private windowSql(set: Dataset, window: Window): string {
		switch (window.kind) {
			case 'all':
				return 'true';
			case 'rows': {
				const { start, end } = window;
				if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || end < start) {
					throw new DataError(
						'invalid_window',
						`A row range needs whole numbers 0 <= start <= end; got ${start}..${end}.`
					);
				}
				return `rowid >= ${start} AND rowid < ${end}`;
			}
			case 'batch': {
				const column = window.column ?? 'batch_id';
				this.column(set, column);
				if (window.values.length === 0) {
					throw new DataError('invalid_window', 'A batch window needs at least one batch id.');
				}
				const list = window.values.map((v) => literal(v, column)).join(', ');
				return `CAST(${quoteIdent(column)} AS VARCHAR) IN (${list})`;
			}
			case 'time': {
				const col = this.column(set, window.column);
				const q = quoteIdent(window.column);
				const bound = (v: string | number) =>
					typeof v === 'number'
						? literal(v, window.column)
						: `TIMESTAMP ${quoteLiteral(checkTime(v))}`;
				const expr = TIME_TYPES.test(col.storageType) ? `CAST(${q} AS TIMESTAMP)` : q;
				const parts: string[] = [];
				if (window.from !== undefined) parts.push(`${expr} >= ${bound(window.from)}`);
				if (window.to !== undefined) parts.push(`${expr} < ${bound(window.to)}`);
				return parts.length > 0 ? parts.join(' AND ') : 'true';
			}
			case 'where':
				return `(${this.whereSql(set, window.sql)})`;
			default:
				throw new DataError(
					'invalid_window',
					`Unknown window kind '${(window as { kind: string }).kind}'.`
				);
		}
	}

	private whereSql(set: Dataset, sql: string): string {
		const clause = checkWhereClause(sql);
		const tokens = this.db.tokenize(clause);
		// DuckDB's tokenizer types: 5 is COMMENT (duckdb/src/parser/simplified_token.hpp).
		if (tokens.types.some((t) => Number(t) === 5)) {
			throw new DataError('forbidden_where', 'The filter must not contain comments.');
		}
		try {
			this.conn.query(`EXPLAIN SELECT 1 FROM ${set.table} WHERE (${clause})`);
		} catch (err) {
			throw new DataError(
				'invalid_where',
				`The filter is not a valid expression: ${errorText(err)}`
			);
		}
		return clause;
	}

	private async withSelection(
		id: string,
		options: ExportOptions,
		write: (sql: string, names: string[]) => Uint8Array
	): Promise<Uint8Array> {
		const set = await this.queryable(this.get(id));
		const names = options.columns ?? set.info.columns.map((c) => c.name);
		names.forEach((n) => this.column(set, n));
		const where = this.windowSql(set, options.window ?? { kind: 'all' });
		const select = names.map((n) => quoteIdent(n)).join(', ');
		const extra = options.extra ?? [];
		if (extra.length === 0) {
			return write(`SELECT ${select} FROM ${set.table} WHERE ${where} ORDER BY rowid`, names);
		}
		const rows = Number(this.scalar(`SELECT count(*) FROM ${set.table} WHERE ${where}`));
		for (const e of extra) {
			if (e.values.length !== rows) {
				throw new DataError(
					'invalid_window',
					`The column '${e.name}' has ${e.values.length} values but the selection has ${rows} rows.`
				);
			}
			if (names.includes(e.name)) {
				throw new DataError('duplicate_columns', `The data set already has a column '${e.name}'.`);
			}
		}
		const extraTable = `__extra_${++this.seq}`;
		this.conn.insertArrowFromIPCStream(buildExtraIpc(extra, rows), {
			name: extraTable,
			create: true
		});
		try {
			const extraSelect = extra.map((e) => `e.${quoteIdent(e.name)}`).join(', ');
			return write(
				`SELECT ${names.map((n) => `s.${quoteIdent(n)}`).join(', ')}, ${extraSelect} FROM (SELECT (row_number() OVER (ORDER BY rowid) - 1)::INTEGER AS __pos, ${select} FROM ${set.table} WHERE ${where}) s JOIN ${extraTable} e ON s.__pos = e.__pos ORDER BY s.__pos`,
				[...names, ...extra.map((e) => e.name)]
			);
		} finally {
			this.conn.query(`DROP TABLE IF EXISTS ${extraTable}`);
		}
	}

	private get(id: string): Dataset {
		const set = this.sets.get(id);
		if (!set) {
			const known = [...this.sets.keys()];
			throw new DataError(
				'unknown_dataset',
				`No data set '${id}' is loaded${known.length ? ` (loaded: ${known.join(', ')})` : ''}.`
			);
		}
		return set;
	}

	private column(set: Dataset, name: string): ColumnInfo {
		const col = set.info.columns.find((c) => c.name === name);
		if (!col) {
			throw new DataError(
				'unknown_column',
				`The data set '${set.info.id}' has no column '${name}'.`,
				{
					column: name
				}
			);
		}
		return col;
	}

	private scalar(sql: string): unknown {
		const result = this.conn.query(sql) as unknown as ArrowTableLike;
		return result.getChildAt(0)?.get(0);
	}

	private uniqueId(name: string): string {
		const base = name.replace(/\.[^.]*$/, '').replace(/[^A-Za-z0-9._-]+/g, '-') || 'data';
		let id = base;
		for (let n = 2; this.sets.has(id); n++) id = `${base}-${n}`;
		return id;
	}

	private checkSize(name: string, size: number, total?: number) {
		if (size > this.maxBytes) {
			throw new DataError(
				'too_large',
				`'${name}' is ${formatBytes(total ?? size)}, more than this device's limit of ${formatBytes(this.maxBytes)}. Load a smaller file or a window of it.`,
				{ bytes: total ?? size, limit: this.maxBytes }
			);
		}
	}
}

/**
 * A fetch that adds `headers` (e.g. the Worker's `Authorization`) to every request it makes,
 * under the request's own headers (`Range` stays as asked).
 */
function withHeaders(fetcher: typeof fetch, headers?: Record<string, string>): typeof fetch {
	if (!headers || Object.keys(headers).length === 0) return fetcher;
	return (input, init = {}) => {
		const merged = new Headers(headers);
		new Headers(init.headers).forEach((value, key) => merged.set(key, value));
		return fetcher(input, { ...init, headers: merged });
	};
}

function isNamedBytes(file: Blob | NamedBytes): file is NamedBytes {
	return 'bytes' in file && file.bytes instanceof Uint8Array;
}

function numericExpr(c: ColumnInfo): string {
	const q = quoteIdent(c.name);
	if (c.type === 'datetime') {
		if (isNumericStorage(c.storageType)) return `CAST(${q} AS DOUBLE)`;
		return `CAST(epoch_ms(TRY_CAST(${q} AS TIMESTAMP)) AS DOUBLE)`;
	}
	if (isNumericStorage(c.storageType)) return `CAST(${q} AS DOUBLE)`;
	if (c.storageType === 'BOOLEAN') return `CAST(${q} AS DOUBLE)`;
	return `TRY_CAST(${q} AS DOUBLE)`;
}

function isNumericStorage(t: string): boolean {
	return INTEGER_TYPES.test(t) || FLOAT_TYPES.test(t);
}

function literal(v: string | number, column: string): string {
	if (typeof v === 'number') {
		if (!Number.isFinite(v)) {
			throw new DataError('invalid_window', `'${v}' is not a finite number (column '${column}').`);
		}
		return quoteLiteral(String(v));
	}
	return quoteLiteral(v);
}

function checkTime(v: string): string {
	if (Number.isNaN(Date.parse(v))) {
		throw new DataError(
			'invalid_window',
			`'${v}' is not a date or time (use ISO 8601, e.g. 2012-01-31T00:00).`
		);
	}
	return v;
}

function detectFormat(name: string, bytes: Uint8Array): 'parquet' | 'csv' {
	if (isPar1(bytes, 0)) return 'parquet';
	if (/\.parquet$/i.test(name)) return 'parquet';
	return 'csv';
}

function isPar1(bytes: Uint8Array, at: number): boolean {
	return (
		bytes.byteLength >= at + 4 &&
		bytes[at] === 0x50 &&
		bytes[at + 1] === 0x41 &&
		bytes[at + 2] === 0x52 &&
		bytes[at + 3] === 0x31
	);
}

function hasParquetMagic(bytes: Uint8Array): boolean {
	return bytes.byteLength >= 12 && isPar1(bytes, 0) && isPar1(bytes, bytes.byteLength - 4);
}

function checkDuplicates(name: string, columns: string[]) {
	const seen = new Set<string>();
	const dups = new Set<string>();
	for (const c of columns) (seen.has(c) ? dups : seen).add(c);
	if (dups.size > 0) {
		throw new DataError(
			'duplicate_columns',
			`'${name}' has duplicate column names: ${[...dups].map((d) => `'${d}'`).join(', ')}. Rename them so each column has its own name.`,
			{ columns: [...dups] }
		);
	}
}

export { checkDuplicates };

function plainValue(v: unknown): number | string | null {
	if (v === null || v === undefined) return null;
	if (typeof v === 'number') return Number.isNaN(v) ? null : v;
	if (typeof v === 'bigint') return Number(v);
	if (typeof v === 'boolean') return v ? 1 : 0;
	if (v instanceof Date) return v.toISOString();
	return String(v);
}

function csvField(v: unknown): string {
	if (v === null || v === undefined) return '';
	const text = String(v);
	return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

function errorText(err: unknown): string {
	return (err instanceof Error ? err.message : String(err)).split('\n')[0];
}

function formatBytes(n: number): string {
	if (n >= GiB) return `${(n / GiB).toFixed(1)} GiB`;
	if (n >= MiB) return `${(n / MiB).toFixed(1)} MiB`;
	return `${n} bytes`;
}

function abortIfNeeded(ctx: CallContext) {
	if (ctx.signal?.aborted) throw new DataError('cancelled', 'Cancelled.');
}

/** Lets the worker's message queue run (cancel requests) between the synchronous steps. */
function tick(): Promise<void> {
	return new Promise((resolve) => setTimeout(resolve, 0));
}

async function readBody(
	response: Response,
	name: string,
	maxBytes: number,
	ctx: CallContext,
	check: (n: number, total?: number) => void
): Promise<Uint8Array> {
	const total = Number(response.headers.get('content-length') ?? NaN);
	if (!response.body) return new Uint8Array(await response.arrayBuffer());
	const reader = response.body.getReader();
	const chunks: Uint8Array[] = [];
	let loaded = 0;
	for (;;) {
		let part: ReadableStreamReadResult<Uint8Array>;
		try {
			part = await reader.read();
		} catch (err) {
			abortIfNeeded(ctx);
			throw new DataError('fetch_failed', `Downloading '${name}' failed: ${errorText(err)}`);
		}
		if (part.done) break;
		loaded += part.value.byteLength;
		if (loaded > maxBytes) {
			await reader.cancel();
			check(loaded);
		}
		chunks.push(part.value);
		ctx.onProgress?.({ stage: 'fetch', loaded, total: Number.isFinite(total) ? total : undefined });
	}
	const bytes = new Uint8Array(loaded);
	let at = 0;
	for (const c of chunks) {
		bytes.set(c, at);
		at += c.byteLength;
	}
	return bytes;
}
