// The building blocks of the OpenAPI operations that the route table carries.

/** A reference to a component schema. */
export const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });

/** A JSON body of a component schema. */
export const json = (name: string) => ({ 'application/json': { schema: ref(name) } });

/** An error response (the API's error envelope). */
export const error = (description: string) => ({ description, content: json('ApiError') });

/** The bearer token scope a route needs. */
export const security = (scope: string) => [{ bearer: [scope] }];

/** The errors every authenticated route can answer; `badRequest` says what a 400 means there. */
export const readErrors = (badRequest: string) => ({
	'400': error(badRequest),
	'401': error('Missing or invalid bearer token'),
	'403': error('The token lacks the scope'),
	'429': error('Per-token rate limit; see Retry-After')
});

/**
 * The errors of a route that stores something, on top of `readErrors`; a 409 and a 422 only where
 * the route can answer them.
 */
export const writeErrors = (
	badRequest: string,
	conflict?: string,
	unprocessable?: string
): Record<string, ReturnType<typeof error>> => ({
	...readErrors(badRequest),
	...(conflict ? { '409': error(conflict) } : {}),
	'413': error('Body or batch too large'),
	'415': error('Unsupported Content-Type'),
	...(unprocessable ? { '422': error(unprocessable) } : {}),
	'503': error('Object storage unavailable')
});

/** A string query parameter. */
export const query = (name: string, description: string, required = false) => ({
	name,
	in: 'query',
	required,
	description,
	schema: { type: 'string' }
});

/** A string path parameter. */
export const path = (name: string, description: string) => ({
	name,
	in: 'path',
	required: true,
	description,
	schema: { type: 'string' }
});

/** The Idempotency-Key header of a batch upload. */
export const idempotencyHeader = {
	name: 'Idempotency-Key',
	in: 'header',
	required: true,
	schema: { type: 'string', pattern: '^[A-Za-z0-9._:-]{1,128}$' }
};

/**
 * The request body of a batch upload: a JSON array of `item`, or `{ [field]: [...] }`, or NDJSON
 * (one item per line), plus any `extra` media types.
 */
export const batchBody = (item: string, field: string, extra: Record<string, unknown> = {}) => ({
	required: true,
	content: {
		'application/json': {
			schema: {
				oneOf: [
					{ type: 'array', items: ref(item) },
					{
						type: 'object',
						properties: { [field]: { type: 'array', items: ref(item) } },
						required: [field],
						additionalProperties: false
					}
				]
			}
		},
		'application/x-ndjson': { schema: { type: 'string', description: `One ${item} per line` } },
		...extra
	}
});
