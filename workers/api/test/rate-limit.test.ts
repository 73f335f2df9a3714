import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { fleetOf } from '../src/env';

describe('per-token rate limit (token bucket in the fleet object)', () => {
	it('lets a burst through, then refuses until the bucket refills', async () => {
		const fleet = fleetOf(env);
		const t0 = 1_000_000;
		const verdicts = [];
		for (let i = 0; i < 5; i++) verdicts.push(await fleet.takeToken('bucket-test', 1, 3, t0));
		expect(verdicts.map((v) => v.allowed)).toEqual([true, true, true, false, false]);
		expect(verdicts[3].retry_after_seconds).toBe(1);
		expect((await fleet.takeToken('bucket-test', 1, 3, t0 + 1000)).allowed).toBe(true);
		expect((await fleet.takeToken('bucket-test', 1, 3, t0 + 1000)).allowed).toBe(false);
		// Another token has its own bucket.
		expect((await fleet.takeToken('other-token', 1, 3, t0)).allowed).toBe(true);
	});
});

describe('idempotency claims in the fleet object', () => {
	it('hands a stalled claim over with the same batch id and counts its completion once', async () => {
		const fleet = fleetOf(env);
		const t0 = 5_000_000;
		const first = await fleet.claim('claim-test', 'hash-a', 'BATCH1', t0);
		expect(first).toEqual({ status: 'new', batch: 'BATCH1' });
		expect(await fleet.claim('claim-test', 'hash-a', 'BATCH2', t0 + 1000)).toEqual({
			status: 'pending'
		});
		expect(await fleet.claim('claim-test', 'hash-b', 'BATCH2', t0 + 1000)).toEqual({
			status: 'conflict'
		});
		// The first upload stalled (a crash): a retry after the pending window takes the same batch id.
		expect(await fleet.claim('claim-test', 'hash-a', 'BATCH3', t0 + 20_000)).toEqual({
			status: 'new',
			batch: 'BATCH1'
		});
		const row = {
			key: 'predictions/model=claim-model/date=2026-01-01/device=d/BATCH1.ndjson',
			model: 'claim-model',
			model_version: '1',
			device: 'd',
			date: '2026-01-01',
			records: 5
		};
		const versions = [{ model: 'claim-model', model_version: '1', records: 5 }];
		await fleet.complete('claim-test', '{"ok":1}', [row], versions);
		await fleet.complete('claim-test', '{"ok":2}', [row], versions);
		expect(await fleet.claim('claim-test', 'hash-a', 'BATCH4', t0 + 30_000)).toEqual({
			status: 'replay',
			response: '{"ok":1}'
		});
		const stored = (await fleet.counters()).find(
			(c) => c.name === 'vigil_prediction_records_stored_total' && c.labels.model === 'claim-model'
		);
		expect(stored?.value).toBe(5);
	});
});
