import type { ErrorHandler } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { RangeNotSatisfiableError, StorageError } from './store/object-store';

/** Machine-readable error codes of the API's JSON error envelope. */
export type ApiErrorCode =
	| 'bad_request'
	| 'unauthorized'
	| 'forbidden'
	| 'not_found'
	| 'method_not_allowed'
	| 'conflict'
	| 'payload_too_large'
	| 'unsupported_media_type'
	| 'range_not_satisfiable'
	| 'unprocessable'
	| 'rate_limited'
	| 'misconfigured'
	| 'storage_unavailable'
	| 'internal';

/**
 * The one error the API throws. `app.onError` turns it into
 * `{ error: { code, message, details } }` with its status.
 *
 * @example
 * throw new ApiError(404, 'not_found', `No report with id ${id}`);
 */
export class ApiError extends Error {
	constructor(
		readonly status: ContentfulStatusCode,
		readonly code: ApiErrorCode,
		message: string,
		readonly details?: unknown
	) {
		super(message);
		this.name = 'ApiError';
	}

	toJSON(): { error: { code: ApiErrorCode; message: string; details?: unknown } } {
		return {
			error: {
				code: this.code,
				message: this.message,
				...(this.details === undefined ? {} : { details: this.details })
			}
		};
	}
}

/**
 * The one error handler of the app: an ApiError answers its envelope and status; a storage
 * failure (StorageError from any adapter) is a 503 the client may retry; a range past the end of
 * an object a 416 with a `Content-Range` naming the size; anything else a 500 that never echoes
 * internals (or a token that may sit in a message).
 *
 * @example
 * app.onError(onError);
 */
export const onError: ErrorHandler = (err, c) => {
	if (err instanceof ApiError) return c.json(err.toJSON(), err.status);
	if (err instanceof StorageError) {
		console.error('storage unavailable', err.message);
		return c.json(
			new ApiError(
				503,
				'storage_unavailable',
				'Object storage did not answer; retry later'
			).toJSON(),
			503
		);
	}
	if (err instanceof RangeNotSatisfiableError) {
		c.header('content-range', `bytes */${err.size}`);
		return c.json(
			new ApiError(
				416,
				'range_not_satisfiable',
				`The range is outside the object (${err.size} bytes)`
			).toJSON(),
			416
		);
	}
	console.error('unhandled error', err instanceof Error ? err.name : typeof err);
	return c.json(new ApiError(500, 'internal', 'Internal error').toJSON(), 500);
};
