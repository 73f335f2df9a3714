import type { ContentfulStatusCode } from 'hono/utils/http-status';

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
