import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { app } from '../src/index';
import { call, TEST_TOKENS, type ErrorBody } from './helpers';

/** Bytes that look like Parquet to the route (PAR1 at both ends), each byte its position mod 251. */
function parquetLike(size: number): Uint8Array {
	const bytes = Uint8Array.from({ length: size }, (_, i) => i % 251);
	bytes.set([0x50, 0x41, 0x52, 0x31], 0);
	bytes.set([0x50, 0x41, 0x52, 0x31], size - 4);
	return bytes;
}

async function put(name: string, body: Uint8Array, token: 'admin' | 'read' = 'admin') {
	return call(`/api/v1/datasets/${name}`, {
		method: 'PUT',
		token,
		headers: { 'content-type': 'application/vnd.apache.parquet' },
		body
	});
}

describe('PUT/GET /api/v1/datasets/{name}: Parquet stored as is, read by ranges', () => {
	it('stores a Parquet file and serves it whole, by ranges and to HEAD', async () => {
		const bytes = parquetLike(5000);
		const res = await put('reference-a.parquet', bytes);
		expect(res.status).toBe(201);
		const stored = await res.json<{ key: string; size: number; sha256: string }>();
		expect(stored).toMatchObject({
			schema: 'vigil.dataset-object/1',
			name: 'reference-a.parquet',
			key: 'datasets/reference-a.parquet',
			size: 5000
		});
		const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
		expect(stored.sha256).toBe([...digest].map((b) => b.toString(16).padStart(2, '0')).join(''));

		const head = await call('/api/v1/datasets/reference-a.parquet', {
			method: 'HEAD',
			token: 'read'
		});
		expect(head.status).toBe(200);
		expect(head.headers.get('accept-ranges')).toBe('bytes');
		expect(head.headers.get('content-length')).toBe('5000');
		const etag = head.headers.get('etag');
		expect(etag).toMatch(/^".+"$/);

		const whole = await call('/api/v1/datasets/reference-a.parquet', { token: 'read' });
		expect(whole.status).toBe(200);
		// Stored copies in the browser are revalidated, so a request without a token gets no bytes.
		expect(whole.headers.get('cache-control')).toBe('private, no-cache');
		expect(new Uint8Array(await whole.arrayBuffer())).toEqual(bytes);

		// The footer read of a Parquet reader: the last 8 bytes, then a chunk in the middle.
		const tail = await call('/api/v1/datasets/reference-a.parquet', {
			token: 'read',
			headers: { range: 'bytes=4992-4999' }
		});
		expect(tail.status).toBe(206);
		expect(tail.headers.get('content-range')).toBe('bytes 4992-4999/5000');
		expect(tail.headers.get('etag')).toBe(etag);
		expect(new Uint8Array(await tail.arrayBuffer())).toEqual(bytes.subarray(4992));
		const middle = await call('/api/v1/datasets/reference-a.parquet', {
			token: 'read',
			headers: { range: 'bytes=1000-1999' }
		});
		expect(middle.status).toBe(206);
		expect(middle.headers.get('content-length')).toBe('1000');
		expect(new Uint8Array(await middle.arrayBuffer())).toEqual(bytes.subarray(1000, 2000));

		const past = await call('/api/v1/datasets/reference-a.parquet', {
			token: 'read',
			headers: { range: 'bytes=6000-' }
		});
		expect(past.status).toBe(416);
		expect(past.headers.get('content-range')).toBe('bytes */5000');
	});

	it('replaces a data set: a new ETag tells range readers the file changed', async () => {
		await put('changing.parquet', parquetLike(100));
		const first = await call('/api/v1/datasets/changing.parquet', {
			method: 'HEAD',
			token: 'read'
		});
		await put('changing.parquet', parquetLike(120));
		const second = await call('/api/v1/datasets/changing.parquet', {
			method: 'HEAD',
			token: 'read'
		});
		expect(second.headers.get('content-length')).toBe('120');
		expect(second.headers.get('etag')).not.toBe(first.headers.get('etag'));
	});

	it('refuses what is not Parquet, bad names, missing objects and wrong scopes', async () => {
		const notParquet = await put('x.parquet', new TextEncoder().encode('a,b\n1,2\n'));
		expect(notParquet.status).toBe(400);
		expect((await notParquet.json<ErrorBody>()).error.message).toMatch(/not a Parquet file/);
		const cut = parquetLike(100).subarray(0, 60);
		expect((await put('cut.parquet', cut)).status).toBe(400);
		for (const name of ['x.csv', '.hidden.parquet', 'a..b.parquet', `${'n'.repeat(121)}.parquet`])
			expect((await put(name, parquetLike(100))).status, name).toBe(400);
		expect((await put('ok.parquet', parquetLike(100), 'read')).status).toBe(403);
		expect(
			(
				await call('/api/v1/datasets/x.parquet', {
					method: 'PUT',
					body: parquetLike(100)
				})
			).status
		).toBe(401);
		expect((await call('/api/v1/datasets/missing.parquet', { token: 'read' })).status).toBe(404);
		expect((await call('/api/v1/datasets/x.parquet')).status).toBe(401);
	});
});

it('is in the OpenAPI document', async () => {
	const doc = await (
		await call('/api/openapi.json')
	).json<{
		paths: Record<string, Record<string, unknown>>;
		components: { schemas: Record<string, unknown> };
	}>();
	expect(Object.keys(doc.paths['/api/v1/datasets/{name}'])).toEqual(['put', 'get']);
	expect(doc.components.schemas.StoredDataset).toBeDefined();
});

describe('CORS for cross-origin range reads (CORS_ORIGINS set)', () => {
	const origin = 'https://app.example';
	const corsEnv = { ...env, CORS_ORIGINS: origin };
	const ctx = {
		waitUntil: () => undefined,
		passThroughOnException: () => undefined,
		props: {}
	} as unknown as ExecutionContext;
	const request = (path: string, init: RequestInit) =>
		app.request(`http://vigil.test${path}`, init, corsEnv, ctx);

	it('lets the page send Range and read Content-Range, Content-Length, ETag and Accept-Ranges', async () => {
		await put('cors.parquet', parquetLike(3000));
		const preflight = await request('/api/v1/datasets/cors.parquet', {
			method: 'OPTIONS',
			headers: {
				origin,
				'access-control-request-method': 'GET',
				'access-control-request-headers': 'authorization, range'
			}
		});
		expect(preflight.status).toBe(204);
		expect(preflight.headers.get('access-control-allow-origin')).toBe(origin);
		const allowed = (preflight.headers.get('access-control-allow-headers') ?? '')
			.toLowerCase()
			.split(/\s*,\s*/);
		expect(allowed).toEqual(expect.arrayContaining(['range', 'authorization']));
		expect(preflight.headers.get('access-control-allow-methods')).toMatch(/\bHEAD\b/);

		const headers = {
			origin,
			authorization: `Bearer ${TEST_TOKENS.read.token}`,
			range: 'bytes=2992-2999'
		};
		const part = await request('/api/v1/datasets/cors.parquet', { headers });
		expect(part.status).toBe(206);
		expect(part.headers.get('access-control-allow-origin')).toBe(origin);
		const exposed = (part.headers.get('access-control-expose-headers') ?? '')
			.toLowerCase()
			.split(/\s*,\s*/);
		expect(exposed).toEqual(
			expect.arrayContaining(['content-range', 'content-length', 'etag', 'accept-ranges'])
		);
		expect(part.headers.get('content-range')).toBe('bytes 2992-2999/3000');

		const head = await request('/api/v1/datasets/cors.parquet', {
			method: 'HEAD',
			headers: { origin, authorization: headers.authorization }
		});
		expect(head.headers.get('access-control-expose-headers')?.toLowerCase()).toContain(
			'content-length'
		);
		expect(head.headers.get('content-length')).toBe('3000');
	});

	it('answers no CORS headers to an origin that is not listed', async () => {
		const res = await request('/api/v1/datasets/cors.parquet', {
			headers: {
				origin: 'https://elsewhere.example',
				authorization: `Bearer ${TEST_TOKENS.read.token}`
			}
		});
		// Without an allowed origin the browser hides the answer, whatever else is exposed.
		expect(res.headers.get('access-control-allow-origin')).toBeNull();
	});
});
