import { describe, expect, it } from 'vitest';
import type { LabelCoverage, LabelledPredictions } from '../contracts/label';
import { appPerformance } from './labelled-performance';

const DAY = 86_400_000;
const from = Date.parse('2026-11-20T00:00:00Z');

function record(i: number, at: number, prediction: number, label: number | string) {
	return {
		schema: 'vigil.prediction/1' as const,
		id: `01JD${String(i).padStart(22, '0')}`,
		model: 'm',
		model_version: '1.0.0',
		device: 'd',
		ts: new Date(at).toISOString(),
		features: {},
		prediction,
		label,
		label_source: 'labels' as const
	};
}

describe('appPerformance', () => {
	// Day 1: 10 of 20 predictions labelled, each off by 2; day 2: 2 of 20 labelled.
	const records = [
		...Array.from({ length: 10 }, (_, i) => record(i, from + i * 60_000, 10 + i, 12 + i)),
		record(50, from + DAY + 1000, 5, 5),
		record(51, from + DAY + 2000, 5, 'high')
	];
	const joined: LabelledPredictions = {
		schema: 'vigil.labelled-predictions/1',
		model: 'm',
		from: new Date(from).toISOString(),
		to: new Date(from + 2 * DAY).toISOString(),
		predictions: 40,
		labelled: 12,
		coverage: 0.3,
		records
	};
	const coverage: LabelCoverage = {
		schema: 'vigil.label-coverage/1',
		model: 'm',
		from: joined.from,
		to: joined.to,
		total: { start: joined.from, end: joined.to, predictions: 40, labelled: 12, coverage: 0.3 },
		by_version: [],
		windows: [0, 1].map((d) => ({
			start: new Date(from + d * DAY).toISOString(),
			end: new Date(from + (d + 1) * DAY).toISOString(),
			predictions: 20,
			labelled: d === 0 ? 10 : 2,
			coverage: d === 0 ? 0.5 : 0.1
		}))
	};

	it('scores a window once labels cover enough of its predictions, with the interval', () => {
		const { windows, unusable } = appPerformance(joined, coverage, {
			task: 'regression',
			from,
			to: from + 2 * DAY,
			windowMs: DAY,
			minCoverage: 0.3
		});
		expect(unusable).toBe(1);
		expect(windows).toHaveLength(2);
		expect(windows[0]).toMatchObject({
			predictions: 20,
			labelled: 10,
			coverage: 0.5,
			state: 'ok'
		});
		expect(windows[0].metrics.rmse.value).toBeCloseTo(2, 12);
		expect(windows[0].metrics.mae.value).toBeCloseTo(2, 12);
		// Every error is exactly 2, so the interval collapses onto the value.
		expect(windows[0].metrics.rmse.lower).toBeCloseTo(2, 12);
		expect(windows[1]).toMatchObject({ predictions: 20, labelled: 1, state: 'not_enough_labels' });
		expect(windows[1].metrics).toEqual({});
	});

	it('scores the second window too when the minimum coverage is lowered', () => {
		const { windows } = appPerformance(joined, coverage, {
			task: 'regression',
			from,
			to: from + 2 * DAY,
			windowMs: DAY,
			minCoverage: 0
		});
		// One usable label is below the minimum of two labelled rows per window.
		expect(windows[1].state).toBe('not_enough_labels');
	});
});
