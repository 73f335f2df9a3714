import { describe, expect, it } from 'vitest';
import { analogueForecast, predictionBand, studentTQuantile } from './analogue-forecast';
import { plateauIndex } from './harvest';
import { syntheticTiterReference, titerCurve } from './testing/titer';

describe('studentTQuantile', () => {
	it('matches scipy.stats.t.ppf', () => {
		// scipy 1.10.1: t.ppf(0.975, 2), t.ppf(0.95, 10), t.ppf(0.95, 2).
		expect(studentTQuantile(0.975, 2)).toBeCloseTo(4.302652729749462, 8);
		expect(studentTQuantile(0.95, 10)).toBeCloseTo(1.8124611228116756, 8);
		expect(studentTQuantile(0.95, 2)).toBeCloseTo(2.9199855803537242, 8);
	});
});

describe('predictionBand', () => {
	it('is the t prediction interval widened by the anchor variance', () => {
		// Hand computation: mean 12, s² = 4, half-width √(t²₂,0.95·4·(1 + 1/3) + z²₀.95·0.25).
		const b = predictionBand([10, 12, 14], 0.25, 0.9);
		expect(b.value).toBe(12);
		expect(b.low).toBeCloseTo(5.2066157127650925, 6);
		expect(b.high).toBeCloseTo(18.793384287234908, 6);
		// One value: the fallback spread with the normal quantile, √((z·2)² + z²·0.25).
		const one = predictionBand([5], 0.25, 0.9, 2);
		expect(one.low).toBeCloseTo(1.609047378699386, 6);
		expect(one.high).toBeCloseTo(8.390952621300613, 6);
	});
});

describe('plateauIndex', () => {
	it('finds where a series comes within a share of its maximum', () => {
		expect(plateauIndex([0, 5, 9.5, 9.95, 10, 9], 0.01)).toBe(3);
		expect(plateauIndex([10, 9, 8], 0.01)).toBe(0);
	});
});

describe('analogueForecast', () => {
	const ref = syntheticTiterReference(8, { seed: 5 });

	it('picks the reference batch the running batch follows and passes through now', () => {
		const own = ref.batches[3].titer;
		// The running batch is reference batch R4 plus 1.5 g/L throughout.
		const kNow = 120;
		const history = Float64Array.from(own.slice(0, kNow + 1), (v) => v + 1.5);
		const f = analogueForecast(ref, history, kNow, 0.1, { neighbours: 3 })!;
		expect(f.analogues[0].batch).toBe('R4');
		expect(f.analogues[0].distance).toBeCloseTo(0, 10);
		expect(f.analogues[0].offset).toBeCloseTo(1.5, 10);
		expect(f.analogues).toHaveLength(3);
		expect(f.curve.time[0]).toBe(120);
		expect(f.curve.mean[0]).toBeCloseTo(history[kNow], 10);
		// R4's own future, shifted, is one of the paths.
		expect(f.paths[0][30]).toBeCloseTo(own[150] + 1.5, 10);
		for (let i = 0; i < f.curve.time.length; i++)
			if (Number.isFinite(f.curve.mean[i])) {
				expect(f.curve.low[i]).toBeLessThanOrEqual(f.curve.mean[i]);
				expect(f.curve.high[i]).toBeGreaterThanOrEqual(f.curve.mean[i]);
			}
	});

	it('has no forecast past every reference batch', () => {
		const history = Float64Array.from({ length: 201 }, (_, k) =>
			titerCurve({ height: 30, mid: 80, peak: 170, decline: 0.1 })(k)
		);
		expect(analogueForecast(ref, history, 200, 0.1)).toBeNull();
	});
});
