import { describe, expect, it } from 'vitest';
import type { Report } from '../../src/lib/contracts/report';
import { CliError } from '../command.ts';
import { evaluateConditions, parseCondition } from './fail-on.ts';

// A report cut down to the fields the gate reads; values chosen by hand.
const report = {
	dataset: {
		drifted: true,
		drift_share: 0.5,
		drifted_columns: 2,
		columns_tested: 4,
		drift_share_threshold: 0.5
	},
	quality: { columns: [{ current: { missing_share: 0.1 } }] },
	performance: { task: 'regression', rows: 10, rmse: 0.31, mae: 0.2, mape: null, r2: 0.9 }
} as unknown as Report;

describe('--fail-on', () => {
	it('parses metric, operator and number', () => {
		expect(parseCondition('f1<0.85')).toMatchObject({ metric: 'f1', op: '<', value: 0.85 });
		expect(parseCondition(' drift_share >= 0.5 ')).toMatchObject({
			metric: 'drift_share',
			op: '>=',
			value: 0.5
		});
		expect(parseCondition('rmse>3e-1')).toMatchObject({ op: '>', value: 0.3 });
		expect(parseCondition('accuracy!=1')).toMatchObject({ op: '!=', value: 1 });
	});

	it.each([
		['f1', 'no comparison operator'],
		['<0.5', 'no metric name'],
		['f1<abc', "'abc' is not a number"],
		['f1<', "'' is not a number"],
		['f1<<0.5', 'is not a number'],
		['speed>3', "unknown metric 'speed'"]
	])('rejects %s with a clear reason', (text, why) => {
		expect(() => parseCondition(text)).toThrow(CliError);
		expect(() => parseCondition(text)).toThrow(why);
	});

	it('evaluates conditions against the report', () => {
		const results = evaluateConditions(report, [
			parseCondition('rmse>0.3'),
			parseCondition('drift_share>=0.5'),
			parseCondition('r2<0.8'),
			parseCondition('missing_share>0.2'),
			parseCondition('mape>0.5')
		]);
		expect(results.map((r) => r.holds)).toEqual([true, true, false, false, true]);
		expect(results[0].actual).toBe(0.31);
		// A metric that could not be computed (null) fails the gate rather than passing it.
		expect(results[4].actual).toBeNull();
	});

	it('refuses a metric the report does not have', () => {
		expect(() => evaluateConditions(report, [parseCondition('f1<0.8')])).toThrow(
			'needs a classification model and --target COL'
		);
	});
});
