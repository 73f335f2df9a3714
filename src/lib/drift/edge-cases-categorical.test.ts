import { describe, expect, it } from 'vitest';
import { categoryBins } from './binned';
import { chiSquareContingency, chiSquareGoodnessOfFit } from './chi-square';
import { runStatistic } from './registry';
import { driftErrorCode } from './testing/error-code';
import { zTestProportions } from './z-test';

// Edge cases of the categorical tests (docs/statistics.md §9 and §12). Expected values are hand
// computations from the formulas or scipy 1.10.1 (Debian's python3-scipy) on the same counts.

const counts = (...xs: number[]) => Float64Array.from(xs);

describe('homogeneity chi-square (chi2_contingency)', () => {
	it('identical proportions: χ² = 0, p = 1', () => {
		expect(chiSquareContingency(counts(10, 20, 30), counts(20, 40, 60))).toMatchObject({
			statistic: 0,
			pvalue: 1,
			dof: 2
		});
	});
	it('2×2 [10,20; 20,10]: χ² = 4·5²/15 = 6.667 without, 4·4.5²/15 = 5.4 with Yates; p 0.02013675155034633 (scipy)', () => {
		expect(chiSquareContingency(counts(10, 20), counts(20, 10), false).statistic).toBeCloseTo(
			20 / 3,
			14
		);
		const yates = chiSquareContingency(counts(10, 20), counts(20, 10), true);
		expect(yates.statistic).toBeCloseTo(5.4, 14);
		expect(yates.pvalue).toBeCloseTo(0.02013675155034633, 14);
	});
	it('a single category: dof 0, χ² = 0, p = 1 (scipy)', () => {
		expect(chiSquareContingency(counts(50), counts(30))).toEqual({
			statistic: 0,
			pvalue: 1,
			dof: 0
		});
	});
});

describe("Evidently's goodness-of-fit chi-square", () => {
	it('identical proportions: χ² = 0, p = 1', () => {
		expect(chiSquareGoodnessOfFit(counts(5, 10), counts(10, 20))).toMatchObject({
			statistic: 0,
			pvalue: 1
		});
	});
	it('a category the reference lacks: expected 0, so χ² = ∞ and p = 0 (scipy)', () => {
		const r = chiSquareGoodnessOfFit(counts(10, 0), counts(5, 5));
		expect([r.statistic, r.pvalue]).toEqual([Infinity, 0]);
		expect(runStatistic('chisquare', ['a', 'a'], ['a', 'b']).drifted).toBe(true);
	});
	it('a category the current lacks: finite, [20,50,30] v [30,70,0] gives χ² = 43 (hand: 10²/20 + 20²/50 + 30²/30; scipy p 4.5990553786523223e-10)', () => {
		const r = chiSquareGoodnessOfFit(counts(20, 50, 30), counts(30, 70, 0));
		expect(r.statistic).toBeCloseTo(43, 12);
		expect(r.pvalue).toBeCloseTo(4.5990553786523223e-10, 20);
	});
	it('disjoint categories: χ² = ∞, p = 0', () => {
		expect(runStatistic('chisquare', ['a', 'b', 'a'], ['x', 'y']).pvalue).toBe(0);
	});
	it('a single category: p = NaN (dof 0, as scipy), which never flags drift', () => {
		const r = runStatistic('chisquare', ['a', 'a'], ['a']);
		expect(r.pvalue).toBeNaN();
		expect(r.drifted).toBe(false);
	});
});

describe('two-proportion z-test', () => {
	it('identical proportions: z = 0, p = 1', () => {
		expect(zTestProportions(counts(30, 70), counts(3, 7))).toEqual({
			z: 0,
			pvalue: 1,
			pvalueEvidently: 1
		});
	});
	it('one different category per side, 10 v 10: z = −1/√(¼·⅕) = −4.47213595499958, p = 7.74421643104407e-06 (hand; scipy 2·norm.sf)', () => {
		const b = categoryBins(Array(10).fill('a'), Array(10).fill('b'));
		const r = zTestProportions(b.refCounts, b.curCounts);
		expect(r.z).toBeCloseTo(-4.47213595499958, 13);
		expect(r.pvalue).toBeCloseTo(7.74421643104407e-6, 18);
	});
	it('a single category: z = null, p = 1', () => {
		expect(zTestProportions(counts(5), counts(7))).toEqual({
			z: null,
			pvalue: 1,
			pvalueEvidently: 1
		});
	});
	it('more than two categories is invalid_option; null values are dropped first', () => {
		expect(driftErrorCode(() => runStatistic('z', ['a', 'b', 'c'], ['a']))).toBe('invalid_option');
		expect(runStatistic('z', ['a', null, 'b'], ['b', null, 'a']).pvalue).toBe(1);
	});
	it('the tail keeps its digits where Evidently’s 2(1 − Φ) gives 0 (oracle binary_extreme: 1.58e-37)', () => {
		const r = zTestProportions(counts(1985, 15), counts(1804, 196));
		expect(r.pvalue).toBeCloseTo(1.5813972129091967e-37, 45);
		expect(r.pvalueEvidently).toBe(0);
	});
});

describe('missing categorical values', () => {
	it('null is missing on both sides; all-null is empty_column', () => {
		expect(runStatistic('chisquare', ['a', null, 'b'], ['a', 'b', null]).pvalue).toBeCloseTo(1, 15);
		expect(driftErrorCode(() => runStatistic('chisquare', [null, null] as never, ['a']))).toBe(
			'empty_column'
		);
	});
});
