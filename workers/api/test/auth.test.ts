import { describe, expect, it } from 'vitest';
import { constantTimeEqual } from '../src/http/auth';
import { call, newId, postJson, record, TEST_TOKENS, type ErrorBody } from './helpers';

describe('bearer tokens', () => {
	it('refuses writes without a token, with a challenge naming the scope', async () => {
		const res = await call('/api/v1/predictions', {
			method: 'POST',
			headers: { 'content-type': 'application/json', 'idempotency-key': newId() },
			body: JSON.stringify([record()])
		});
		expect(res.status).toBe(401);
		expect(res.headers.get('www-authenticate')).toContain('scope="ingest"');
		expect((await res.json<ErrorBody>()).error.code).toBe('unauthorized');
	});

	it('refuses a wrong token without echoing it', async () => {
		const secret = 'vigil_wrong_token_that_must_not_leak';
		const res = await call('/api/v1/models', { headers: { authorization: `Bearer ${secret}` } });
		expect(res.status).toBe(401);
		const text = await res.text();
		expect(text).not.toContain(secret);
		expect(JSON.parse(text).error.code).toBe('unauthorized');
	});

	it('refuses a malformed Authorization header', async () => {
		for (const header of ['Basic abc', 'Bearer', 'Bearer a b', `Bearer ${'x'.repeat(600)}`]) {
			const res = await call('/api/v1/models', { headers: { authorization: header } });
			expect(res.status).toBe(401);
		}
	});

	it('refuses a token used outside its scope with 403', async () => {
		const cases: [string, RequestInit & { token: 'read' | 'ingest' | 'metrics' }][] = [
			[
				'/api/v1/predictions',
				{
					method: 'POST',
					token: 'read',
					headers: { 'content-type': 'application/json', 'idempotency-key': newId() },
					body: JSON.stringify([record()])
				}
			],
			['/api/v1/predictions?model=x', { token: 'ingest' }],
			[
				'/api/v1/models/m/1',
				{
					method: 'PUT',
					token: 'ingest',
					headers: { 'content-type': 'application/json' },
					body: '{}'
				}
			],
			[
				'/api/v1/models/m/1/promote',
				{
					method: 'POST',
					token: 'read',
					headers: { 'content-type': 'application/json' },
					body: '{"stage":"production"}'
				}
			],
			[
				'/api/v1/reports',
				{
					method: 'POST',
					token: 'metrics',
					headers: { 'content-type': 'application/json' },
					body: '{}'
				}
			],
			[
				'/api/v1/metrics/snapshots',
				{
					method: 'POST',
					token: 'read',
					headers: { 'content-type': 'application/json' },
					body: '{}'
				}
			],
			['/metrics', { token: 'ingest' }]
		];
		for (const [path, init] of cases) {
			const res = await call(path, init);
			expect(res.status, `${init.method ?? 'GET'} ${path}`).toBe(403);
			const body = await res.json<ErrorBody>();
			expect(body.error.code).toBe('forbidden');
			expect(JSON.stringify(body)).not.toContain(TEST_TOKENS[init.token].token);
		}
	});

	it('lets admin tokens do everything', async () => {
		const res = await postJson('/api/v1/predictions', [record()], 'admin', {
			'idempotency-key': newId()
		});
		expect(res.status).toBe(201);
	});

	it('keeps the health check and the OpenAPI document public', async () => {
		expect((await call('/api/health')).status).toBe(200);
		expect((await call('/api/openapi.json')).status).toBe(200);
	});
});

describe('constantTimeEqual', () => {
	it('compares bytes', () => {
		expect(constantTimeEqual(new Uint8Array([1, 2, 3]), new Uint8Array([1, 2, 3]))).toBe(true);
		expect(constantTimeEqual(new Uint8Array([1, 2, 3]), new Uint8Array([1, 2, 4]))).toBe(false);
		expect(constantTimeEqual(new Uint8Array([1, 2]), new Uint8Array([1, 2, 3]))).toBe(false);
	});
});

describe('CORS', () => {
	it('sends no CORS headers when CORS_ORIGINS is empty (same origin)', async () => {
		const res = await call('/api/health', { headers: { origin: 'https://elsewhere.example' } });
		expect(res.headers.get('access-control-allow-origin')).toBeNull();
	});
});
