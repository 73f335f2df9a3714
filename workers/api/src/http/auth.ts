import type { Context, MiddlewareHandler } from 'hono';
import {
	tokenListSchema,
	type TokenEntry,
	type TokenScope
} from '../../../../src/lib/contracts/api';
import { ApiError } from '../errors';
import type { AppEnv, Caller } from '../env';

let cached: { source: string; entries: { entry: TokenEntry; hash: Uint8Array }[] } | undefined;

function hexToBytes(hex: string): Uint8Array {
	const out = new Uint8Array(hex.length / 2);
	for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
	return out;
}

/**
 * Compares two equal-length byte arrays in time that does not depend on where they differ.
 *
 * @example
 * constantTimeEqual(new Uint8Array([1, 2]), new Uint8Array([1, 2])); // true
 */
export function constantTimeEqual(a: Uint8Array, b: Uint8Array): boolean {
	if (a.length !== b.length) return false;
	let diff = 0;
	for (let i = 0; i < a.length; i++) diff |= a[i] ^ b[i];
	return diff === 0;
}

/**
 * The token list of the VIGIL_TOKENS secret, parsed once per isolate. A malformed secret is a
 * deployment error (500 misconfigured) that names the problem but never a hash.
 *
 * @example
 * tokenEntries('[{"name":"ops","sha256":"…","scopes":["read"]}]');
 */
export function tokenEntries(
	source: string | undefined
): { entry: TokenEntry; hash: Uint8Array }[] {
	const text = source ?? '[]';
	if (cached?.source === text) return cached.entries;
	let parsed: unknown;
	try {
		parsed = JSON.parse(text);
	} catch {
		throw new ApiError(500, 'misconfigured', 'VIGIL_TOKENS is not valid JSON');
	}
	const result = tokenListSchema.safeParse(parsed);
	if (!result.success) {
		throw new ApiError(
			500,
			'misconfigured',
			'VIGIL_TOKENS must be a JSON array of { name, sha256, scopes }',
			{ issues: result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`) }
		);
	}
	const entries = result.data.map((entry) => ({ entry, hash: hexToBytes(entry.sha256) }));
	cached = { source: text, entries };
	return entries;
}

/** SHA-256 of a token, as bytes. */
async function sha256(text: string): Promise<Uint8Array> {
	return new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)));
}

/**
 * Finds the caller of a request from its `Authorization: Bearer` header, or undefined when there is
 * no header. Every entry is compared (constant time each) so timing does not reveal which matched.
 *
 * @example
 * const caller = await authenticate(c.req.header('authorization'), c.env.VIGIL_TOKENS);
 */
export async function authenticate(
	header: string | undefined,
	tokens: string | undefined
): Promise<Caller | undefined> {
	if (header === undefined) return undefined;
	const match = /^Bearer ([\x21-\x7e]{1,512})$/.exec(header.trim());
	if (!match) {
		throw new ApiError(401, 'unauthorized', 'The Authorization header must be "Bearer <token>"');
	}
	const hash = await sha256(match[1]);
	let found: TokenEntry | undefined;
	for (const { entry, hash: expected } of tokenEntries(tokens)) {
		if (constantTimeEqual(hash, expected) && !found) found = entry;
	}
	if (!found) throw new ApiError(401, 'unauthorized', 'The bearer token is not valid');
	return { name: found.name, scopes: found.scopes };
}

function challenge(c: Context<AppEnv>, scope: TokenScope): void {
	c.header('www-authenticate', `Bearer realm="vigil", scope="${scope}"`);
}

/**
 * Middleware that requires a token holding `scope` (admin holds every scope), then counts the
 * request against the token's rate limit (Cloudflare's Rate Limiting binding). The `metrics` scope is
 * not asked when the var PUBLIC_METRICS is "true" (scrapers inside a private network), and a
 * scrape takes nothing from a bucket.
 *
 * @example
 * app.post('/predictions', requireScope('ingest'), handler);
 */
export function requireScope(scope: TokenScope): MiddlewareHandler<AppEnv> {
	return async (c, next) => {
		if (scope === 'metrics' && c.env.PUBLIC_METRICS === 'true') return next();
		let caller: Caller | undefined;
		try {
			caller = await authenticate(c.req.header('authorization'), c.env.VIGIL_TOKENS);
		} catch (err) {
			if (err instanceof ApiError && err.status === 401) challenge(c, scope);
			throw err;
		}
		if (!caller) {
			challenge(c, scope);
			throw new ApiError(
				401,
				'unauthorized',
				scope === 'metrics'
					? `${c.req.method} ${new URL(c.req.url).pathname} needs a bearer token with the metrics scope (or PUBLIC_METRICS=true)`
					: `This request needs a bearer token with the ${scope} scope`
			);
		}
		if (!caller.scopes.includes(scope) && !caller.scopes.includes('admin')) {
			throw new ApiError(403, 'forbidden', `The token "${caller.name}" lacks the ${scope} scope`, {
				required: scope,
				granted: caller.scopes
			});
		}
		c.set('caller', caller);
		if (scope !== 'metrics')
			await takeRequest(c.env.TOKEN_LIMITER, caller.name, (name, value) => c.header(name, value));
		await next();
	};
}

/** The window of the TOKEN_LIMITER binding (wrangler.toml: `period`), and so the Retry-After. */
export const RATE_LIMIT_PERIOD_SECONDS = 10;

/**
 * Counts one request of `key` against a Rate Limiting binding; over the limit it sets Retry-After
 * (the binding's period) and throws 429. The binding counts per Cloudflare location, approximately:
 * a coarse guard for a token, not an exact quota.
 *
 * @example
 * await takeRequest(env.TOKEN_LIMITER, caller.name, (name, value) => c.header(name, value));
 */
export async function takeRequest(
	limiter: RateLimit,
	key: string,
	setHeader: (name: string, value: string) => void
): Promise<void> {
	const { success } = await limiter.limit({ key });
	if (success) return;
	setHeader('retry-after', String(RATE_LIMIT_PERIOD_SECONDS));
	throw new ApiError(429, 'rate_limited', `Too many requests for token "${key}"`, {
		retry_after_seconds: RATE_LIMIT_PERIOD_SECONDS
	});
}
