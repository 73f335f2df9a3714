import { describe, expect, it } from 'vitest';
import {
	analyseBatch,
	derivative,
	halfWidthRows,
	harvestTime,
	movingAverage,
	rmseAt
} from './batch-trajectory';

describe('movingAverage', () => {
	it('averages a centred window, shorter at the ends (values by hand)', () => {
		expect([...movingAverage(Float64Array.of(1, 2, 9, 4, 5), 1)]).toEqual([1.5, 4, 5, 6, 4.5]);
	});
	it('skips NaN', () => {
		expect([...movingAverage(Float64Array.of(1, NaN, 3), 1)]).toEqual([1, 2, 3]);
	});
});

describe('halfWidthRows', () => {
	it('turns hours into rows by the median step (0.2 h → ±5 rows for ±1 h)', () => {
		expect(halfWidthRows(Float64Array.of(0, 0.2, 0.4, 0.6, 5), 1)).toBe(5);
	});
	it('is 0 without two distinct times', () => {
		expect(halfWidthRows(Float64Array.of(1), 5)).toBe(0);
	});
});

describe('derivative', () => {
	it('is exact on a line with uneven spacing', () => {
		const t = Float64Array.of(0, 1, 3, 6);
		expect([
			...derivative(
				t,
				Float64Array.from(t, (x) => 2 * x + 1)
			)
		]).toEqual([2, 2, 2, 2]);
	});
});

describe('rmseAt', () => {
	it('uses only rows with a lab value: sqrt((0² + 2²)/2) = √2', () => {
		const r = rmseAt(Float64Array.of(1, 2, 3), Float64Array.of(NaN, 2, 5));
		expect(r.n).toBe(2);
		expect(r.rmse).toBeCloseTo(Math.SQRT2, 12);
	});
	it('is null without lab values', () => {
		expect(rmseAt(Float64Array.of(1), Float64Array.of(NaN)).rmse).toBeNull();
	});
});

describe('harvestTime', () => {
	const t = Float64Array.of(0, 1, 2, 3, 4);
	it('recommends the first time after which the rate stays below the threshold', () => {
		expect(harvestTime(t, Float64Array.of(0, 1, 0.1, 0.6, 0.2), 0.5)).toEqual({
			status: 'recommended',
			time: 4,
			value: Number.NaN
		});
	});
	it('says the batch is still producing when the last rate is above the threshold', () => {
		expect(harvestTime(t, Float64Array.of(0, 1, 1, 1, 1), 0.5).status).toBe('still-producing');
	});
	it('says production never started when the threshold is never reached', () => {
		expect(harvestTime(t, Float64Array.of(0, 0, 0, 0, 0), 0.5).status).toBe('no-production');
	});
});

describe('analyseBatch', () => {
	it('finds the peak, final titer, time to peak and a harvest time on a saturating curve', () => {
		const time = Float64Array.from({ length: 201 }, (_, i) => i);
		// Titer 10·(1 − e^{−t/20}): rate 0.5·e^{−t/20} falls below 0.01 at t = 20·ln 50 ≈ 78.2 h.
		const pred = Float64Array.from(time, (x) => 10 * (1 - Math.exp(-x / 20)));
		const lab = Float64Array.from(time, (x, i) =>
			i % 24 === 0 ? 10 * (1 - Math.exp(-x / 20)) + 0.5 : NaN
		);
		const r = analyseBatch(time, pred, lab, { rateThreshold: 0.01, smoothingRows: 2 });
		expect(r.rmse).toBeCloseTo(0.5, 10);
		expect(r.labPoints).toBe(9);
		expect(r.peak?.time).toBe(200);
		expect(r.finalTiter).toBeCloseTo(pred[200], 12);
		expect(r.timeToPeak).toBe(200);
		expect(r.harvest.status).toBe('recommended');
		if (r.harvest.status === 'recommended')
			expect(Math.abs(r.harvest.time - 78.2)).toBeLessThan(1.5);
	});
	it('refuses misaligned inputs', () => {
		expect(() =>
			analyseBatch(Float64Array.of(1, 2), Float64Array.of(1), null, { rateThreshold: 1 })
		).toThrow(/2 rows but the prediction has 1/);
	});
});
