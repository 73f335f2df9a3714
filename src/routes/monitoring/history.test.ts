import { describe, expect, it } from 'vitest';
import { reportFacts } from '../reports/report-fields';
import { historyOf, predictionsPerDay } from './history';

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
