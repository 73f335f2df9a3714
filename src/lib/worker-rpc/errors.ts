/**
 * One serialization of errors for every Web Worker: structured clone keeps no class, so an error
 * crosses as its name, message, stack and own data fields (a DataError's `code` and `details`, a
 * ModelInputError's `issues`, …), and the receiving side rebuilds it as an instance of the class
 * registered under that name, so `instanceof` and the fields work on the page as in the worker.
 */

/** An error as it crosses the worker boundary. */
export interface SerializedError {
	name: string;
	message: string;
	stack?: string;
	/** The error's own enumerable fields that survive structured clone (codes, details, issues). */
	fields?: Record<string, unknown>;
}

/** Error classes by the `name` their instances carry, for rebuilding them on the receiving side. */
export type ErrorClasses = Readonly<Record<string, abstract new (...args: never[]) => Error>>;

function cloneable(value: unknown): boolean {
	if (value === null || ['string', 'number', 'boolean', 'undefined'].includes(typeof value))
		return true;
	if (Array.isArray(value)) return value.every(cloneable);
	if (typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype)
		return Object.values(value as object).every(cloneable);
	return false;
}

/**
 * Any thrown value as plain data for `postMessage`: name, message, stack and the error's own plain
 * fields (functions, class instances and other values structured clone would refuse are left out).
 *
 * @example
 * post({ kind: 'error', id, error: serializeError(err) });
 */
export function serializeError(err: unknown): SerializedError {
	if (!(err instanceof Error)) return { name: 'Error', message: String(err) };
	const fields: Record<string, unknown> = {};
	for (const [key, value] of Object.entries(err)) {
		if (key === 'name' || key === 'message' || key === 'stack') continue;
		if (cloneable(value)) fields[key] = value;
	}
	return {
		name: err.name,
		message: err.message,
		...(err.stack ? { stack: err.stack } : {}),
		...(Object.keys(fields).length > 0 ? { fields } : {})
	};
}

/**
 * Rebuilds a serialized error: an instance of the class registered under its name (with its
 * fields, message and stack as they were), or a plain Error carrying the name.
 *
 * @example
 * reject(deserializeError(message.error, { DataError, ReferenceChangedError }));
 */
export function deserializeError(e: SerializedError, classes: ErrorClasses = {}): Error {
	const err = new Error(e.message);
	const Class = Object.hasOwn(classes, e.name) ? classes[e.name] : undefined;
	if (Class) Object.setPrototypeOf(err, Class.prototype);
	Object.assign(err, e.fields ?? {});
	Object.defineProperty(err, 'name', { value: e.name, writable: true, configurable: true });
	if (e.stack) err.stack = e.stack;
	return err;
}

/**
 * An AbortError, the name callers check to tell a cancellation from a failure.
 *
 * @example
 * throw abortError('Drift computation was cancelled');
 */
export function abortError(message = 'The operation was cancelled'): Error {
	const err = new Error(message);
	err.name = 'AbortError';
	return err;
}
