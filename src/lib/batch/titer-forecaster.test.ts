import { describe, expect, it } from 'vitest';
import { BatchInputError } from './errors';
import { syntheticTiterReference, titerCurve } from './testing/titer';
import { TiterForecaster } from './titer-forecaster';
import { titerReference } from './titer-reference';
import type { BatchReference } from '../contracts/batch-reference';

const noise = { processVariance: 0.005, measurementVariance: 0.2, initialVariance: 1, assays: 100 };
const ref = syntheticTiterReference(8, { seed: 9, noise });
const truth = titerCurve({ height: 30, mid: 80, peak: 150, decline: 0.1 });

/** Rows every hour up to `until` of a soft sensor that reads `bias(t)` above the truth. */
function run(until: number, bias: (t: number) => number, assays = true, every = 12) {
	const f = new TiterForecaster(ref);
	for (let t = 0; t <= until; t++) {
		f.pushRow(t, truth(t) + bias(t));
		if (assays && t % every === 0 && t > 0) f.pushAssay({ time: t, value: truth(t) });
	}
	return f;
}

describe('TiterForecaster', () => {
	it('corrects a soft sensor that drifts above the lab', () => {
		const drift = (t: number) => (t > 60 ? 0.05 * (t - 60) : 0);
		const f = run(140, drift).forecast();
		expect(f.basis).toBe('assays');
		// Uncorrected the soft sensor is 4 g/L high at 140 h. The correction takes most of it off; not
		// all: the bias drifts 0.4 g/L after the last assay at 132 h, and a filter set for a slowly
		// moving bias (q = 0.005 per hour) follows a steady drift with a lag.
		const softError = Math.abs(f.soft! - truth(140));
		expect(softError).toBeGreaterThan(3.5);
		expect(Math.abs(f.corrected!.value - truth(140))).toBeLessThan(0.35 * softError);
		expect(f.bias!.used).toBeGreaterThan(5);
	});

	it('forecasts the peak and recommends a harvest time not before now', () => {
		const f = run(100, () => 0).forecast();
		expect(f.harvest!.status).toBe('wait');
		expect(f.harvest!.time!).toBeGreaterThan(100);
		expect(f.harvest!.low!).toBeGreaterThanOrEqual(100);
		expect(f.final!.low).toBeLessThan(f.final!.high);
		expect(f.peak!.value).toBeGreaterThan(f.corrected!.value);
		expect(f.curve!.time[0]).toBe(100);
		expect(f.analogues.length).toBe(4);
	});

	it('says "already past the peak" when the corrected titer falls, however the soft sensor reads', () => {
		// The soft sensor keeps rising after the peak at 150 h (a growing bias); the lab shows the fall.
		const f = run(190, (t) => (t > 150 ? 0.2 * (t - 150) : 0)).forecast();
		expect(f.harvest!.status).toBe('past_peak');
		expect(f.harvest!.time).toBe(190);
		expect(f.harvest!.message).toMatch(/already past the peak/);
		expect(f.peak!.passed).toBe(true);
		expect(Math.abs(f.peak!.time - 150)).toBeLessThan(13);
	});

	it('forecasts from the soft sensor alone before the first assay, and says so', () => {
		const f = run(50, () => 0, false).forecast();
		expect(f.basis).toBe('soft_sensor');
		expect(f.notes.join(' ')).toMatch(/no lab assay yet/);
		expect(f.corrected!.value).toBeCloseTo(truth(50), 10);
		expect(f.final).not.toBeNull();
	});

	it('leaves out an assay far off the soft sensor and names it', () => {
		const f = run(100, () => 0);
		const out = f.pushAssay({ time: 100, value: truth(100) + 20 });
		expect(out.status).toBe('outlier');
		expect(f.forecast().notes.join(' ')).toMatch(/left out: .* standard deviations off/);
	});

	it('handles assays outside the batch and results that come back later', () => {
		const f = new TiterForecaster(ref);
		for (let t = 10; t <= 40; t++) f.pushRow(t, truth(t));
		expect(f.pushAssay({ time: 2, value: 0 }).status).toBe('outside');
		expect(f.pushAssay({ time: 50, value: truth(50) }).status).toBe('pending');
		// Sampled at 30 h, result at 45 h: used only once the rows reach 45 h.
		expect(f.pushAssay({ time: 30, value: truth(30) - 1, resultTime: 45 }).status).toBe('pending');
		expect(f.pushAssay({ time: 30, value: 1, resultTime: 20 }).status).toBe('ignored');
		for (let t = 41; t <= 46; t++) f.pushRow(t, truth(t));
		const used = f.forecast().assays.filter((a) => a.status === 'used');
		expect(used.map((a) => a.time)).toEqual([30]);
		expect('soft' in used[0] && used[0].soft).toBeCloseTo(truth(30), 10);
		const final = f.finish();
		expect(final.find((a) => a.time === 50)!.status).toBe('outside');
	});

	it('gives no forecast beyond the reference, and says so', () => {
		const f = run(205, () => 0).forecast();
		expect(f.beyondReference).toBe(true);
		expect(f.curve).toBeNull();
		expect(f.notes.join(' ')).toMatch(/beyond the reference/);
		// This batch falls after 150 h: past the peak even without a forecast.
		expect(f.harvest!.status).toBe('past_peak');
	});

	it('refuses rows out of time order', () => {
		const f = new TiterForecaster(ref);
		f.pushRow(1, 0);
		expect(() => f.pushRow(1, 0)).toThrow(BatchInputError);
		expect(() => f.pushRow(Number.NaN, 0)).toThrow(/not a number/);
	});

	it('ignores assays when the reference has no assay statistics', () => {
		const f = new TiterForecaster({ ...ref, noise: null });
		f.pushRow(0, 1);
		expect(f.pushAssay({ time: 0, value: 1 }).status).toBe('ignored');
		expect(f.forecast().notes.join(' ')).toMatch(/no assay correction/);
	});
});

describe('titerReference', () => {
	it('refuses a batch reference without titer trajectories', () => {
		expect(() => titerReference({ name: 'golden', titer: null } as BatchReference)).toThrow(
			/carries no titer trajectories: build it with --titer-column/
		);
	});
});
