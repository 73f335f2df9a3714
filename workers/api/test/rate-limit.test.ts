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
