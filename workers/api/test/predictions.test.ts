import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { call, newId, postJson, record, type ErrorBody } from './helpers';

interface IngestBody {
	batch: string;
	records: number;
	replayed: boolean;
	objects: { key: string; records: number; model: string; date: string; device: string }[];
}

async function countStored(prefix: string): Promise<{ objects: number; records: number }> {
	let objects = 0;
	let records = 0;
	let cursor: string | undefined;
	do {
		const page = await env.STORE.list({ prefix, cursor });
		for (const o of page.objects) {
			objects++;
			const body = await (await env.STORE.get(o.key))!.text();
			records += body.split('\n').filter(Boolean).length;
		}
		cursor = page.truncated ? page.cursor : undefined;
	} while (cursor);
	return { objects, records };
}

describe('POST /api/v1/predictions', () => {
	it('stores a JSON array partitioned by model, date and device', async () => {
		const batch = [
			record({ device: 'tablet-a', ts: '2026-11-21T23:59:59Z' }),
			record({ device: 'tablet-a', ts: '2026-11-22T00:00:01+00:00' }),
			record({ device: 'tablet-b', ts: '2026-11-22T01:00:00+02:00' })
		];
		const res = await postJson('/api/v1/predictions', batch, 'ingest', {
			'idempotency-key': newId()
		});
		expect(res.status).toBe(201);
		const body = await res.json<IngestBody>();
		expect(body.records).toBe(3);
		expect(body.replayed).toBe(false);
		const keys = body.objects.map((o) => o.key).sort();
		expect(keys).toEqual([
			`predictions/model=penicillin-soft-sensor/date=2026-11-21/device=tablet-a/${body.batch}.ndjson`,
			`predictions/model=penicillin-soft-sensor/date=2026-11-21/device=tablet-b/${body.batch}.ndjson`,
			`predictions/model=penicillin-soft-sensor/date=2026-11-22/device=tablet-a/${body.batch}.ndjson`
		]);
		const stored = await env.STORE.get(keys[2]);
		const line = JSON.parse((await stored!.text()).trim());
		expect(line).toMatchObject({
			schema: 'vigil.prediction/1',
			id: batch[1].id,
			features: batch[1].features
		});
		expect(stored!.customMetadata?.records).toBe('1');
	});

	it('accepts NDJSON and { records: [...] }', async () => {
		const a = [record({ model: 'ndjson-model' }), record({ model: 'ndjson-model' })];
		const nd = await call('/api/v1/predictions', {
			method: 'POST',
			token: 'ingest',
			headers: { 'content-type': 'application/x-ndjson', 'idempotency-key': newId() },
			body: a.map((r) => JSON.stringify(r)).join('\n') + '\n'
		});
		expect(nd.status).toBe(201);
		expect((await nd.json<IngestBody>()).records).toBe(2);
		const wrapped = await postJson(
			'/api/v1/predictions',
			{ records: [record({ model: 'ndjson-model' })] },
			'ingest',
			{
				'idempotency-key': newId()
			}
		);
		expect(wrapped.status).toBe(201);
		expect((await countStored('predictions/model=ndjson-model/')).records).toBe(3);
	});

	it('stores a retried batch once and replays the same answer', async () => {
		const key = newId();
		const batch = [record({ model: 'retry-model' }), record({ model: 'retry-model' })];
		const first = await postJson('/api/v1/predictions', batch, 'ingest', {
			'idempotency-key': key
		});
		expect(first.status).toBe(201);
		const firstBody = await first.json<IngestBody>();
		for (let i = 0; i < 3; i++) {
			const again = await postJson('/api/v1/predictions', batch, 'ingest', {
				'idempotency-key': key
			});
			expect(again.status).toBe(200);
			const body = await again.json<IngestBody>();
			expect(body.replayed).toBe(true);
			expect(body.batch).toBe(firstBody.batch);
		}
		expect(await countStored('predictions/model=retry-model/')).toEqual({ objects: 1, records: 2 });
	});

	it('answers 409 when an idempotency key is replayed with a different body', async () => {
		const key = newId();
		expect(
			(
				await postJson('/api/v1/predictions', [record({ model: 'conflict-model' })], 'ingest', {
					'idempotency-key': key
				})
			).status
		).toBe(201);
		const res = await postJson(
			'/api/v1/predictions',
			[record({ model: 'conflict-model' })],
			'ingest',
			{ 'idempotency-key': key }
		);
		expect(res.status).toBe(409);
		expect((await res.json<ErrorBody>()).error.code).toBe('conflict');
		expect(await countStored('predictions/model=conflict-model/')).toEqual({
			objects: 1,
			records: 1
		});
	});

	it.each([
		['malformed JSON', 'application/json', '[{"id": ', 400, 'bad_request'],
		['a JSON string', 'application/json', '"hello"', 422, 'unprocessable'],
		['an empty batch', 'application/json', '[]', 422, 'unprocessable'],
		[
			'a wrong type',
			'application/json',
			JSON.stringify([{ ...record(), prediction: 'high' }]),
			422,
			'unprocessable'
		],
		[
			'an unknown field',
			'application/json',
			JSON.stringify([{ ...record(), extra: 1 }]),
			422,
			'unprocessable'
		],
		[
			'a traversal model name',
			'application/json',
			JSON.stringify([record({ model: '../etc' })]),
			422,
			'unprocessable'
		],
		[
			'an HTML device name',
			'application/json',
			JSON.stringify([record({ device: '<script>alert(1)</script>' })]),
			422,
			'unprocessable'
		],
		[
			'a bad NDJSON line',
			'application/x-ndjson',
			`${JSON.stringify(record())}\n{oops}\n`,
			400,
			'bad_request'
		],
		['text/plain', 'text/plain', 'hello', 415, 'unsupported_media_type']
	])('refuses %s', async (_what, type, body, status, code) => {
		const res = await call('/api/v1/predictions', {
			method: 'POST',
			token: 'ingest',
			headers: { 'content-type': type, 'idempotency-key': newId() },
			body
		});
		expect(res.status).toBe(status);
		const envelope = await res.json<ErrorBody>();
		expect(envelope.error.code).toBe(code);
		expect(envelope.error.message).not.toContain('<script>');
	});

	it('names the record and field that are wrong', async () => {
		const res = await postJson(
			'/api/v1/predictions',
			[record(), { ...record(), ts: 'yesterday' }],
			'ingest',
			{ 'idempotency-key': newId() }
		);
		expect(res.status).toBe(422);
		const body = await res.json<ErrorBody>();
		expect(body.error.message).toContain('Record 1');
		expect(body.error.message).toContain('records.1.ts');
	});

	it('refuses a duplicate record id inside one batch', async () => {
		const r = record();
		const res = await postJson('/api/v1/predictions', [r, r], 'ingest', {
			'idempotency-key': newId()
		});
		expect(res.status).toBe(422);
	});

	it('needs an Idempotency-Key of safe characters', async () => {
		expect((await postJson('/api/v1/predictions', [record()], 'ingest')).status).toBe(400);
		const res = await postJson('/api/v1/predictions', [record()], 'ingest', {
			'idempotency-key': '../../x'
		});
		expect(res.status).toBe(400);
	});

	it('refuses oversized bodies and batches with 413', async () => {
		const big = 'x'.repeat(9 * 1024 * 1024);
		const res = await call('/api/v1/predictions', {
			method: 'POST',
			token: 'ingest',
			headers: { 'content-type': 'application/json', 'idempotency-key': newId() },
			body: big
		});
		expect(res.status).toBe(413);
		expect((await res.json<ErrorBody>()).error.code).toBe('payload_too_large');
		const many = Array.from({ length: 10_001 }, () => record({ features: {} }));
		const tooMany = await postJson('/api/v1/predictions', many, 'ingest', {
			'idempotency-key': newId()
		});
		expect(tooMany.status).toBe(413);
	});
});

describe('GET /api/v1/predictions', () => {
	it('lists objects of a model within a date range, with record counts', async () => {
		for (const ts of ['2026-10-01T00:00:00Z', '2026-10-02T00:00:00Z', '2026-10-03T00:00:00Z'])
			await postJson(
				'/api/v1/predictions',
				[record({ model: 'list-model', ts }), record({ model: 'list-model', ts })],
				'ingest',
				{
					'idempotency-key': newId()
				}
			);
		const res = await call('/api/v1/predictions?model=list-model&from=2026-10-02&to=2026-10-03', {
			token: 'read'
		});
		expect(res.status).toBe(200);
		const body = await res.json<{ objects: { date: string; records: number }[] }>();
		expect(body.objects.map((o) => o.date)).toEqual(['2026-10-02', '2026-10-03']);
		expect(body.objects.every((o) => o.records === 2)).toBe(true);
	});

	it('pages with a cursor', async () => {
		for (let i = 0; i < 3; i++)
			await postJson('/api/v1/predictions', [record({ model: 'page-model' })], 'ingest', {
				'idempotency-key': newId()
			});
		const first = await (
			await call('/api/v1/predictions?model=page-model&limit=2', { token: 'read' })
		).json<{ objects: unknown[]; cursor?: string }>();
		expect(first.objects).toHaveLength(2);
		expect(first.cursor).toBeDefined();
		const second = await (
			await call(
				`/api/v1/predictions?model=page-model&limit=2&cursor=${encodeURIComponent(first.cursor!)}`,
				{ token: 'read' }
			)
		).json<{ objects: unknown[]; cursor?: string }>();
		expect(second.objects).toHaveLength(1);
		expect(second.cursor).toBeUndefined();
	});

	it('needs a model', async () => {
		expect((await call('/api/v1/predictions', { token: 'read' })).status).toBe(400);
		expect((await call('/api/v1/predictions?model=..%2F..', { token: 'read' })).status).toBe(400);
	});
});

describe('GET /api/v1/predictions/{key}', () => {
	it('serves an object whole and by byte ranges', async () => {
		const res = await postJson(
			'/api/v1/predictions',
			[record({ model: 'range-model' })],
			'ingest',
			{ 'idempotency-key': newId() }
		);
		const { objects } = await res.json<IngestBody>();
		const key = objects[0].key;
		const whole = await call(`/api/v1/${key}`, { token: 'read' });
		expect(whole.status).toBe(200);
		expect(whole.headers.get('accept-ranges')).toBe('bytes');
		const text = await whole.text();
		const part = await call(`/api/v1/${key}`, { token: 'read', headers: { range: 'bytes=2-9' } });
		expect(part.status).toBe(206);
		expect(part.headers.get('content-range')).toBe(`bytes 2-9/${text.length}`);
		expect(await part.text()).toBe(text.slice(2, 10));
		const suffix = await call(`/api/v1/${key}`, { token: 'read', headers: { range: 'bytes=-5' } });
		expect(await suffix.text()).toBe(text.slice(-5));
		const open = await call(`/api/v1/${key}`, { token: 'read', headers: { range: 'bytes=10-' } });
		expect(await open.text()).toBe(text.slice(10));
		const past = await call(`/api/v1/${key}`, {
			token: 'read',
			headers: { range: `bytes=${text.length + 10}-` }
		});
		expect(past.status).toBe(416);
		expect(past.headers.get('content-range')).toBe(`bytes */${text.length}`);
		const encoded = await call(`/api/v1/predictions/${encodeURIComponent(key)}`, { token: 'read' });
		expect(await encoded.text()).toBe(text);
	});

	it.each([
		'predictions/model=../x/date=2026-01-01/device=d/01JAAAAAAAAAAAAAAAAAAAAAAA.ndjson',
		'predictions/..%2F..%2Fmodels%2Fx%2Fmodel.onnx',
		'predictions/model=m/date=2026-01-01/device=<b>x</b>/01JAAAAAAAAAAAAAAAAAAAAAAA.ndjson',
		'reports/x.json'
	])('refuses the key %s', async (key) => {
		const res = await call(`/api/v1/predictions/${key}`, { token: 'read' });
		expect([400, 404]).toContain(res.status);
		const body = await res.json<ErrorBody>();
		expect(body.error.message).not.toContain('<b>');
	});

	it('answers 404 for a well-formed key that is not stored', async () => {
		const res = await call(
			'/api/v1/predictions/model=m/date=2026-01-01/device=d/01JAAAAAAAAAAAAAAAAAAAAAAA.ndjson',
			{ token: 'read' }
		);
		expect(res.status).toBe(404);
	});
});
