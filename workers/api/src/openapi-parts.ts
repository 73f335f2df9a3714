// The building blocks of the API's OpenAPI document, shared by the main document and the label,
// performance and evaluation paths.

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

/** The errors of a route that stores something, on top of `readErrors`. */
export const writeErrors = (
	badRequest: string,
	conflict: string,
	unprocessable: string
): Record<string, ReturnType<typeof error>> => ({
	...readErrors(badRequest),
	'409': error(conflict),
	'413': error('Body or batch too large'),
	'415': error('Unsupported Content-Type'),
	'422': error(unprocessable),
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
