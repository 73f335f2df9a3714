/** How a column is treated by drift statistics and models. */
export type ColumnType = 'numerical' | 'categorical' | 'datetime' | 'text';

export const COLUMN_TYPES: readonly ColumnType[] = ['numerical', 'categorical', 'datetime', 'text'];

/** One column of a loaded data set, as inferred (or as corrected by the user). */
export interface ColumnInfo {
	name: string;
	type: ColumnType;
	/** DuckDB's storage type, e.g. `DOUBLE`, `VARCHAR`, `TIMESTAMP`. */
	storageType: string;
	/** Whether `type` was set by `setColumnType` rather than inferred. */
	corrected: boolean;
	nulls: number;
	/** Distinct non-null values; not counted for floating-point columns. */
	distinct?: number;
}

/** A loaded data set. */
export interface DatasetInfo {
	id: string;
	/** The file name or URL it came from. */
	source: string;
	format: 'parquet' | 'csv';
	rows: number;
	bytes: number;
	/**
	 * Lowercase hex SHA-256 of the source bytes, or, when `hashed` is `'ranges'`, of the byte
	 * ranges actually read (footer and column chunks, in file order): not the file's hash.
	 */
	sha256: string;
	/** `'ranges'` when a Parquet URL was read by HTTP range requests; `'file'` (or absent) otherwise. */
	hashed?: 'file' | 'ranges';
	/** The server's ETag of a range-read file, which with `bytes` identifies the version read. */
	etag?: string;
	/** Bytes transferred for a range-read file (`bytes` is then the file's size). */
	bytesRead?: number;
	columns: ColumnInfo[];
}

import type { CategoricalColumn, ColumnData, NumericalColumn } from '../drift/types';

/**
 * Column shapes the drift core and the model take (src/lib/drift/types.ts): numbers with NaN for
 * missing, or category codes (-1 for missing) into a list of category names.
 */
export type Column = ColumnData;
export type { CategoricalColumn, NumericalColumn };

/** A subset of the rows of a data set. Row order is always the order of the source. */
export type Window =
	| { kind: 'all' }
	/** Rows whose batch column is one of `values` (default column `batch_id`). */
	| { kind: 'batch'; values: readonly (string | number)[]; column?: string }
	/** Rows with `from <= column < to`; either bound may be left out. Numbers or ISO timestamps. */
	| { kind: 'time'; column: string; from?: string | number; to?: string | number }
	/** Rows `start` (inclusive) to `end` (exclusive), 0-based, in source order. */
	| { kind: 'rows'; start: number; end: number }
	/** A user-typed SQL WHERE expression, validated as one read-only expression. */
	| { kind: 'where'; sql: string };

/** Bytes with a name: what a picked or dropped file, or a fetched object, becomes. */
export interface NamedBytes {
	name: string;
	bytes: Uint8Array;
}

export interface LoadOptions {
	/** Format; detected from the bytes (Parquet magic) and the name when left out. */
	format?: 'parquet' | 'csv';
	/** If given, the bytes must hash to this (a frozen reference), or `ReferenceChangedError`. */
	expectedSha256?: string;
	/** Id to give the data set; defaults to one made from the name. Reusing an id replaces it. */
	id?: string;
	/**
	 * Parquet only (CSV is loaded whole): load just these columns (top-level names). For a Parquet
	 * URL whose server serves byte ranges, only the footer and these columns' chunks are fetched,
	 * unless `expectedSha256` asks for the whole file's hash.
	 */
	columns?: string[];
	/**
	 * URL loads only: headers sent with every request of the load (HEAD, range GETs, the download),
	 * e.g. `{ authorization: 'Bearer …' }` for objects stored by the Worker. Any header but `Range`
	 * makes a cross-origin request need a CORS preflight.
	 */
	headers?: Record<string, string>;
}

/** Extra columns written next to a selection on export, one value per selected row. */
export interface ExtraColumn {
	name: string;
	values: Float64Array | Int32Array | (string | null)[];
}

export interface ExportOptions {
	window?: Window;
	/** Columns of the data set to write; all when left out. */
	columns?: string[];
	/** E.g. the model's predictions, aligned with the selected rows. */
	extra?: ExtraColumn[];
}

/** One row of a selection with its prediction, ready for the prediction-record contract. */
export interface PredictionRow {
	/** 0-based row in the source data set. */
	row: number;
	features: Record<string, number | string | null>;
	prediction: number | string | null;
}

/** Per-call cancellation and progress. */
export interface CallContext {
	signal?: AbortSignal;
	onProgress?: (progress: Progress) => void;
}

export interface Progress {
	stage: 'fetch' | 'read' | 'decode' | 'insert' | 'infer' | 'query' | 'export';
	loaded?: number;
	total?: number;
}

/**
 * What the app, the CLI and the tests use, whatever the host: the browser's Web Worker client
 * and the in-process engine of Node both implement it.
 */
export interface DataEngine {
	/** Loads a picked or dropped file (browser `File`) or named bytes. */
	loadFile(file: Blob | NamedBytes, options?: LoadOptions, ctx?: CallContext): Promise<DatasetInfo>;
	/** Fetches a URL (size checked before the body is read) and loads it. */
	loadUrl(url: string, options?: LoadOptions, ctx?: CallContext): Promise<DatasetInfo>;
	datasets(): Promise<DatasetInfo[]>;
	dataset(id: string): Promise<DatasetInfo>;
	drop(id: string): Promise<void>;
	/** Overrides an inferred column type; refuses a type the values cannot take. */
	setColumnType(id: string, column: string, type: ColumnType): Promise<DatasetInfo>;
	/** Number of rows in a window. */
	count(id: string, window?: Window): Promise<number>;
	/** Columns of a window as typed arrays (datetime as epoch milliseconds, text as categories). */
	columns(id: string, names?: string[], window?: Window, ctx?: CallContext): Promise<Column[]>;
	/** Checks a WHERE clause against a data set without running it; throws `DataError`. */
	validateWhere(id: string, sql: string): Promise<void>;
	exportParquet(id: string, options?: ExportOptions): Promise<Uint8Array>;
	exportCsv(id: string, options?: ExportOptions): Promise<Uint8Array>;
	/** The selection with its predictions as batches of at most `batchSize` rows. */
	predictionRows(
		id: string,
		prediction: ExtraColumn,
		options?: { window?: Window; columns?: string[]; batchSize?: number }
	): Promise<PredictionRow[][]>;
	close(): Promise<void>;
}
