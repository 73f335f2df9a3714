import { describe, expect, it } from 'vitest';
import { batchReferenceSchema } from '../contracts/batch-reference';
import { changeSeries, DEFAULT_CHANGE_TIMES } from './change';
import { leftOutDeviations } from './deviations';
import { atBound, flatlineProfile } from './flatline';
import { BatchMonitor } from './monitor';
import { findSchedules, scheduleExcess } from './recipe';
import { buildBatchReference } from './reference';
import { effectiveSamples, looRms, pooledRms, predictiveLimit } from './spread';
import { SYNTHETIC_VARIABLES, syntheticBatches } from './testing/synthetic';

describe('spread', () => {
	it('pools the root mean square over batches and a window, floored at its mean over time', () => {
		// hand computation: window ±0 → |d|; RMS over time of (1, 3) = √5 floors the 1
		const s = pooledRms([Float64Array.of(1, 3)], 0);
		expect(s[0]).toBeCloseTo(Math.sqrt(5), 12);
		expect(s[1]).toBe(3);
		// window ±1 pools both points of both series: √((1 + 9 + 1 + 9)/4)
		expect(pooledRms([Float64Array.of(1, 3), Float64Array.of(-1, -3)], 1)[0]).toBeCloseTo(
			Math.sqrt(5),
			12
		);
	});

	it('leaves each series out of its own scale', () => {
		const loo = looRms([Float64Array.of(1), Float64Array.of(3)], 0, 0);
		expect(loo[0][0]).toBe(3);
		expect(loo[1][0]).toBe(1);
	});

	it('counts effective samples from the lag-1 autocorrelation', () => {
		const alternating = Float64Array.from({ length: 100 }, (_, k) => (k % 2 ? 1 : -1));
		expect(effectiveSamples([alternating], 9)).toBe(9);
		const constant = new Float64Array(100).fill(2);
		expect(effectiveSamples([constant], 9)).toBe(1);
	});

	it('gives Student-t limits (scipy.stats.t.ppf)', () => {
		// scipy.stats.t.ppf(0.995, 8) = 3.3553873313333966
		expect(predictiveLimit(0.99, 1, 8)).toBeCloseTo(3.3553873313333966, 6);
		// scipy.stats.t.ppf(1 - 0.01/(2*16), 2) = 39.98...; Bonferroni over 16 variables
		expect(predictiveLimit(0.99, 16, 2)).toBeCloseTo(39.9845, 2);
	});
});

describe('change filter', () => {
	it('follows a step at once, ignores a one-row spike and a persistent offset', () => {
		const step = Float64Array.from({ length: 200 }, (_, k) => (k >= 100 ? 1 : 0));
		const c = changeSeries(step, 0.2, DEFAULT_CHANGE_TIMES);
		expect(c[99]).toBe(0);
		// one row late (running median of three), then the fast average: 1 − e^(−0.4/0.6) ≈ 0.49 less a little slow
		expect(c[102]).toBeGreaterThan(0.4);
		expect(c[199]).toBeLessThan(c[110]);
		const spike = new Float64Array(50);
		spike[20] = 100;
		expect(Math.max(...changeSeries(spike, 0.2, DEFAULT_CHANGE_TIMES))).toBe(0);
		const offset = new Float64Array(50).fill(7);
		expect(Math.max(...changeSeries(offset, 0.2, DEFAULT_CHANGE_TIMES).map(Math.abs))).toBe(0);
	});
});

describe('left-out deviations', () => {
	it('compares each batch with the mean of the others', () => {
		const values = [[Float64Array.of(1)], [Float64Array.of(2)], [Float64Array.of(6)]];
		const { centre, deviations } = leftOutDeviations(values);
		expect(centre[0]).toBe(3);
		expect(deviations[0][0][0]).toBe(1 - 4);
		expect(deviations[2][0][0]).toBe(6 - 1.5);
	});
});

describe('recipe schedules and flatlines', () => {
	const sched = (k: number) => (k < 5 ? 10 : 20);
	const values = [0, 1, 2].map((i) => [
		Float64Array.from({ length: 10 }, (_, k) => sched(k)),
		Float64Array.from({ length: 10 }, (_, k) => k + i * 0.1)
	]);
	const { centre, count } = leftOutDeviations(values);

	it('finds the schedule and holds it with a tolerance, allowing a step a row early or late', () => {
		const { schedule, tolerance } = findSchedules(values, centre, count);
		expect(schedule).toEqual([true, false]);
		expect(tolerance[0]).toBeGreaterThan(0);
		expect(scheduleExcess(10, centre, 2, 0, 2, 0, tolerance[0])).toBe(0);
		// at grid point 4 the schedule steps at 5: 20 is inside the band
		expect(scheduleExcess(20, centre, 4, 0, 2, 0, tolerance[0])).toBe(0);
		expect(scheduleExcess(10 - 3 * tolerance[0], centre, 2, 0, 2, 0, tolerance[0])).toBeCloseTo(
			3,
			9
		);
	});

	it('learns the longest normal run away from the bounds', () => {
		const b = {
			id: 'a',
			time: Float64Array.of(0, 1, 2, 3, 4, 5),
			values: [Float64Array.of(0, 0, 0, 0, 5, 9), Float64Array.of(1, 2, 2, 2, 3, 4)],
			rows: new Int32Array(6)
		};
		const p = flatlineProfile([b], [0, 1]);
		expect(p.low).toEqual([0, 1]);
		expect(p.maxRun).toEqual([10, 10]); // runs of 3 at an interior value: 2·3 = 6 < the minimum 10
		expect(atBound(0, 0, 9)).toBe(true);
		expect(atBound(-1, 0, 9)).toBe(true);
		expect(atBound(5, 0, 9)).toBe(false);
	});
});

describe('signals in the monitor', () => {
	// Synthetic batches with a recipe input: every batch follows the schedule exactly.
	const batches = syntheticBatches(9, { seed: 11 }).map((b) => ({
		...b,
		values: [...b.values, Float64Array.from(b.time, (t) => (t < 15 ? 30 : 45))]
	}));
	const variables = [...SYNTHETIC_VARIABLES, 'aeration'];
	const ref = buildBatchReference({
		name: 'golden',
		batchColumn: 'batch',
		timeColumn: 'time',
		variables,
		batches: batches.slice(0, 6),
		sources: [{ sha256: 'ab'.repeat(32), rows: 1, batches: [] }],
		options: { createdAt: '2026-01-01T00:00:00Z' }
	});
	const run = (
		b: (typeof batches)[number],
		change?: (j: number, t: number, x: number) => number
	) => {
		const m = new BatchMonitor(ref, b.id);
		for (let r = 0; r < b.time.length; r++)
			m.push(
				b.time[r],
				b.values.map((v, j) => (change ? change(j, b.time[r], v[r]) : v[r]))
			);
		return m.summary();
	};

	it('classes the exact schedule as a recipe variable and keeps normal batches quiet', () => {
		expect(ref.signals.roles[5]).toBe('recipe');
		expect(ref.signals.roles.slice(0, 5)).not.toContain('recipe');
		for (const b of batches.slice(6)) expect(run(b).alarm).toBe(false);
	});

	it('raises a recipe alarm on an input off its schedule and ranks that input first', () => {
		const s = run(batches[7], (j, t, x) =>
			j === 5 && t >= 25 ? x - 3 * ref.signals.recipe.tolerance[5] : x
		);
		expect(s.alarmStatistic).toBe('recipe');
		expect(s.firstAlarmTime).toBeGreaterThanOrEqual(25);
		expect(s.contributions[0].variable).toBe('aeration');
	});

	it('raises a flatline alarm on a frozen sensor and ranks it first', () => {
		const b = batches[8];
		const at = b.time.findIndex((t) => t >= 20);
		const s = run(b, (j, t, x) => (j === 0 && t >= 20 ? b.values[0][at] : x));
		expect(s.alarm).toBe(true);
		expect(s.alarmStatistic).toBe('flatline');
		expect(s.contributions[0].variable).toBe('temperature');
	});

	it('refuses a version 1 reference with a message that says to rebuild it', () => {
		const old = batchReferenceSchema.safeParse({ ...ref, schema: 'vigil.batch-reference/1' });
		expect(old.success).toBe(false);
		expect(old.error!.issues[0].message).toMatch(/rebuild it with `vigil batch reference`/);
	});
});
