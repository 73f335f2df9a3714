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

/** An error as it crosses the Web Worker boundary. */
export interface SerializedError {
	name: string;
	message: string;
	stack?: string;
	code?: DataErrorCode;
	details?: Record<string, unknown>;
}

/**
 * Turns any thrown value into plain data for `postMessage`.
 *
 * @example
 * self.postMessage({ type: 'error', id, error: serializeError(err) });
 */
export function serializeError(err: unknown): SerializedError {
	if (err instanceof DataError) {
		return {
			name: err.name,
			message: err.message,
			stack: err.stack,
			code: err.code,
			details: err.details
		};
	}
	if (err instanceof Error) return { name: err.name, message: err.message, stack: err.stack };
	return { name: 'Error', message: String(err) };
}

/**
 * Rebuilds the error class on the receiving side so `instanceof DataError` works across the worker.
 *
 * @example
 * reject(deserializeError(message.error));
 */
export function deserializeError(error: SerializedError): Error {
	let result: Error;
	if (error.code === 'reference_changed' && error.details) {
		const d = error.details as { file: string; expected: string; actual: string };
		result = new ReferenceChangedError(d.file, d.expected, d.actual);
	} else if (error.code) {
		result = new DataError(error.code, error.message, error.details);
	} else {
		result = new Error(error.message);
		result.name = error.name;
	}
	if (error.stack) result.stack = error.stack;
	return result;
}
