import { describe, expect, it } from 'vitest';
import { categoricalColumn, numericalColumn, DriftInputError, type ColumnData } from '../types';
import { estimateDle, fitDle, realizedLoss } from './dle';
import { seededRandom } from './random';

/**
 * NannyML's heteroscedastic example: y = 2x + N(0, x²) with a model ŷ = 2x that is right on
 * average, so |e| = x·|Z|: E|e| = x·√(2/π) and E e² = x². For x ~ U(a, b) that gives
 * MAE = √(2/π)·(a + b)/2 and RMSE = √((a² + ab + b²)/3), the expected values below.
 */
function heteroscedastic(n: number, a: number, b: number, seed: number) {
	const random = seededRandom(seed);
	const x = Float64Array.from({ length: n }, () => a + (b - a) * random.uniform());
	const z = Float64Array.from({ length: n }, () => random.normal());
	const predictions = Float64Array.from(x, (v) => 2 * v);
	const targets = Float64Array.from(x, (v, i) => 2 * v + v * z[i]);
	const color = categoricalColumn(
		'color',
		Array.from(x, (_, i) => (i % 3 === 0 ? 'red' : 'blue'))
	);
	const features: ColumnData[] = [numericalColumn('x', x), color];
	return { features, predictions, targets };
}

describe('DLE', () => {
	const reference = heteroscedastic(3000, 0, 1, 1);
	const model = fitDle(reference, { chunkSize: 100 });

	it('estimates MAE and RMSE of an unshifted window within its band and without an alert', () => {
		const w = heteroscedastic(1000, 0, 1, 2);
		const est = estimateDle(model, w.features, w.predictions);
		const truth = realizedLoss(w.predictions, w.targets);
		for (const k of ['mae', 'rmse'] as const) {
			const m = est.metrics[k];
			if (m.status !== 'ok') throw new Error(m.reason);
			expect(Math.abs(m.value - truth[k]) / truth[k]).toBeLessThan(0.08);
			expect(m.lowerBand).toBeLessThanOrEqual(truth[k]);
			expect(m.upperBand).toBeGreaterThanOrEqual(truth[k]);
			expect(m.alert).toBe(false);
		}
	});

	it('follows a covariate shift to the noisier region and alerts (expected MAE 0.598, RMSE 0.764)', () => {
		const w = heteroscedastic(1000, 0.5, 1, 3);
		const est = estimateDle(model, w.features, w.predictions);
		const mae = est.metrics.mae;
		const rmse = est.metrics.rmse;
		if (mae.status !== 'ok' || rmse.status !== 'ok') throw new Error('not estimated');
		expect(mae.value).toBeCloseTo(Math.sqrt(2 / Math.PI) * 0.75, 1);
		expect(rmse.value).toBeCloseTo(Math.sqrt(1.75 / 3), 1);
		expect(mae.alert).toBe(true);
		expect(mae.value).toBeGreaterThan(model.reference.mae.upperThreshold);
	});

	it('keeps reference statistics a person can check: thresholds around the chunk mean, τ ≥ 0', () => {
		expect(model.referenceChunks).toBe(30);
		expect(model.reference.mae.mean).toBeCloseTo(Math.sqrt(2 / Math.PI) / 2, 1);
		expect(model.reference.mae.lowerThreshold).toBeLessThan(model.reference.mae.mean);
		expect(model.reference.rmse.tau).toBeGreaterThanOrEqual(0);
		// Plain data: a JSON round trip estimates the same.
		const copy = JSON.parse(JSON.stringify(model));
		const w = heteroscedastic(200, 0, 1, 4);
		expect(estimateDle(copy, w.features, w.predictions)).toEqual(
			estimateDle(model, w.features, w.predictions)
		);
	});

	it('a window too small for the band is not_enough_data with the reason; NaN predictions are excluded', () => {
		const w = heteroscedastic(40, 0, 1, 5);
		const predictions = Float64Array.from(w.predictions, (v, i) => (i < 15 ? NaN : v));
		const est = estimateDle(model, w.features, predictions);
		expect(est.n).toBe(25);
		expect(est.excluded).toBe(15);
		expect(est.metrics.rmse).toEqual({
			status: 'not_enough_data',
			reason:
				"window has 25 rows with a finite prediction; DLE's band needs at least 30 (its sampling error grows as 1/√n)"
		});
	});

	it('treats unseen categories as missing and names a missing or retyped column', () => {
		const w = heteroscedastic(200, 0, 1, 6);
		const unseen = categoricalColumn(
			'color',
			Array.from({ length: 200 }, () => 'green')
		);
		const est = estimateDle(model, [w.features[0], unseen], w.predictions);
		expect(est.metrics.mae.status).toBe('ok');
		expect(() => estimateDle(model, [w.features[0]], w.predictions)).toThrow(
			/DLE: column "color" is missing/
		);
		const retyped = numericalColumn('color', new Float64Array(200));
		expect(() => estimateDle(model, [w.features[0], retyped], w.predictions)).toThrow(
			/"color" is numerical, the reference has it categorical/
		);
	});

	it('refuses a reference too small for its chunks and mismatched labels', () => {
		const small = heteroscedastic(300, 0, 1, 7);
		expect(() => fitDle(small, { chunkSize: 100 })).toThrow(
			/300 rows with a finite prediction and label; at least 5 chunks of chunkSize 100/
		);
		expect(() =>
			fitDle({ ...small, targets: small.targets.subarray(0, 10) }, { chunkSize: 20 })
		).toThrow(DriftInputError);
	});
});
