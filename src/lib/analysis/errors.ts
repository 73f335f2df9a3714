import { DriftInputError, type DriftInputErrorCode } from '../drift/types';
import type { SerializedError } from './protocol';

/** The reference data changed since its profile was frozen: the profile is not used. */
export class ReferenceMismatchError extends Error {
	constructor(
		readonly expected: string,
		readonly actual: string
	) {
		super(
			`The reference profile was frozen from data with SHA-256 ${actual.slice(0, 12)}…, but the reference is now ${expected.slice(0, 12)}…: rebuild the profile from the current reference.`
		);
		this.name = 'ReferenceMismatchError';
	}
}

/**
 * Turns any thrown value into a plain object that survives postMessage.
 *
 * @example
 * post({ type: 'error', id, error: serializeError(err) });
 */
export function serializeError(err: unknown): SerializedError {
	if (err instanceof DriftInputError)
		return {
			name: err.name,
			message: err.message,
			stack: err.stack,
			code: err.code,
			details: err.details
		};
	if (err instanceof Error) return { name: err.name, message: err.message, stack: err.stack };
	return { name: 'Error', message: String(err) };
}

/**
 * Rebuilds an error from its serialized form (DriftInputError keeps its class and code).
 *
 * @example
 * throw deserializeError(message.error);
 */
export function deserializeError(e: SerializedError): Error {
	let err: Error;
	if (e.name === 'DriftInputError' && e.code) {
		err = new DriftInputError(e.code as DriftInputErrorCode, e.message, e.details);
	} else {
		err = new Error(e.message);
		err.name = e.name;
	}
	if (e.stack) err.stack = e.stack;
	return err;
}

/**
 * An AbortError, the name callers check to tell a cancellation from a failure.
 *
 * @example
 * throw abortError('Drift computation was cancelled');
 */
export function abortError(message: string): Error {
	const err = new Error(message);
	err.name = 'AbortError';
	return err;
}
