import { env } from 'cloudflare:workers';
import { runDurableObjectAlarm, runInDurableObject } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { fleetOf, gateOf } from '../src/env';
import { takeRequest } from '../src/http/auth';
import { IDEMPOTENCY_TTL_MS } from '../src/fleet/ingest-gate';
import type { ErrorBody } from './helpers';

describe('per-token rate limit (the Rate Limiting binding)', () => {
	it('lets a token through up to the limit, then answers 429 with Retry-After', async () => {
		// TEST_LIMITER is the same kind of binding as TOKEN_LIMITER, with a limit of 3 (vitest.config.ts).
		const limiter = (env as unknown as { TEST_LIMITER: RateLimit }).TEST_LIMITER;
		const headers: Record<string, string> = {};
		const setHeader = (name: string, value: string) => (headers[name] = value);
		const key = `bucket-test-${Math.random()}`;
		for (let i = 0; i < 3; i++) await takeRequest(limiter, key, setHeader);
		const refused = await takeRequest(limiter, key, setHeader).catch((e: unknown) => e);
		expect(refused).toMatchObject({ status: 429, code: 'rate_limited' });
		expect((refused as { toJSON(): ErrorBody }).toJSON().error.details).toEqual({
			retry_after_seconds: 10
		});
		expect(headers['retry-after']).toBe('10');
		// Another token has its own count.
		await expect(takeRequest(limiter, `${key}-other`, setHeader)).resolves.toBeUndefined();
	});
});

describe("idempotency keys in the token's IngestGate", () => {
	it('hands a stalled claim over with the same batch id and records the first answer only', async () => {
		const gate = gateOf(env, 'claim-token');
		const t0 = Date.now();
		expect(await gate.claim('claim-token', 'k1', 'hash-a', 'BATCH1', t0)).toEqual({
			status: 'new',
			batch: 'BATCH1'
		});
		expect(await gate.claim('claim-token', 'k1', 'hash-a', 'BATCH2', t0 + 1000)).toEqual({
			status: 'pending'
		});
		expect(await gate.claim('claim-token', 'k1', 'hash-b', 'BATCH2', t0 + 1000)).toEqual({
			status: 'conflict'
		});
		// The first upload stalled (a crash): a retry after the pending window takes the same batch id.
		expect(await gate.claim('claim-token', 'k1', 'hash-a', 'BATCH3', t0 + 20_000)).toEqual({
			status: 'new',
			batch: 'BATCH1'
		});
		expect(await gate.complete('k1', '{"ok":1}')).toBe(true);
		expect(await gate.complete('k1', '{"ok":2}')).toBe(false);
		expect(await gate.claim('claim-token', 'k1', 'hash-a', 'BATCH4', t0 + 30_000)).toEqual({
			status: 'replay',
			response: '{"ok":1}'
		});
	});

	it('forgets keys after their TTL: the alarm prunes them', async () => {
		const gate = gateOf(env, 'ttl-token');
		const old = Date.now() - IDEMPOTENCY_TTL_MS - 60_000;
		await gate.claim('ttl-token', 'old-key', 'h', 'B1', old);
		await gate.complete('old-key', '{}');
		await gate.claim('ttl-token', 'new-key', 'h', 'B2');
		expect(await gate.size()).toBe(2);
		expect(await runDurableObjectAlarm(gate)).toBe(true);
		expect(await gate.size()).toBe(1);
		// An expired key is a new claim again.
		expect(await gate.claim('ttl-token', 'old-key', 'other', 'B3')).toEqual({
			status: 'new',
			batch: 'B3'
		});
	});

	it('takes over the keys the fleet object held for its token, once', async () => {
		const fleet = fleetOf(env);
		await runLegacy(fleet);
		const gate = gateOf(env, 'legacy-token');
		expect(await gate.claim('legacy-token', 'legacy-token\u0000k', 'h', 'NEW')).toEqual({
			status: 'replay',
			response: '{"legacy":true}'
		});
		expect(await fleet.takeLegacyKeys('legacy-token')).toEqual([]);
	});
});

/** Writes an idempotency key the way the fleet object kept them before IngestGate. */
async function runLegacy(fleet: ReturnType<typeof fleetOf>): Promise<void> {
	await runInDurableObject(fleet, (_instance, state) => {
		state.storage.sql.exec(
			'INSERT INTO idempotency_keys (key, body_sha256, batch, response, claimed_at) VALUES (?, ?, ?, ?, ?)',
			'legacy-token\u0000k',
			'h',
			'OLD',
			'{"legacy":true}',
			Date.now()
		);
	});
}
