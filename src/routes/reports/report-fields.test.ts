import { describe, expect, it } from 'vitest';
import { reportFacts } from './report-fields';

describe('reportFacts', () => {
	it('reads a report with a column array', () => {
		const facts = reportFacts({
			schema: 'vigil.report/1',
			id: '01J0000000000000000000000A',
			model: 'penicillin',
			created_at: '2026-11-22T10:00:00Z',
			verdict: 'drift',
			drift_share: 0.5,
			columns: [
				{
					column: 'temperature',
					type: 'numeric',
					method: 'ks',
					score: 0.01,
					threshold: 0.05,
					drifted: true
				},
				{ column: 'ph', type: 'numeric', method: 'ks', score: 0.4, threshold: 0.05, drifted: false }
			],
			performance: { rmse: 0.7, note: 'x' }
		});
		expect(facts.model).toBe('penicillin');
		expect(facts.columns).toHaveLength(2);
		expect(facts.columns[0]).toMatchObject({ column: 'temperature', drifted: true, score: 0.01 });
		expect(facts.performance).toEqual({ rmse: 0.7 });
	});
	it('derives the drift share from per-column verdicts when absent, and reads keyed columns', () => {
		const facts = reportFacts({
			columns: {
				a: { drifted: true },
				b: { drifted: false },
				c: { drifted: false },
				d: { drifted: false }
			}
		});
		expect(facts.columns.map((c) => c.column)).toEqual(['a', 'b', 'c', 'd']);
		expect(facts.drift_share).toBe(0.25);
	});
	it('reads the dataset verdict of vigil.report/1', () => {
		const facts = reportFacts({ dataset: { drifted: false, drift_share: 0.1 } });
		expect(facts.verdict).toBe('no drift');
		expect(facts.drift_share).toBe(0.1);
	});
	it('reads the shape the drift core writes (model object, value against threshold)', () => {
		const facts = reportFacts({
			model: { name: 'penicillin', version: '1.0.0' },
			reference: { rows: 1000 },
			current: { rows: 200 },
			dataset: { drifted: true, drift_share: 0.5 },
			columns: [
				{
					name: 'ph',
					type: 'numerical',
					method: 'ks',
					kind: 'pvalue',
					value: 0.01,
					statistic: 0.3,
					threshold: 0.05,
					drifted: true
				}
			],
			performance: { task: 'regression', rows: 200, rmse: 0.8, mae: null }
		});
		expect(facts).toMatchObject({
			model: 'penicillin',
			model_version: '1.0.0',
			rows_reference: 1000,
			rows_current: 200
		});
		expect(facts.columns[0]).toMatchObject({
			column: 'ph',
			score: 0.01,
			threshold: 0.05,
			type: 'numerical'
		});
		expect(facts.performance).toEqual({ rmse: 0.8 });
	});
	it('returns empty facts for something that is not a report', () => {
		expect(reportFacts('nope')).toMatchObject({ id: null, columns: [], drift_share: null });
	});
});
