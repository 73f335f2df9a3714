import { describe, expect, it } from 'vitest';
import { reportFacts } from '../reports/report-fields';
import { advancedFacts, historyOf, predictionsPerDay } from './history';

describe('historyOf', () => {
	it('orders reports by time and aligns per-feature series', () => {
		const later = reportFacts({
			created_at: '2026-11-22T12:00:00Z',
			drift_share: 0.5,
			performance: { rmse: 1.5 },
			columns: [
				{ column: 'a', score: 0.3 },
				{ column: 'b', score: 0.2 }
			]
		});
		const earlier = reportFacts({
			created_at: '2026-11-22T10:00:00Z',
			drift_share: 0,
			performance: { rmse: 0.5 },
			columns: [{ column: 'a', score: 0.1 }]
		});
		const h = historyOf([later, earlier]);
		expect(h.times).toEqual(['2026-11-22T10:00:00Z', '2026-11-22T12:00:00Z']);
		expect(h.driftShare).toEqual([0, 0.5]);
		expect(h.rmse).toEqual([0.5, 1.5]);
		expect(h.features.get('a')).toEqual([0.1, 0.3]);
		expect(h.features.get('b')).toEqual([null, 0.2]);
	});
});

describe('predictionsPerDay', () => {
	it('sums records per model and day, with zeros on missing days', () => {
		const { days, perModel } = predictionsPerDay([
			{ model: 'm', date: '2026-11-21', records: 10 },
			{ model: 'm', date: '2026-11-21', records: 5 },
			{ model: 'n', date: '2026-11-22', records: 7 },
			{ date: '2026-11-22', records: 99 }
		]);
		expect(days).toEqual(['2026-11-21', '2026-11-22']);
		expect(perModel.get('m')).toEqual([15, 0]);
		expect(perModel.get('n')).toEqual([0, 7]);
	});
});

describe('advanced history', () => {
	const ok = (mean_error: number) => ({
		status: 'ok',
		n: 500,
		mean_error,
		sampling_error: 0.01,
		lower_threshold: 0.4,
		upper_threshold: 0.6,
		alert: mean_error > 0.6
	});
	const metric = (value: number) => ({
		status: 'ok',
		value,
		sampling_error: 0.01,
		lower_band: value - 0.03,
		upper_band: value + 0.03,
		lower_threshold: 0.8,
		upper_threshold: 0.95,
		alert: value < 0.8
	});
	const ref = { mean: 0.88, chunk_sd: 0.02, lower_threshold: 0.8, upper_threshold: 0.95 };
	const raw = (created_at: string, error: number, accuracy: number) => ({
		created_at,
		drift_share: 0,
		columns: [],
		advanced: {
			multivariate: {
				schema: 'vigil.multivariate-drift/1',
				method: 'pca-reconstruction',
				columns: ['a', 'b'],
				constant_columns: [],
				component_count: 1,
				explained_variance: 0.8,
				reference_size: 2000,
				reference_mean: 0.5,
				windows: [
					{ window: { index: 0, start: 0, end: 500 }, result: ok(error) },
					{
						window: { index: 1, start: 500, end: 510 },
						result: { status: 'not_enough_data', reason: 'small', n: 10 }
					}
				]
			},
			cbpe: {
				schema: 'vigil.cbpe/1',
				threshold: 0.5,
				calibration_applied: false,
				reference_size: 3000,
				chunk_size: 500,
				reference: { accuracy: ref, precision: ref, recall: ref, f1: ref, roc_auc: ref },
				windows: [
					{
						window: { index: 0, start: 0, end: 500 },
						n: 500,
						excluded: 0,
						metrics: {
							accuracy: metric(accuracy),
							precision: metric(0.9),
							recall: metric(0.9),
							f1: metric(0.9),
							roc_auc: { status: 'not_enough_data', reason: 'one class' }
						}
					}
				]
			}
		}
	});

	it('reads the latest usable window of each method and aligns the series by time', () => {
		const later = raw('2026-11-22T12:00:00Z', 1.5, 0.7);
		const earlier = raw('2026-11-22T10:00:00Z', 0.5, 0.9);
		const plain = { created_at: '2026-11-22T11:00:00Z', drift_share: 0, columns: [] };
		const h = historyOf(
			[later, earlier, plain].map((r) => {
				const advanced = advancedFacts(r);
				return advanced ? { ...reportFacts(r), advanced } : reportFacts(r);
			})
		);
		expect(h.reconstructionError).toEqual([0.5, null, 1.5]);
		expect(h.reconstructionUpper).toEqual([0.6, null, 0.6]);
		expect(h.cbpe.get('accuracy')).toEqual([0.9, null, 0.7]);
		expect(h.cbpe.get('roc_auc')).toEqual([null, null, null]);
	});

	it('ignores absent or malformed advanced blocks', () => {
		expect(advancedFacts({})).toBeUndefined();
		expect(advancedFacts({ advanced: { multivariate: { schema: 'nope' } } })).toBeUndefined();
		const h = historyOf([reportFacts({ created_at: '2026-11-22T10:00:00Z', columns: [] })]);
		expect(h.reconstructionError).toEqual([null]);
		expect(h.cbpe.size).toBe(0);
	});
});
