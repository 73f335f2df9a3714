/** Why a data operation failed; stable strings the app can branch on. */
export type DataErrorCode =
	| 'empty_file'
	| 'too_large'
	| 'invalid_parquet'
	| 'invalid_csv'
	| 'ragged_csv'
	| 'not_utf8'
	| 'duplicate_columns'
	| 'unknown_format'
	| 'fetch_failed'
	| 'unknown_dataset'
	| 'unknown_column'
	| 'type_mismatch'
	| 'invalid_where'
	| 'forbidden_where'
	| 'invalid_window'
	| 'reference_changed'
	| 'cancelled'
	| 'engine';

/**
 * A failure the user can act on: `code` for the program, `message` for the person. Data already
 * loaded is untouched when one is thrown.
 *
 * @example
 * throw new DataError('empty_file', "'batches.csv' is empty (0 bytes).");
 */
export class DataError extends Error {
	readonly code: DataErrorCode;
	readonly details?: Record<string, unknown>;

	constructor(code: DataErrorCode, message: string, details?: Record<string, unknown>) {
		super(message);
		this.name = 'DataError';
		this.code = code;
		this.details = details;
	}
}

/**
 * A frozen reference whose bytes no longer hash to the recorded SHA-256: it must not be used.
 *
 * @example
 * throw new ReferenceChangedError('reference.parquet', recorded, actual);
 */
export class ReferenceChangedError extends DataError {
	readonly file: string;
	readonly expected: string;
	readonly actual: string;

	constructor(file: string, expected: string, actual: string) {
		super(
			'reference_changed',
			`The reference '${file}' has changed: its SHA-256 is ${actual}, but ${expected} was recorded with its profile. Rebuild the profile or restore the original file.`,
			{ file, expected, actual }
		);
		this.name = 'ReferenceChangedError';
		this.file = file;
		this.expected = expected;
		this.actual = actual;
	}
}

/** The data errors the page rebuilds from the worker's serialized errors (src/lib/worker-rpc). */
export const DATA_ERRORS = { DataError, ReferenceChangedError };
