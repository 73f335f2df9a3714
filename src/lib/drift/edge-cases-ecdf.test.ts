import { describe, expect, it } from 'vitest';
import { andersonKSampleSorted } from './anderson-darling';
import { cramerVonMisesSorted } from './cramer-von-mises';
import { energyDistanceSorted } from './energy-distance';
import { ksTwoSampleSorted } from './ks-two-sample';
import { runStatistic } from './registry';
import { driftErrorCode } from './testing/error-code';
import { finiteSorted } from './sorted';
import { wassersteinNormSorted, wassersteinSorted } from './wasserstein';

// Edge cases of the ECDF-based statistics (docs/statistics.md §2, §3, §6–8 and the edge-case
// table of §12). Each expected value says where it comes from: a hand computation from the
// formula, or scipy 1.10.1 (Debian's python3-scipy) on the same input.

const f = (...xs: number[]) => finiteSorted(xs);

describe('Kolmogorov–Smirnov edge cases', () => {
	it('identical samples: D = 0 and p = 1 (h = 0 short-cuts the lattice; scipy gives the same)', () => {
		const r = ksTwoSampleSorted(f(1, 2, 3), f(1, 2, 3));
		expect([r.statistic, r.pvalue, r.methodUsed]).toEqual([0, 1, 'exact']);
	});
	it('disjoint samples: D = 1, exact p = 2/C(6,3) = 0.1 (hand; scipy 0.09999999999999999)', () => {
		const r = ksTwoSampleSorted(f(1, 2, 3), f(4, 5, 6));
		expect(r.statistic).toBe(1);
		expect(r.pvalue).toBeCloseTo(0.1, 15);
	});
	it('two different constants: D = 1, exact p = 2/C(5,2) = 0.2 (hand; scipy 0.2)', () => {
		const r = ksTwoSampleSorted(f(1, 1, 1), f(2, 2));
		expect(r.statistic).toBe(1);
		expect(r.pvalue).toBeCloseTo(0.2, 15);
	});
	it('a single reference value: D = 2/3, exact p = 1 (every placement of it reaches 2/3), asymp kstwo.sf(2/3, 1) = 2/3 (scipy 0.6666666666666665)', () => {
		const ref = f(0.5);
		const cur = f(0.1, 0.9, 1.3);
		expect(ksTwoSampleSorted(ref, cur, 'exact')).toMatchObject({ statistic: 2 / 3, pvalue: 1 });
		expect(ksTwoSampleSorted(ref, cur, 'asymp').pvalue).toBeCloseTo(2 / 3, 14);
	});
	it('one value each: exact p = 1, asymp NaN (round(½) = 0 observations; scipy gives NaN)', () => {
		expect(ksTwoSampleSorted(f(0), f(1)).pvalue).toBe(1);
		expect(ksTwoSampleSorted(f(0), f(1), 'asymp').pvalue).toBeNaN();
		expect(runStatistic('ks', [0], [1], { method: 'asymp' }).drifted).toBe(false);
	});
	it('NaN and ±∞ are dropped: the same result as without them; nothing left is empty_column', () => {
		const clean = runStatistic('ks', [1, 2, 3, 4], [2, 3, 4, 5]);
		const dirty = runStatistic('ks', [NaN, 1, 2, Infinity, 3, 4], [2, -Infinity, 3, 4, 5, NaN]);
		expect(dirty).toEqual(clean);
		expect(driftErrorCode(() => runStatistic('ks', [NaN, Infinity], [1, 2]))).toBe('empty_column');
	});
});

describe('Wasserstein and energy distance edge cases', () => {
	it('identical samples: W = 0 and E = 0 exactly', () => {
		expect(wassersteinSorted(f(1, 5, 9), f(9, 1, 5))).toBe(0);
		expect(energyDistanceSorted(f(1, 5, 9), f(9, 1, 5))).toBe(0);
	});
	it('disjoint samples: W = 5 for a shift by 5 (hand; scipy 5.0); E = √3 for [0,1] v [2,3] (hand: √(2·(¼ + 1 + ¼)); scipy 1.7320508075688772)', () => {
		expect(wassersteinSorted(f(0, 1, 3), f(5, 6, 8))).toBe(5);
		expect(energyDistanceSorted(f(0, 1), f(2, 3))).toBeCloseTo(Math.sqrt(3), 15);
	});
	it('constants: W = |a − b| = 3 (hand; scipy 3.0); the normed form divides by 0.001 when the reference is constant', () => {
		expect(wassersteinSorted(f(2, 2), f(5, 5, 5))).toBe(3);
		expect(wassersteinNormSorted(f(2, 2), f(2.5))).toBeCloseTo(500, 10);
		expect(runStatistic('wasserstein', [2, 2], [2.5]).value).toBeCloseTo(500, 10);
	});
	it('single values: W = |x − y|, E = √(2|x − y|) (hand; scipy energy_distance([0],[3]) = 2.449489742783178)', () => {
		expect(wassersteinSorted(f(0), f(3))).toBe(3);
		expect(energyDistanceSorted(f(0), f(3))).toBeCloseTo(Math.sqrt(6), 15);
	});
	it('NaN and ±∞ are dropped; an empty side is empty_column', () => {
		expect(runStatistic('wasserstein', [0, NaN, 1], [Infinity, 0, 1]).value).toBe(0);
		expect(runStatistic('ed', [0, NaN, 1], [-Infinity, 2, 3]).value).toBeCloseTo(Math.sqrt(3), 15);
		expect(driftErrorCode(() => wassersteinSorted(f(), f(1)))).toBe('empty_column');
		expect(driftErrorCode(() => energyDistanceSorted(f(1), f(NaN)))).toBe('empty_column');
	});
});

describe('Anderson–Darling edge cases', () => {
	it('identical samples are capped at 0.25 (scipy 1.10 warns "p-value capped")', () => {
		const r = andersonKSampleSorted(f(1, 2, 3, 4, 5), f(1, 2, 3, 4, 5));
		expect(r.capped).toBe(true);
		expect(r.significanceLevel).toBe(0.25);
	});
	it('disjoint samples 0–4 v 10–14: statistic 4.726015467264128, level 0.004355977966506477 (scipy)', () => {
		const r = andersonKSampleSorted(f(0, 1, 2, 3, 4), f(10, 11, 12, 13, 14));
		expect(r.statistic).toBeCloseTo(4.726015467264128, 12);
		expect(r.significanceLevel).toBeCloseTo(0.004355977966506477, 12);
	});
	it('one distinct value overall, or N ≤ 3, is degenerate (scipy raises)', () => {
		expect(driftErrorCode(() => andersonKSampleSorted(f(2, 2, 2), f(2, 2)))).toBe('degenerate');
		expect(driftErrorCode(() => andersonKSampleSorted(f(1), f(2, 3)))).toBe('degenerate');
		expect(driftErrorCode(() => runStatistic('anderson', [2, NaN, 2], [2, Infinity]))).toBe(
			'degenerate'
		);
	});
	it('a constant side against a varying one: statistic 3.348147394312419, level 0.014271951109393825 (scipy)', () => {
		const r = andersonKSampleSorted(f(5, 5, 5, 5, 5, 5), f(0, 1, 2, 3, 4, 6));
		expect(r.statistic).toBeCloseTo(3.348147394312419, 12);
		expect(r.significanceLevel).toBeCloseTo(0.014271951109393825, 12);
	});
});

describe('Cramér–von Mises edge cases', () => {
	it('identical samples: T = 0, p = 1 (hand: midranks 1.5, 3.5, 5.5 give U = 52.5 = (4·9 − 1)·54/36; scipy 0.0 and 1.0)', () => {
		const r = cramerVonMisesSorted(f(1, 2, 3), f(1, 2, 3));
		expect(r.statistic).toBeCloseTo(0, 15);
		expect(r.pvalue).toBe(1);
	});
	it('disjoint samples: exact p = 2/C(6,3) = 0.1, T = 0.5277777777777778 (hand; scipy)', () => {
		const r = cramerVonMisesSorted(f(1, 2, 3), f(4, 5, 6));
		expect(r.pvalue).toBeCloseTo(0.1, 15);
		expect(r.statistic).toBeCloseTo(0.5277777777777778, 15);
	});
	it('the same constant on both sides: T = 0, p = 1 (scipy)', () => {
		expect(cramerVonMisesSorted(f(2, 2, 2), f(2, 2, 2))).toMatchObject({ pvalue: 1 });
	});
	it('a single value on a side is degenerate (scipy raises), also after dropping NaN/±∞', () => {
		expect(driftErrorCode(() => cramerVonMisesSorted(f(1), f(1, 2, 3)))).toBe('degenerate');
		expect(driftErrorCode(() => runStatistic('cramer_von_mises', [1, NaN, Infinity], [1, 2]))).toBe(
			'degenerate'
		);
	});
});
