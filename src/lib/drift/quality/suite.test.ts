import { describe, expect, it } from 'vitest';
import { buildProfile } from '../profile';
import { categoricalColumn, numericalColumn } from '../types';
import { duplicatedColumnPairs } from './duplicated-columns';
import { duplicatedRowShare } from './duplicated-rows';
import { qualityReference, qualityReferenceOfProfile } from './quality-reference';
import { qualitySuite } from './suite';

// Expected values are hand counts over the listed rows.
const reference = [
	numericalColumn('t', [10, 12, 14, 16, 18, 20, null, 15, 11, 19]), // 10 % missing, range [10, 20]
	categoricalColumn('site', ['a', 'b', 'a', 'b', 'a', 'b', 'a', 'b', 'a', 'b']),
	numericalColumn('flow', [1, 2, 3, 4, 5, 6, 7, 8, 9, 10])
];

const byCheck = (suite: ReturnType<typeof qualitySuite>, check: string, column?: string) =>
	suite.checks.find((c) => c.check === check && c.column === column)!;

describe('qualitySuite', () => {
	it('passes a window like the reference', () => {
		const suite = qualitySuite(qualityReference(reference), reference);
		expect(suite).toMatchObject({ warned: 0, failed: 0, skipped: 0 });
		expect(suite.passed).toBe(suite.checks.length);
		// 3 columns × (missing, constant) + 2 range + 1 category + 2 data-set checks.
		expect(suite.checks).toHaveLength(11);
	});

	it('fails a rise of missing values beyond reference + 5 %, with both shares', () => {
		const cur = [
			numericalColumn('t', [10, null, null, 14, 15, 16, 17, 18, 19, 20]),
			...reference.slice(1)
		];
		const c = byCheck(qualitySuite(qualityReference(reference), cur), 'missing_share', 't');
		// 2/10 missing against 1/10 + 0.05 = 0.15.
		expect(c).toMatchObject({ status: 'fail', value: 0.2, severity: 'fail' });
		expect(c.bound).toBeCloseTo(0.15, 12);
		expect(c.message).toBe('20.0 % missing (reference 10.0 %)');
	});

	it('warns on values beyond the reference range plus a 10 % margin', () => {
		// Range [10, 20], margin 1: [9, 21]. 8.5 and 25 are outside, 21 is not: 2 of 10.
		const cur = [
			numericalColumn('t', [8.5, 21, 25, 12, 13, 14, 15, 16, 17, 18]),
			...reference.slice(1)
		];
		const c = byCheck(qualitySuite(qualityReference(reference), cur), 'out_of_range', 't');
		expect(c).toMatchObject({ status: 'warn', value: 0.2 });
		expect(c.condition).toContain('[9.00000, 21.0000]');
	});

	it('names new categories and their share', () => {
		const cur = [
			reference[0],
			categoricalColumn('site', ['a', 'b', 'c', 'c', 'a', 'b', 'd', 'a', null, 'b']),
			reference[2]
		];
		const c = byCheck(qualitySuite(qualityReference(reference), cur), 'new_categories', 'site');
		// 3 of the 9 present rows are c or d.
		expect(c).toMatchObject({ status: 'warn', message: '2 new: "c", "d"' });
		expect(c.value).toBeCloseTo(3 / 9, 12);
	});

	it('fails a column that became constant, not one that always was', () => {
		const ref = [...reference, numericalColumn('fixed', Array(10).fill(5))];
		const cur = [reference[0], reference[1], numericalColumn('flow', Array(10).fill(3)), ref[3]];
		const suite = qualitySuite(qualityReference(ref), cur);
		expect(byCheck(suite, 'constant_column', 'flow').status).toBe('fail');
		expect(byCheck(suite, 'constant_column', 'fixed').status).toBe('pass');
	});

	it('warns on a new pair of identical columns and on duplicated rows', () => {
		const cur = [
			numericalColumn('t', [10, 10, 10, 16, 18, 20, 11, 15, 11, 19]),
			categoricalColumn('site', ['a', 'a', 'a', 'b', 'a', 'b', 'a', 'b', 'a', 'b']),
			numericalColumn('flow', [10, 10, 10, 16, 18, 20, 11, 15, 11, 19])
		];
		const suite = qualitySuite(qualityReference(reference), cur);
		expect(byCheck(suite, 'duplicated_columns')).toMatchObject({
			status: 'warn',
			message: 'identical: flow = t'
		});
		// Rows 1, 2 repeat row 0 and row 8 repeats row 6: 3 of 10 (pandas duplicated()).
		expect(byCheck(suite, 'duplicated_rows')).toMatchObject({ status: 'warn', value: 0.3 });
	});

	it('skips the row-level checks, saying why, when the reference is a profile', () => {
		const qref = qualityReferenceOfProfile(
			buildProfile(reference, { name: 'ref', sha256: '0'.repeat(64) })
		);
		expect(qref.columns[0]).toMatchObject({ min: 10, max: 20, missing_share: 0.1 });
		const suite = qualitySuite(qref, reference);
		expect(suite.skipped).toBe(2);
		expect(byCheck(suite, 'duplicated_rows').condition).toContain('the reference is a profile');
	});

	it('takes severity overrides and lists reference columns the window lacks', () => {
		const suite = qualitySuite(qualityReference(reference), [reference[1]], {
			severity: { new_categories: 'fail' }
		});
		expect(suite.missing_columns).toEqual(['t', 'flow']);
		expect(byCheck(suite, 'new_categories', 'site').severity).toBe('fail');
	});
});

describe('row and column duplicates', () => {
	it('treats missing as equal, −0 as 0 and categories by name', () => {
		const cols = [
			numericalColumn('x', [0, -0, null, null]),
			{
				name: 'c',
				type: 'categorical' as const,
				codes: Int32Array.of(0, 1, -1, -1),
				categories: ['k', 'k']
			}
		];
		expect(duplicatedRowShare(cols)).toEqual({ duplicated: 2, rows: 4, share: 0.5 });
		expect(duplicatedColumnPairs([...cols, numericalColumn('y', [0, 0, NaN, NaN])])).toEqual([
			['x', 'y']
		]);
	});
});
