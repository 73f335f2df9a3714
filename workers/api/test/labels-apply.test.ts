import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { applyDelayedLabels } from '../src/services/monitoring/apply-labels';
import { storeFromEnv } from '../src/store';
import { newId, postJson, record } from './helpers';

async function label(id: string, value: number | boolean, observed_at = '2026-11-22T12:00:00Z') {
	const res = await postJson('/api/v1/labels', [{ id, label: value, observed_at }], 'ingest', {
		'idempotency-key': newId()
	});
	expect(res.status).toBe(201);
}

describe('applyDelayedLabels', () => {
	it('writes the labels in force into the records once coverage reaches the minimum', async () => {
		const records = Array.from({ length: 10 }, () => record({ model: 'apply-labels' }));
		for (const r of records.slice(0, 3)) await label(r.id, 1.5);
		await label(records[0].id, 2.5, '2026-11-22T13:00:00Z');
		await label(records[1].id, true, '2026-11-22T13:00:00Z');
		const store = storeFromEnv(env);

		const below = await applyDelayedLabels(store, records, { minCoverage: 0.5 });
		expect(below).toEqual({ labelled: 3, coverage: 0.3, applied: false });
		expect(records.every((r) => r.label === undefined)).toBe(true);

		const above = await applyDelayedLabels(store, records);
		expect(above).toEqual({ labelled: 3, coverage: 0.3, applied: true });
		expect(records.slice(0, 4).map((r) => r.label)).toEqual([2.5, 1, 1.5, undefined]);
	});

	it('counts the records’ own labels and leaves an empty run alone', async () => {
		const own = [record({ label: 4 }), record()];
		expect(await applyDelayedLabels(storeFromEnv(env), own, { minCoverage: 0.5 })).toEqual({
			labelled: 1,
			coverage: 0.5,
			applied: true
		});
		expect(own.map((r) => r.label)).toEqual([4, undefined]);
		expect(await applyDelayedLabels(storeFromEnv(env), [])).toEqual({
			labelled: 0,
			coverage: null,
			applied: false
		});
	});
});
