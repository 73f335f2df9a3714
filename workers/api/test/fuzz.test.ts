import { env } from 'cloudflare:workers';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { call, newId, record, type ErrorBody } from './helpers';
import { base64, cardFor, fakeOnnx } from './model-fixtures';
import { makeReport } from './drift-fixtures';

/** Every answer is < 500; every failure carries the JSON envelope. */
async function checkAnswer(res: Response): Promise<unknown> {
	expect(res.status).toBeLessThan(500);
	const text = await res.text();
	if (res.status >= 400) {
		const body = JSON.parse(text) as ErrorBody;
		expect(typeof body.error.code).toBe('string');
		expect(typeof body.error.message).toBe('string');
		expect(body.error.message).not.toMatch(/<script/i);
	}
	return text && res.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text;
}

const contentTypes = fc.constantFrom(
	'application/json',
	'application/x-ndjson',
	'text/plain',
	'',
	'application/vnd.apache.parquet',
	'multipart/form-data; boundary=x'
);

/** A valid record with one field replaced by an arbitrary JSON value (or left valid). */
const mutatedRecord = fc
	.tuple(
		fc.constantFrom(
			'id',
			'model',
			'model_version',
			'device',
			'ts',
			'features',
			'prediction',
			'probability',
			'label',
			'latency_seconds',
			'extra',
			'none'
		),
		fc.jsonValue({ maxDepth: 2 }),
		fc.constantFrom('fuzz-a', 'fuzz-b'),
		fc.constantFrom('2026-11-20T00:00:00Z', '2026-11-21T12:00:00+05:00', '2026-11-22T23:59:59.999Z')
	)
	.map(([field, value, model, ts]) => {
		const r: Record<string, unknown> = { ...record({ model, ts }) };
		if (field !== 'none') r[field] = value;
		return r;
	});

/** Mostly valid records, so that accepted batches (and their replays) are exercised too. */
const fuzzRecord = fc.oneof(
	{
		weight: 6,
		arbitrary: fc
			.constantFrom('fuzz-a', 'fuzz-b')
			.map((model) => ({ ...record({ model }) }) as Record<string, unknown>)
	},
	{ weight: 1, arbitrary: mutatedRecord }
);

const predictionBody = fc.oneof(
	fc
		.array(fuzzRecord, { minLength: 0, maxLength: 6 })
		.map((rs) => ({ type: 'application/json', body: JSON.stringify(rs) })),
	fc.array(fuzzRecord, { minLength: 1, maxLength: 4 }).map((rs) => ({
		type: 'application/x-ndjson',
		body: rs.map((r) => JSON.stringify(r)).join('\n')
	})),
	fc
		.array(fuzzRecord, { maxLength: 3 })
		.map((rs) => ({ type: 'application/json', body: JSON.stringify({ records: rs }) })),
	fc
		.tuple(contentTypes, fc.jsonValue({ maxDepth: 3 }))
		.map(([type, v]) => ({ type, body: JSON.stringify(v) ?? 'null' })),
	fc.tuple(contentTypes, fc.string({ maxLength: 200 })).map(([type, body]) => ({ type, body }))
);

describe('fuzzing every write endpoint (never a 500, always the envelope, nothing stored twice)', () => {
	it('POST /api/v1/predictions: 2,000 random bodies, with replays', async () => {
		let accepted = 0;
		const acceptedIds: string[] = [];
		await fc.assert(
			fc.asyncProperty(
				predictionBody,
				fc.boolean(),
				fc.constantFrom(newId(), 'fixed-key', '../x', ''),
				async ({ type, body }, replay, keyChoice) => {
					const key =
						keyChoice === 'fixed-key' || keyChoice === '../x' || keyChoice === ''
							? keyChoice
							: newId();
					const headers: Record<string, string> = { 'idempotency-key': key };
					if (type) headers['content-type'] = type;
					const send = () =>
						call('/api/v1/predictions', { method: 'POST', token: 'ingest', headers, body });
					const res = await send();
					const status = res.status;
					const answer = (await checkAnswer(res)) as { records?: number; replayed?: boolean };
					if (status === 201) {
						accepted += answer.records!;
						const parsed =
							type === 'application/x-ndjson'
								? body.split('\n').map((l) => JSON.parse(l))
								: JSON.parse(body);
						const rs = (Array.isArray(parsed) ? parsed : parsed.records) as { id: string }[];
						acceptedIds.push(...rs.map((r) => r.id));
					}
					if (replay && status === 201) {
						const again = await send();
						expect(again.status).toBe(200);
						expect(((await checkAnswer(again)) as { replayed: boolean }).replayed).toBe(true);
					}
				}
			),
			{ numRuns: 2000, seed: 20261122 }
		);
		// Every accepted record is stored exactly once.
		const stored: string[] = [];
		for (const model of ['fuzz-a', 'fuzz-b']) {
			let cursor: string | undefined;
			do {
				const page = await env.STORE.list({ prefix: `predictions/model=${model}/`, cursor });
				for (const o of page.objects) {
					const text = await (await env.STORE.get(o.key))!.text();
					stored.push(
						...text
							.split('\n')
							.filter(Boolean)
							.map((l) => (JSON.parse(l) as { id: string }).id)
					);
				}
				cursor = page.truncated ? page.cursor : undefined;
			} while (cursor);
		}
		expect(accepted).toBeGreaterThan(50);
		expect(stored.length).toBe(accepted);
		expect(new Set(stored).size).toBe(stored.length);
		expect(new Set(stored)).toEqual(new Set(acceptedIds));
	}, 600_000);

	it('POST /api/v1/reports: 1,000 random bodies', async () => {
		const reportArb = fc
			.tuple(
				fc.constantFrom(
					'schema',
					'id',
					'created_at',
					'model',
					'dataset',
					'features',
					'performance',
					'none'
				),
				fc.jsonValue({ maxDepth: 2 }),
				fc.constantFrom('<b>x</b>', '../../x', 'ok-id', 'a..b')
			)
			.map(([field, value, id]) => {
				const r: Record<string, unknown> = { ...makeReport('fuzz-report') };
				if (id !== 'ok-id') r.id = id;
				if (field !== 'none') r[field] = value;
				return JSON.stringify(r);
			});
		await fc.assert(
			fc.asyncProperty(
				fc.oneof(
					reportArb,
					fc.jsonValue().map((v) => JSON.stringify(v) ?? 'null'),
					fc.string()
				),
				contentTypes,
				async (body, type) => {
					await checkAnswer(
						await call('/api/v1/reports', {
							method: 'POST',
							token: 'ingest',
							headers: type ? { 'content-type': type } : {},
							body
						})
					);
				}
			),
			{ numRuns: 1000, seed: 7 }
		);
		const listed = await (
			await call('/api/v1/reports?model=fuzz-report&limit=500', { token: 'read' })
		).json<{ reports: { id: string }[] }>();
		expect(new Set(listed.reports.map((r) => r.id)).size).toBe(listed.reports.length);
	}, 600_000);

	it('POST /api/v1/metrics/snapshots: 1,000 random bodies', async () => {
		const snapshotArb = fc
			.tuple(
				fc.constantFrom(
					'id',
					'device',
					'model',
					'counters',
					'inference_latency',
					'drift',
					'performance',
					'ts',
					'none'
				),
				fc.jsonValue({ maxDepth: 3 })
			)
			.map(([field, value]) => {
				const s: Record<string, unknown> = {
					schema: 'vigil.metrics-snapshot/1',
					id: newId(),
					device: 'fuzz-device',
					model: 'fuzz-snap',
					model_version: '1',
					ts: '2026-11-22T00:00:00Z',
					counters: { predictions: 1 }
				};
				if (field !== 'none') s[field] = value;
				return JSON.stringify(s);
			});
		await fc.assert(
			fc.asyncProperty(
				fc.oneof(
					snapshotArb,
					fc.jsonValue().map((v) => JSON.stringify(v) ?? 'null'),
					fc.string()
				),
				async (body) => {
					await checkAnswer(
						await call('/api/v1/metrics/snapshots', {
							method: 'POST',
							token: 'ingest',
							headers: { 'content-type': 'application/json' },
							body
						})
					);
				}
			),
			{ numRuns: 1000, seed: 11 }
		);
	}, 600_000);

	it('PUT /api/v1/models/{name}/{version} and promote: 1,000 random requests', async () => {
		const onnx = fakeOnnx(99);
		const card = await cardFor('fuzz-model', '1', onnx);
		const valid = JSON.stringify({ card, onnx_base64: base64(onnx) });
		const segment = fc.oneof(
			fc.constantFrom('fuzz-model', '1', '..', '<b>', '%2e%2e', 'a/b'),
			fc.string({ maxLength: 20 })
		);
		const uploadBody = fc.oneof(
			fc.constant(valid),
			fc
				.tuple(
					fc.constantFrom('card', 'onnx_base64', 'reference_profile_base64', 'extra'),
					fc.jsonValue({ maxDepth: 2 })
				)
				.map(([f, v]) => JSON.stringify({ ...JSON.parse(valid), [f]: v })),
			fc.jsonValue().map((v) => JSON.stringify(v) ?? 'null'),
			fc.string()
		);
		await fc.assert(
			fc.asyncProperty(segment, segment, uploadBody, async (name, version, body) => {
				const path = `/api/v1/models/${encodeURIComponent(name)}/${encodeURIComponent(version)}`;
				await checkAnswer(
					await call(path, {
						method: 'PUT',
						token: 'admin',
						headers: { 'content-type': 'application/json' },
						body
					})
				);
			}),
			{ numRuns: 600, seed: 3 }
		);
		await fc.assert(
			fc.asyncProperty(
				segment,
				fc.oneof(
					fc.constantFrom('{"stage":"production"}', '{"stage":"staging"}'),
					fc.jsonValue().map((v) => JSON.stringify(v) ?? 'null'),
					fc.string()
				),
				async (version, body) => {
					await checkAnswer(
						await call(`/api/v1/models/fuzz-model/${encodeURIComponent(version)}/promote`, {
							method: 'POST',
							token: 'admin',
							headers: { 'content-type': 'application/json' },
							body
						})
					);
				}
			),
			{ numRuns: 400, seed: 5 }
		);
		const production = await (
			await call('/api/v1/models?name=fuzz-model&stage=production', { token: 'read' })
		).json<{ models: unknown[] }>();
		expect(production.models.length).toBeLessThanOrEqual(1);
	}, 600_000);
});
