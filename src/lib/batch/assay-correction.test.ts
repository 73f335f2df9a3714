import { describe, expect, it } from 'vitest';
import { seededRandom } from '../drift/advanced/random';
import {
	AssayCorrection,
	assayCorrectedSeries,
	estimateAssayNoise,
	interpolateAt
} from './assay-correction';
import { BatchInputError } from './errors';
import { trailingMedian } from './titer-reference';

const noise = { processVariance: 0.01, measurementVariance: 0.1, initialVariance: 1, assays: 10 };

describe('AssayCorrection', () => {
	it('follows the scalar Kalman recursion', () => {
		// Expected values: the recursion P⁻ = P + qΔ, K = P⁻/(P⁻ + R), b += K(r − b),
		// P = (1 − K)P⁻ computed by hand (Python floats) for these two assays (no forgetting).
		const c = new AssayCorrection(noise, { forgetting: 1 });
		const u1 = c.update(48, 3.3, 3.9);
		expect(u1.status).toBe('used');
		expect(u1.bias).toBeCloseTo(-0.5454545454545454, 12);
		expect(u1.variance).toBeCloseTo(0.09090909090909094, 12);
		const u2 = c.update(60, 5.0, 5.5);
		expect(u2.bias).toBeCloseTo(-0.5146198830409356, 12);
		expect(u2.variance).toBeCloseTo(0.06783625730994151, 12);
		expect(c.varianceAt(66)).toBeCloseTo(0.12783625730994153, 12);
		// Hindsight: the RTS smoother moves the first estimate towards the second by
		// C = P₁/(P₁ + q·12) (hand computation: −0.5321637426900585); linear in between.
		expect(c.smoothedBias()[0].bias).toBeCloseTo(-0.5321637426900585, 12);
		expect(c.biasAt(54)).toBeCloseTo(-0.523391812865497, 12);
		expect(c.biasAt(0)).toBeCloseTo(-0.5321637426900585, 12);
		expect(c.biasAt(100)).toBe(u2.bias);
	});

	it('keeps a gain of 1 − λ with forgetting when the bias does not drift', () => {
		// Fixed point of P = (1 − K)·P/λ with q = 0: P = R(1 − λ), so K = 1 − λ (hand derivation).
		const c = new AssayCorrection({ ...noise, processVariance: 0 }, { forgetting: 0.8 });
		for (let t = 1; t <= 60; t++) c.update(t, 1, 1);
		const u = c.update(61, 1.5, 1);
		expect(u.bias).toBeCloseTo(0.2 * 0.5, 6);
		expect(() => new AssayCorrection(noise, { forgetting: 0 })).toThrow(/forgetting/);
	});

	it('leaves a lone outlier out and restarts on two in a row on the same side', () => {
		const c = new AssayCorrection(noise);
		for (let t = 12; t <= 60; t += 12) c.update(t, 10, 10.2);
		const before = c.bias;
		const out = c.update(72, 15, 10);
		expect(out.status).toBe('outlier');
		expect(out.innovation).toBeGreaterThan(3.29);
		expect(c.bias).toBe(before);
		expect(c.update(84, 10, 10.2).status).toBe('used');
		expect(c.update(96, 16, 10).status).toBe('outlier');
		const shift = c.update(108, 16.5, 10);
		expect(shift.status).toBe('shift');
		expect(c.updates[c.updates.length - 2].status).toBe('shift');
		expect(c.bias).toBe(6.5);
		expect(shift.variance).toBe(noise.measurementVariance);
	});

	it('does not take two gated assays on opposite sides as a shift', () => {
		const c = new AssayCorrection(noise);
		for (let t = 12; t <= 60; t += 12) c.update(t, 10, 10);
		expect(c.update(72, 15, 10).status).toBe('outlier');
		expect(c.update(84, 5, 10).status).toBe('outlier');
	});

	it('refuses negative or non-finite noise', () => {
		expect(() => new AssayCorrection({ ...noise, processVariance: -1 })).toThrow(BatchInputError);
		expect(() => new AssayCorrection({ ...noise, measurementVariance: Number.NaN })).toThrow(
			/measurementVariance/
		);
	});
});

describe('estimateAssayNoise', () => {
	it('recovers the variances of a simulated random-walk bias seen in white noise', () => {
		// Simulated with q = 0.02 per hour and R = 0.1, assays every 12 h: the estimates must land
		// near the generating values (40 batches × 20 assays; tolerance from repeated seeds).
		const rng = seededRandom(11);
		const batches = Array.from({ length: 40 }, () => {
			let b = 0.5 * rng.normal();
			const time: number[] = [];
			const residual: number[] = [];
			for (let j = 0; j < 20; j++) {
				if (j > 0) b += Math.sqrt(0.02 * 12) * rng.normal();
				time.push(12 * j);
				residual.push(b + Math.sqrt(0.1) * rng.normal());
			}
			return { time, residual };
		});
		const est = estimateAssayNoise(batches);
		expect(est.assays).toBe(800);
		expect(est.processVariance).toBeGreaterThan(0.015);
		expect(est.processVariance).toBeLessThan(0.025);
		expect(est.measurementVariance).toBeGreaterThan(0.05);
		expect(est.measurementVariance).toBeLessThan(0.15);
		expect(est.initialVariance).toBeGreaterThanOrEqual(est.measurementVariance);
	});

	it('gives q = 0 when residuals do not drift within a batch', () => {
		const rng = seededRandom(3);
		const batches = Array.from({ length: 10 }, () => ({
			time: [0, 12, 24, 36, 48],
			residual: Array.from({ length: 5 }, () => 0.3 * rng.normal())
		}));
		const est = estimateAssayNoise(batches);
		expect(est.processVariance).toBeLessThan(0.002);
		expect(est.measurementVariance).toBeGreaterThan(0.05);
	});

	it('refuses too few residuals to estimate from', () => {
		expect(() => estimateAssayNoise([{ time: [1], residual: [0.1] }])).toThrow(/too few/);
	});
});

describe('hindsight correction', () => {
	it('passes through every assay and follows the soft sensor in between', () => {
		const time = [0, 10, 20, 30, 40];
		const soft = [0, 5, 10, 15, 20];
		const out = assayCorrectedSeries(time, soft, [10, 30], [-1, -3]);
		// At the assays: soft + residual = the assay itself; in between linear; outside constant.
		expect(Array.from(out)).toEqual([-1, 4, 8, 12, 17]);
		expect(interpolateAt([], [], 5, 7)).toBe(7);
		expect(interpolateAt([30, 10], [3, 1], 20, 0)).toBe(2);
	});

	it('takes the trailing median (a lone glitch does not pass)', () => {
		const t = Float64Array.of(0, 1, 2, 3, 4);
		const v = Float64Array.of(1, 2, 40, 3, Number.NaN);
		// Windows (t − 2.5, t]: {1}, {1,2}, {1,2,40}, {2,40,3}, {40,3}.
		expect(Array.from(trailingMedian(t, v, 2.5))).toEqual([1, 1.5, 2, 3, 21.5]);
	});
});
