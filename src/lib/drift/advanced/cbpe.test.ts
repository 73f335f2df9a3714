import { describe, expect, it } from 'vitest';
import { CBPE_METRICS, estimateCbpe, fitCbpe, realizedMetrics, type CbpeModel } from './cbpe';
import { fitIsotonic, predictIsotonic } from './isotonic';
import { seededRandom } from './random';
import { DriftInputError } from '../types';

/** Scores with known true probabilities: y ~ Bernoulli(p), score = distort(p). */
function sample(
	seed: number,
	n: number,
	drawP: (u: () => number) => number,
	distort = (p: number) => p
) {
	const rng = seededRandom(seed);
	const scores = new Float64Array(n);
	const labels = new Uint8Array(n);
	for (let i = 0; i < n; i++) {
		const p = drawP(rng.uniform);
		scores[i] = distort(p);
		labels[i] = rng.uniform() < p ? 1 : 0;
	}
	return { scores, labels };
}

const uniformP = (u: () => number) => u();
/** Covariate shift: more confident-negative rows (p ~ U(0,1)²). */
const skewedP = (u: () => number) => u() ** 2;

describe('fitIsotonic (pool-adjacent-violators)', () => {
	it('pools violators into their mean', () => {
		// scikit-learn IsotonicRegression().fit([1,2,3,4],[1,3,2,4]).predict(...) → [1, 2.5, 2.5, 4].
		const iso = fitIsotonic([1, 2, 3, 4], [1, 3, 2, 4]);
		expect([1, 2, 3, 4].map((x) => predictIsotonic(iso, x))).toEqual([1, 2.5, 2.5, 4]);
		expect(predictIsotonic(iso, 1.5)).toBe(1.75);
		expect(predictIsotonic(iso, 0)).toBe(1);
		expect(predictIsotonic(iso, 9)).toBe(4);
	});

	it('averages tied x before pooling', () => {
		const iso = fitIsotonic([0.5, 0.5, 0.2, 0.9], [1, 0, 1, 1]);
		// x = .2 → 1, x = .5 → .5: violation, pooled (1 + .5·2)/3 = 2/3 over .2–.5, then 1 at .9.
		expect(predictIsotonic(iso, 0.2)).toBeCloseTo(2 / 3, 12);
		expect(predictIsotonic(iso, 0.5)).toBeCloseTo(2 / 3, 12);
		expect(predictIsotonic(iso, 0.9)).toBe(1);
	});

	it('rejects non-finite input', () => {
		expect(() => fitIsotonic([NaN], [1])).toThrow(/finite/);
	});
});

describe('realizedMetrics', () => {
	it('computes the confusion-matrix metrics and a tie-aware AUC', () => {
		const m = realizedMetrics(Float64Array.of(0.9, 0.5, 0.5, 0.1), Uint8Array.of(1, 1, 0, 0));
		// ŷ = 1,1,1,0: TP 2, FP 1, FN 0, TN 1. AUC: pairs (.9,.5)=1, (.9,.1)=1, (.5,.5)=½, (.5,.1)=1 → 3.5/4.
		expect(m.accuracy).toBe(0.75);
		expect(m.precision).toBeCloseTo(2 / 3, 12);
		expect(m.recall).toBe(1);
		expect(m.f1).toBeCloseTo(0.8, 12);
		expect(m.roc_auc).toBe(0.875);
	});
});

describe('estimateCbpe', () => {
	const handModel: CbpeModel = {
		kind: 'cbpe',
		threshold: 0.5,
		chunkSize: 2,
		minWindowSize: 1,
		referenceSize: 4,
		referenceChunks: 2,
		calibration: { applied: false, brierRaw: 0, brierCalibrated: 0, isotonic: null },
		reference: Object.fromEntries(
			CBPE_METRICS.map((k) => [
				k,
				{ mean: 0.5, chunkSd: 0.1, lowerThreshold: 0.2, upperThreshold: 0.8 }
			])
		) as CbpeModel['reference']
	};

	it('matches the expected confusion matrix computed by hand', () => {
		// scores .8, .3 → ŷ 1, 0. E[TP]=.8 E[FP]=.2 E[FN]=.3 E[TN]=.7.
		const est = estimateCbpe(handModel, Float64Array.of(0.8, 0.3));
		const v = Object.fromEntries(
			CBPE_METRICS.map((k) => {
				const m = est.metrics[k];
				return [k, m.status === 'ok' ? m.value : NaN];
			})
		);
		expect(v.accuracy).toBeCloseTo(0.75, 12);
		expect(v.precision).toBeCloseTo(0.8, 12);
		expect(v.recall).toBeCloseTo(0.8 / 1.1, 12);
		expect(v.f1).toBeCloseTo(1.6 / 2.1, 12);
		// Weighted pairs: .8·.7 + ½·.8·.2 + ½·.3·.7 = .745 over (1.1 · .9).
		expect(v.roc_auc).toBeCloseTo(0.745 / 0.99, 12);
		const acc = est.metrics.accuracy;
		if (acc.status !== 'ok') throw new Error('expected an estimate');
		// SE = σ_chunk √(chunkSize/n) = .1 · 1.
		expect(acc.samplingError).toBeCloseTo(0.1, 12);
		expect(acc.lowerBand).toBeCloseTo(0.45, 12);
		expect(acc.alert).toBe(false);
	});

	it('returns not_enough_data for small windows and undefined metrics, never a number', () => {
		const model = { ...handModel, minWindowSize: 3 };
		const small = estimateCbpe(model, Float64Array.of(0.9, NaN, 0.2));
		expect(small.n).toBe(2);
		expect(small.excluded).toBe(1);
		for (const k of CBPE_METRICS) {
			expect(small.metrics[k].status).toBe('not_enough_data');
			expect(small.metrics[k]).not.toHaveProperty('value');
		}
		// All scores below the threshold: no predicted positive → precision undefined.
		const neg = estimateCbpe(handModel, Float64Array.of(0.1, 0.2, 0.3));
		expect(neg.metrics.precision).toMatchObject({ status: 'not_enough_data' });
		expect(neg.metrics.accuracy.status).toBe('ok');
	});

	it('rejects scores outside [0, 1] naming the index, and bad labels', () => {
		expect(() => estimateCbpe(handModel, Float64Array.of(0.2, 1.7))).toThrow(/scores\[1\] = 1.7/);
		expect(() => estimateCbpe(handModel, Float64Array.of(-0.1))).toThrow(/not a probability/);
		expect(() => estimateCbpe(handModel, Float64Array.of(-0.1))).toThrow(DriftInputError);
		expect(() => estimateCbpe(handModel, Float64Array.of(Infinity))).toThrow(/scores\[0\]/);
		const { scores } = sample(1, 2000, uniformP);
		const labels = new Int32Array(2000).fill(2);
		expect(() => fitCbpe(scores, labels)).toThrow(/labels\[0\] = 2/);
		expect(() => fitCbpe(scores.subarray(0, 600), new Uint8Array(600))).toThrow(
			/single class|chunks/
		);
	});

	it('tracks the realized metrics of calibrated scores under covariate shift', () => {
		const ref = sample(1, 5000, uniformP);
		const model = fitCbpe(ref.scores, ref.labels, { chunkSize: 500 });
		const errors: Record<string, number[]> = {};
		for (let w = 0; w < 20; w++) {
			const win = sample(100 + w, 1000, w < 10 ? uniformP : skewedP);
			const est = estimateCbpe(model, win.scores);
			const real = realizedMetrics(win.scores, win.labels);
			for (const k of CBPE_METRICS) {
				const m = est.metrics[k];
				if (m.status !== 'ok') throw new Error(`${k}: ${m.reason}`);
				(errors[k] ??= []).push(Math.abs(m.value - real[k]));
				// The realized value lies inside the ±3 SE band almost always (≈ 99.7 %).
				expect(real[k]).toBeGreaterThan(m.lowerBand - 0.03);
				expect(real[k]).toBeLessThan(m.upperBand + 0.03);
			}
		}
		for (const k of CBPE_METRICS) {
			const mae = errors[k].reduce((a, b) => a + b, 0) / errors[k].length;
			expect(mae, k).toBeLessThan(0.025);
		}
		// The skewed windows really are different: estimated accuracy rises (more easy negatives).
		const shifted = estimateCbpe(model, sample(999, 2000, skewedP).scores).metrics.accuracy;
		expect(shifted.status === 'ok' && shifted.value).toBeGreaterThan(0.8);
	});

	it('calibrates miscalibrated scores when that helps, and then estimates well', () => {
		const distort = (p: number) => p ** 3;
		const ref = sample(2, 6000, uniformP, distort);
		const auto = fitCbpe(ref.scores, ref.labels, { chunkSize: 500 });
		const never = fitCbpe(ref.scores, ref.labels, { chunkSize: 500, calibration: 'never' });
		expect(auto.calibration.applied).toBe(true);
		expect(auto.calibration.brierCalibrated).toBeLessThan(auto.calibration.brierRaw);
		expect(never.calibration).toMatchObject({ applied: false, brierCalibrated: null });
		const win = sample(3, 3000, skewedP, distort);
		const real = realizedMetrics(win.scores, win.labels);
		const a = estimateCbpe(auto, win.scores).metrics.accuracy;
		const b = estimateCbpe(never, win.scores).metrics.accuracy;
		if (a.status !== 'ok' || b.status !== 'ok') throw new Error('expected estimates');
		expect(Math.abs(a.value - real.accuracy)).toBeLessThan(0.02);
		expect(Math.abs(b.value - real.accuracy)).toBeGreaterThan(0.05);
	});

	it('leaves calibrated scores alone in auto mode', () => {
		const ref = sample(4, 5000, uniformP);
		const model = fitCbpe(ref.scores, ref.labels);
		// Isotonic on already-calibrated scores only adds variance in cross-validation.
		expect(model.calibration.applied).toBe(false);
	});

	it('alerts when the estimate leaves the reference thresholds', () => {
		const ref = sample(5, 5000, uniformP);
		const model = fitCbpe(ref.scores, ref.labels, { chunkSize: 500 });
		// Scores near 0.5: the model is unsure, so expected accuracy drops towards 0.5.
		const unsure = sample(6, 1000, (u) => 0.4 + 0.2 * u());
		expect(estimateCbpe(model, unsure.scores).metrics.accuracy).toMatchObject({
			status: 'ok',
			alert: true
		});
		const same = sample(7, 1000, uniformP);
		expect(estimateCbpe(model, same.scores).metrics.accuracy).toMatchObject({ alert: false });
	});

	it('survives a JSON round trip of the fitted model', () => {
		const ref = sample(8, 3000, uniformP, (p) => p ** 2);
		const model = fitCbpe(ref.scores, ref.labels);
		const copy = JSON.parse(JSON.stringify(model)) as CbpeModel;
		const win = sample(9, 800, uniformP, (p) => p ** 2).scores;
		expect(estimateCbpe(copy, win)).toEqual(estimateCbpe(model, win));
	});
});
