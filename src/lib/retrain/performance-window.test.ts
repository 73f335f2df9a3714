import { describe, expect, it } from 'vitest';
import {
	metricsWithInterval,
	mulberry32,
	normalQuantile,
	performanceOverTime,
	pointMetrics,
	type ScoredRow
} from './performance-window';

const H = 3_600_000;
const T0 = Date.parse('2026-11-20T00:00:00Z');

describe('normalQuantile', () => {
	it('matches scipy.stats.norm.ppf', () => {
		// scipy 1.11: norm.ppf(0.975) = 1.959963984540054, norm.ppf(0.01) = -2.3263478740408408
		expect(normalQuantile(0.975)).toBeCloseTo(1.959963984540054, 8);
		expect(normalQuantile(0.01)).toBeCloseTo(-2.3263478740408408, 8);
		expect(normalQuantile(0.5)).toBeCloseTo(0, 12);
	});
});

describe('pointMetrics', () => {
	it('adds the Brier score to the binary metrics', () => {
		const m = pointMetrics(
			'binary',
			new Float64Array([0, 1, 1, 0]),
			new Float64Array([0.1, 0.9, 0.4, 0.6])
		);
		// Brier by hand: (0.01 + 0.01 + 0.36 + 0.36) / 4 = 0.185; accuracy 2/4.
		expect(m.brier).toBeCloseTo(0.185, 12);
		expect(m.accuracy).toBe(0.5);
		expect(m.roc_auc).toBe(0.75);
	});
});

describe('metricsWithInterval', () => {
	it('is reproducible for a seed and degenerate when every error is the same', () => {
		const y = new Float64Array([1, 2, 3, 4, 5]);
		const yhat = y.map((v) => v + 1);
		const ci = metricsWithInterval('regression', y, yhat, {
			method: 'bootstrap',
			level: 0.95,
			resamples: 100,
			seed: 3
		});
		expect(ci.rmse).toEqual({ value: 1, lower: 1, upper: 1 });
		expect(ci.mae).toEqual({ value: 1, lower: 1, upper: 1 });
		const noisy = y.map((v, i) => v + (i % 2 ? 0.5 : -1.5));
		const a = metricsWithInterval('regression', y, noisy, {
			method: 'bootstrap',
			level: 0.9,
			resamples: 200,
			seed: 3
		});
		const b = metricsWithInterval('regression', y, noisy, {
			method: 'bootstrap',
			level: 0.9,
			resamples: 200,
			seed: 3
		});
		expect(a).toEqual(b);
		expect(a.mae.lower!).toBeLessThan(a.mae.value!);
		expect(a.mae.upper!).toBeGreaterThan(a.mae.value!);
	});

	it('gives the Wald interval of accuracy analytically', () => {
		// 80 of 100 right: 0.8 ± 1.959964·√(0.8·0.2/100) = 0.8 ± 0.0783986.
		const y = new Float64Array(100).fill(1);
		const s = Float64Array.from({ length: 100 }, (_, i) => (i < 80 ? 0.9 : 0.1));
		const ci = metricsWithInterval('binary', y, s, {
			method: 'analytic',
			level: 0.95,
			resamples: 1,
			seed: 1
		});
		expect(ci.accuracy.lower).toBeCloseTo(0.8 - 0.0783986, 6);
		expect(ci.accuracy.upper).toBeCloseTo(0.8 + 0.0783986, 6);
		expect(ci.f1.lower).toBeNull();
	});

	it('covers the true MAE about 95% of the time (bootstrap and analytic)', () => {
		// Errors uniform on [-1, 1]: true MAE = 0.5.
		const random = mulberry32(11);
		let bootHits = 0;
		let waldHits = 0;
		const trials = 150;
		for (let t = 0; t < trials; t++) {
			const y = new Float64Array(120);
			const yhat = y.map(() => random() * 2 - 1);
			const boot = metricsWithInterval('regression', y, yhat, {
				method: 'bootstrap',
				level: 0.95,
				resamples: 150,
				seed: t
			}).mae;
			const wald = metricsWithInterval('regression', y, yhat, {
				method: 'analytic',
				level: 0.95,
				resamples: 1,
				seed: 1
			}).mae;
			if (boot.lower! <= 0.5 && 0.5 <= boot.upper!) bootHits++;
			if (wald.lower! <= 0.5 && 0.5 <= wald.upper!) waldHits++;
		}
		// Binomial(150, 0.95) lies in [134, 148] with probability > 0.99.
		expect(bootHits).toBeGreaterThanOrEqual(131);
		expect(waldHits).toBeGreaterThanOrEqual(134);
		expect(bootHits).toBeLessThanOrEqual(150);
	});
});

describe('performanceOverTime', () => {
	const rows: ScoredRow[] = [];
	// Window 0: 10 predictions, 4 labelled (0.4). Window 1: 10 predictions, 2 labelled (0.2). Window 2: none.
	for (let i = 0; i < 10; i++) rows.push({ at: T0 + i * 60_000, score: i, y: i < 4 ? i + 1 : NaN });
	for (let i = 0; i < 10; i++) rows.push({ at: T0 + H + i * 60_000, score: i, y: i < 2 ? i : NaN });
	rows.push({ at: T0 - 1, score: 0, y: 0 });

	it('computes metrics only where coverage reaches the minimum', () => {
		const windows = performanceOverTime(rows, {
			task: 'regression',
			from: T0,
			to: T0 + 3 * H,
			windowMs: H
		});
		expect(windows.map((w) => [w.state, w.predictions, w.labelled, w.coverage])).toEqual([
			['ok', 10, 4, 0.4],
			['not_enough_labels', 10, 2, 0.2],
			['no_predictions', 0, 0, null]
		]);
		expect(windows[0].metrics.rmse.value).toBe(1);
		expect(windows[0].metrics.mae).toEqual({ value: 1, lower: 1, upper: 1 });
		expect(windows[1].metrics).toEqual({});
		expect(windows[2].end).toBe('2026-11-20T03:00:00.000Z');
	});

	it('honours a configured minimum coverage', () => {
		const windows = performanceOverTime(rows, {
			task: 'regression',
			from: T0,
			to: T0 + 2 * H,
			windowMs: H,
			minCoverage: 0.5
		});
		expect(windows.map((w) => w.state)).toEqual(['not_enough_labels', 'not_enough_labels']);
		const loose = performanceOverTime(rows, {
			task: 'regression',
			from: T0,
			to: T0 + 2 * H,
			windowMs: H,
			minCoverage: 0.1
		});
		expect(loose.map((w) => w.state)).toEqual(['ok', 'ok']);
	});

	it('refuses nonsense options', () => {
		expect(() =>
			performanceOverTime(rows, { task: 'regression', from: T0, to: T0, windowMs: H })
		).toThrow(/after from/);
		expect(() =>
			performanceOverTime(rows, { task: 'regression', from: T0, to: T0 + H, windowMs: 0 })
		).toThrow(/windowMs/);
		expect(() =>
			performanceOverTime(rows, {
				task: 'regression',
				from: T0,
				to: T0 + H,
				windowMs: H,
				minCoverage: 1.5
			})
		).toThrow(/minCoverage/);
	});
});
