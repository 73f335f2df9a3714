import type { Context } from 'hono';
import { ApiError } from '../errors';
import type { AppEnv } from '../env';
import type { ByteRange, StoredObject } from '../store';

/**
 * Parses a single-range `Range: bytes=…` header. Multiple ranges are not served (the whole object
 * is, as RFC 9110 allows); a malformed header is ignored likewise.
 *
 * @example
 * parseRange('bytes=0-99'); // { offset: 0, length: 100 }
 */
export function parseRange(header: string | undefined): ByteRange | undefined {
	if (!header) return undefined;
	const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
	if (!m || (m[1] === '' && m[2] === '')) return undefined;
	if (m[1] === '') return { suffix: Number(m[2]) };
	const offset = Number(m[1]);
	if (m[2] === '') return { offset };
	const end = Number(m[2]);
	if (end < offset) return undefined;
	return { offset, length: end - offset + 1 };
}

/**
 * Serves a stored object with HTTP Range support (206, Content-Range; a range past the end is a
 * 416 from the app's error handler), so DuckDB-WASM and other HTTP readers fetch only the bytes
 * they need. `load` asks the service for the object (or the range of it).
 *
 * @example
 * return serveObject(c, (range) => readPredictionObject(c.env, key, range));
 */
export async function serveObject(
	c: Context<AppEnv>,
	load: (range: ByteRange | undefined) => Promise<StoredObject | null>,
	headers: Record<string, string> = {}
): Promise<Response> {
	const object = await load(parseRange(c.req.header('range')));
	if (!object) throw new ApiError(404, 'not_found', 'No stored object with this key');
	const out = new Headers({
		'accept-ranges': 'bytes',
		etag: `"${object.etag}"`,
		'last-modified': object.uploaded.toUTCString(),
		'content-type': object.metadata.contentType ?? 'application/octet-stream',
		'x-content-type-options': 'nosniff',
		// Answers need a token: a browser must not hand a stored copy to a request without one.
		'cache-control': 'private, no-cache',
		...headers
	});
	if (object.range) {
		out.set(
			'content-range',
			`bytes ${object.range.offset}-${object.range.offset + object.range.length - 1}/${object.size}`
		);
		out.set('content-length', String(object.range.length));
		return new Response(c.req.method === 'HEAD' ? null : object.body, {
			status: 206,
			headers: out
		});
	}
	out.set('content-length', String(object.size));
	return new Response(c.req.method === 'HEAD' ? null : object.body, { status: 200, headers: out });
}
