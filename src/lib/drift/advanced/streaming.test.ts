import { describe, expect, it } from 'vitest';
import { Adwin } from './adwin';
import { Cusum } from './cusum';
import { PageHinkley } from './page-hinkley';
import { seededRandom } from './random';
import type { StreamingUpdate } from './streaming-update';

interface Detector {
	update(x: number): StreamingUpdate;
}

/** Indices (0-based) at which the detector signalled a drift. */
function run(detector: Detector, xs: number[]): number[] {
	const hits: number[] = [];
	xs.forEach((x, i) => {
		if (detector.update(x).drift) hits.push(i);
	});
	return hits;
}

function normalStream(seed: number, n: number, mean = 0, sd = 1): number[] {
	const rng = seededRandom(seed);
	return Array.from({ length: n }, () => mean + sd * rng.normal());
}

function bernoulliStream(seed: number, n: number, p: number): number[] {
	const rng = seededRandom(seed);
	return Array.from({ length: n }, () => (rng.uniform() < p ? 1 : 0));
}

const factories: Record<string, () => Detector> = {
	// λ = 50 (river's default) is in stream units; for a unit-variance stream a 1σ shift accumulates
	// ≈ 1 per observation, so the expected delay is ≈ 50 observations.
	'Page-Hinkley': () => new PageHinkley(),
	ADWIN: () => new Adwin(),
	CUSUM: () => new Cusum()
};

describe.each(Object.entries(factories))('%s', (_name, make) => {
	it('detects a 1σ mean shift within the expected delay', () => {
		const delays: number[] = [];
		for (let seed = 1; seed <= 20; seed++) {
			const xs = [...normalStream(seed, 1000), ...normalStream(seed + 100, 1000, 1)];
			const after = run(make(), xs).filter((i) => i >= 1000);
			expect(after.length).toBeGreaterThan(0);
			delays.push(after[0] - 1000);
		}
		delays.sort((a, b) => a - b);
		// Expected delays: CUSUM(k=.5,h=5) ≈ 10 (ARL₁, Montgomery Table 9.3); PH ≈ λ/1σ = 50;
		// ADWIN needs |μ₀−μ₁| > ε_cut with n₁ ≈ 30–100 at δ = 0.002. 200 bounds all three.
		expect(delays[10]).toBeLessThan(200);
	});

	it('raises few false alarms on a stationary stream', () => {
		let alarms = 0;
		for (let seed = 1; seed <= 10; seed++) alarms += run(make(), normalStream(seed, 2000)).length;
		// 20,000 in-control observations. CUSUM: two-sided ARL₀ ≈ 230 → ≈ 85 alarms with known σ.
		// PH: the running sum of (x − x̄) is a random walk (sd ≈ √n), so λ = 50 is crossed about once
		// per ~2,000 unit-variance observations. ADWIN: δ bounds the false-cut probability → ≈ 0.
		const bound = { 'Page-Hinkley': 15, ADWIN: 2, CUSUM: 120 }[_name]!;
		expect(alarms).toBeLessThanOrEqual(bound);
	});

	it('resumes identically after a JSON round trip', () => {
		const xs = [...normalStream(7, 500), ...normalStream(8, 500, 2)];
		const whole = make();
		const first = make() as Detector & { toJSON(): unknown };
		const a = run(whole, xs);
		const b1 = run(first, xs.slice(0, 600));
		const Ctor = first.constructor as unknown as { fromJSON(s: unknown): Detector };
		const resumed = Ctor.fromJSON(JSON.parse(JSON.stringify(first.toJSON())));
		const b2 = run(resumed, xs.slice(600)).map((i) => i + 600);
		expect([...b1, ...b2]).toEqual(a);
	});

	it('ignores NaN and infinite values', () => {
		const d = make();
		expect(d.update(NaN).drift).toBe(false);
		expect(d.update(Infinity).drift).toBe(false);
		const state = (d as unknown as { toJSON(): { ignored: number; seen: number } }).toJSON();
		expect(state.ignored).toBe(2);
		expect(state.seen).toBe(2);
	});
});

describe('Page-Hinkley', () => {
	it('follows the recurrence on a hand-computed sequence', () => {
		// δ = 0, α = 1: x = 0,0,0,10 → means 0,0,0,2.5; m⁺ = 0,0,0,7.5; min 0 → PH⁺ = 7.5.
		const ph = new PageHinkley({ delta: 0, alpha: 1, threshold: 7, minInstances: 4, mode: 'up' });
		expect(run(ph, [0, 0, 0])).toEqual([]);
		const u = ph.update(10);
		expect(u.statistic).toBeCloseTo(7.5, 12);
		expect(u.drift).toBe(true);
	});

	it('respects the mode', () => {
		const down = [...Array(100).fill(0), ...Array(100).fill(-5)];
		expect(run(new PageHinkley({ mode: 'up' }), down)).toEqual([]);
		expect(run(new PageHinkley({ mode: 'down' }), down).length).toBeGreaterThan(0);
	});

	it('rejects bad options with the option name', () => {
		expect(() => new PageHinkley({ threshold: -1 })).toThrow(/threshold/);
		expect(() => new PageHinkley({ alpha: 2 })).toThrow(/alpha/);
		expect(() => PageHinkley.fromJSON({ kind: 'adwin' } as never)).toThrow(/Page-Hinkley/);
	});
});

describe('ADWIN', () => {
	it('detects a change in an error rate and shrinks the window to the new regime', () => {
		const xs = [...bernoulliStream(3, 2000, 0.1), ...bernoulliStream(4, 2000, 0.4)];
		const adwin = new Adwin();
		const hits = run(adwin, xs);
		expect(hits.filter((i) => i < 2000)).toEqual([]);
		expect(hits.find((i) => i >= 2000)! - 2000).toBeLessThan(300);
		expect(adwin.width).toBeLessThan(2100);
		expect(adwin.mean).toBeGreaterThan(0.3);
	});

	it('keeps a logarithmic number of buckets', () => {
		const adwin = new Adwin();
		run(adwin, bernoulliStream(5, 50_000, 0.2));
		const state = adwin.toJSON();
		const buckets = state.rows.reduce((sum, r) => sum + r.totals.length, 0);
		expect(state.width).toBeGreaterThan(40_000);
		// ≤ (M + 1) buckets per row, ⌈log₂(W/M)⌉ + 1 rows.
		expect(buckets).toBeLessThanOrEqual(6 * (Math.ceil(Math.log2(state.width / 5)) + 1));
		const sum = state.rows.reduce((acc, r) => acc + r.totals.reduce((a, b) => a + b, 0), 0);
		expect(sum).toBeCloseTo(state.total, 6);
	});

	it('tracks the window variance exactly through merges', () => {
		const xs = normalStream(9, 1000, 3, 2);
		const adwin = new Adwin({ delta: 1e-12 });
		run(adwin, xs);
		const s = adwin.toJSON();
		const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
		const ss = xs.reduce((a, b) => a + (b - mean) ** 2, 0);
		expect(s.width).toBe(1000);
		expect(s.variance).toBeCloseTo(ss, 6);
	});
});

describe('CUSUM', () => {
	it('matches the tabular CUSUM by hand with known μ₀ and σ', () => {
		// Montgomery's tabular form, k = 0.5, h = 5: z = 1,1,1,2,2 → C⁺ = .5,1,1.5,3,4.5; then 2 → 6 > 5.
		const cusum = new Cusum({ mean: 10, sigma: 2, k: 0.5, h: 5 });
		const stats = [12, 12, 12, 14, 14].map((x) => cusum.update(x).statistic);
		expect(stats).toEqual([0.5, 1, 1.5, 3, 4.5]);
		const last = cusum.update(14);
		expect(last.drift).toBe(true);
		expect(last.statistic).toBe(6);
	});

	it('detects a decrease as well as an increase', () => {
		const xs = [...normalStream(11, 300), ...normalStream(12, 300, -1.5)];
		const hits = run(new Cusum(), xs);
		expect(hits.find((i) => i >= 300)! - 300).toBeLessThan(40);
	});

	it('rejects half-given targets', () => {
		expect(() => new Cusum({ mean: 0 })).toThrow(/mean and sigma/);
		expect(() => new Cusum({ h: 0 })).toThrow(/h must be/);
	});
});
