import { describe, expect, it } from 'vitest';
import { call, newId, postJson, record, type ErrorBody } from './helpers';

function postPredictions(records: unknown[]) {
	return postJson('/api/v1/predictions', records, 'ingest', { 'idempotency-key': newId() });
}

describe('prediction context (identifiers that are not model inputs)', () => {
	it('is stored and returned unchanged by the object read and the labelled join', async () => {
		const model = 'context-roundtrip';
		const withContext = record({
			model,
			ts: '2026-11-21T06:00:00Z',
			features: { 'Time (h)': 12.2, temperature: 298.1 },
			context: { batch_id: 3, sample: 'S-17', operator: null }
		});
		const without = record({ model, ts: '2026-11-21T07:00:00Z' });
		const res = await postPredictions([withContext, without]);
		expect(res.status, await res.clone().text()).toBe(201);
		const { objects } = await res.json<{ objects: { key: string }[] }>();
		expect(objects).toHaveLength(1);

		const stored = await call(`/api/v1/${objects[0].key}`, { token: 'read' });
		expect(stored.status).toBe(200);
		const lines = new TextDecoder()
			.decode(await stored.arrayBuffer())
			.trim()
			.split('\n')
			.map((l) => JSON.parse(l) as Record<string, unknown>);
		const byId = new Map(lines.map((l) => [l.id, l]));
		expect(byId.get(withContext.id)?.context).toEqual({
			batch_id: 3,
			sample: 'S-17',
			operator: null
		});
		expect(byId.get(withContext.id)?.features).toEqual({ 'Time (h)': 12.2, temperature: 298.1 });
		// Records made before context existed keep having none.
		expect(byId.get(without.id)).not.toHaveProperty('context');

		const labelled = await postJson(
			'/api/v1/labels',
			[{ id: withContext.id, label: 1.5, observed_at: '2026-11-21T12:00:00Z' }],
			'ingest',
			{ 'idempotency-key': newId() }
		);
		expect(labelled.status).toBe(201);
		const joined = await call(
			`/api/v1/labels/joined?model=${model}&from=2026-11-21T00:00:00Z&to=2026-11-22T00:00:00Z`,
			{ token: 'read' }
		);
		expect(joined.status).toBe(200);
		const body = await joined.json<{ records: Record<string, unknown>[] }>();
		expect(body.records).toHaveLength(1);
		expect(body.records[0]).toMatchObject({
			id: withContext.id,
			label: 1.5,
			context: { batch_id: 3, sample: 'S-17', operator: null }
		});
	});

	it('refuses a context that is not a small record of strings, numbers or null', async () => {
		const cases: [unknown, RegExp][] = [
			[{ batch: { nested: 1 } }, /context/],
			[{ flag: true }, /context/],
			[Object.fromEntries(Array.from({ length: 17 }, (_, i) => [`k${i}`, i])), /16 context keys/],
			[[1, 2], /context/]
		];
		for (const [context, message] of cases) {
			const res = await postPredictions([
				record({ model: 'context-bad', context: context as never })
			]);
			expect(res.status).toBe(422);
			const body = await res.json<ErrorBody>();
			expect(body.error.message).toMatch(message);
		}
	});
});
