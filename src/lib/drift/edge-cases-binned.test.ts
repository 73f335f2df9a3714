import { describe, expect, it } from 'vitest';
import { evidentlyBinsSorted, feelZeroes, quantileBinsSorted } from './binned';
import { hellinger, hellingerEvidentlyNumericalSorted } from './hellinger';
import { jensenShannon } from './jensen-shannon';
import { klDivergence } from './kl-divergence';
import { psi } from './psi';
import { runStatistic, type Binning } from './registry';
import { finiteSorted } from './sorted';
import { driftErrorCode } from './testing/error-code';

// Edge cases of the binned distances PSI, KL, Jensen–Shannon and Hellinger on every binning path
// (docs/statistics.md §4–5 and §12): Evidently's Sturges bins (> 20 distinct reference values),
// one bin per value (≤ 20), categories, and reference-quantile bins. Expected values are hand
// computations from the formulas, checked against numpy/scipy 1.10 where a number is quoted.

const BINNED = ['psi', 'kl_div', 'jensenshannon', 'hellinger'] as const;
const QUANTILE: Binning = { kind: 'quantile', bins: 10 };
const range = (n: number, from = 0) => Array.from({ length: n }, (_, i) => from + i);
const f = (xs: number[]) => finiteSorted(xs);

/** Seeded normal draws (Box–Muller on a 32-bit LCG): many distinct values, sums that round. */
function draws(n: number, seed: number): number[] {
	let s = seed >>> 0;
	const u = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) + 0.5) / 2 ** 32;
	return Array.from(
		{ length: n },
		() => Math.sqrt(-2 * Math.log(u())) * Math.cos(2 * Math.PI * u())
	);
}

describe('identical samples give exactly 0 on every binning path', () => {
	const paths: [string, (number | string)[], Binning | undefined][] = [
		['Sturges (> 20 distinct values)', draws(997, 7), undefined],
		['one bin per value (12 distinct values)', range(733).map((i) => (i * 7) % 12), undefined],
		['a single constant value', Array(40).fill(2.5), undefined],
		['categories', range(997).map((i) => 'abcdefg'[(i * i) % 7]), undefined],
		['reference quantiles', draws(500, 11), QUANTILE]
	];
	for (const [label, xs, binning] of paths)
		it(label, () => {
			for (const name of BINNED) {
				const r = runStatistic(name, xs, [...xs].reverse(), binning ? { binning } : {});
				expect(r.value, name).toBe(0);
				expect(r.drifted, name).toBe(false);
			}
		});

	it('Hellinger of equal proportion vectors is 0 where √(1 − Σ√(pq)) leaves 1.05e-8', () => {
		// 0.409 + 0.306 + 0.197 + 0.088 rounds to 1 − 2⁻⁵³ in doubles: the Bhattacharyya form gives
		// √(1.1e-16) = 1.05e-8 (the value first recorded for the oracle case cat_identical).
		const p = Float64Array.from([0.409, 0.306, 0.197, 0.088]);
		let bc = 0;
		for (const v of p) bc += Math.sqrt(v * v);
		expect(Math.sqrt(1 - bc)).toBeGreaterThan(1e-8);
		expect(hellinger(p, Float64Array.from(p))).toBe(0);
	});
});

describe('disjoint supports', () => {
	it('one bin per value, [1,1,2,2] v [2,2,3,3]: PSI 8.515489752777953, KL 4.25731914447453, JS 0.5887050112577373, Hellinger √½ (hand from §5; numpy/scipy agree)', () => {
		const ref = [1, 1, 2, 2];
		const cur = [2, 2, 3, 3];
		// PSI = 2·(½ − 1e-4)·ln(½/1e-4) after filling the two empty bins with 1e-4.
		expect(runStatistic('psi', ref, cur).value).toBeCloseTo(0.9998 * Math.log(5000), 13);
		expect(runStatistic('kl_div', ref, cur).value).toBeCloseTo(4.25731914447453, 13);
		expect(runStatistic('jensenshannon', ref, cur).value).toBeCloseTo(0.5887050112577373, 14);
		expect(runStatistic('hellinger', ref, cur).value).toBeCloseTo(Math.SQRT1_2, 15);
	});
	it('Sturges, 0–29 v 100–129: JS √ln 2, Hellinger 1, PSI 17.102973096911164 (numpy/scipy)', () => {
		const ref = range(30);
		const cur = range(30, 100);
		expect(evidentlyBinsSorted(f(ref), f(cur)).binning).toBe('sturges');
		expect(runStatistic('jensenshannon', ref, cur).value).toBeCloseTo(Math.sqrt(Math.LN2), 15);
		expect(runStatistic('hellinger', ref, cur).value).toBe(1);
		expect(runStatistic('psi', ref, cur).value).toBeCloseTo(17.102973096911164, 12);
		expect(runStatistic('kl_div', ref, cur).value).toBeCloseTo(8.547212941984592, 12);
	});
	it('reference quantiles, 1–10 v {20, 21}: every current value in the last bin; PSI 8.283089355027482, KL 5.986721241784519, JS 0.8707908228691708 (numpy/scipy)', () => {
		const ref = range(10, 1);
		const cur = [20, 21];
		const b = quantileBinsSorted(f(ref), f(cur), 10);
		expect(Array.from(b.curCounts)).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 2]);
		const o = { binning: QUANTILE };
		expect(runStatistic('psi', ref, cur, o).value).toBeCloseTo(8.283089355027482, 13);
		expect(runStatistic('kl_div', ref, cur, o).value).toBeCloseTo(5.986721241784519, 13);
		expect(runStatistic('jensenshannon', ref, cur, o).value).toBeCloseTo(0.8707908228691708, 14);
		expect(runStatistic('hellinger', ref, cur, o).value).toBeCloseTo(0.8269052146305295, 14);
	});
	it('categories with none in common: JS √ln 2 and Hellinger 1', () => {
		expect(runStatistic('jensenshannon', ['a', 'b'], ['x']).value).toBeCloseTo(
			Math.sqrt(Math.LN2),
			15
		);
		expect(runStatistic('hellinger', ['a', 'b'], ['x']).value).toBe(1);
	});
});

describe('constant columns and single values', () => {
	it('one shared value: one Hellinger bin [v − ½, v + ½] holding everything, so H = 0 (current Evidently; older releases gave 1)', () => {
		expect(hellingerEvidentlyNumericalSorted(f([3]), f([3, 3, 3]))).toBe(0);
	});
	it('two different constants: Hellinger 1, JS √ln 2; PSI 2(1 − 1e-4)ln 1e4 = 18.418838675877968 (oracle tiny_1v1_diff)', () => {
		expect(runStatistic('hellinger', [1, 1], [2, 2, 2]).value).toBe(1);
		expect(runStatistic('jensenshannon', [1], [2]).value).toBeCloseTo(Math.sqrt(Math.LN2), 15);
		expect(runStatistic('psi', [1], [2]).value).toBeCloseTo(18.418838675877968, 13);
	});
	it('a constant reference makes one quantile bin per side of it: [5,5,5] v [4,5,6] → (−∞,5] holds 2/3 of the current', () => {
		const b = quantileBinsSorted(f([5, 5, 5]), f([4, 5, 6]), 10);
		expect(Array.from(b.edges!)).toEqual([5]);
		expect(Array.from(b.cur)).toEqual([2 / 3, 1 / 3]);
	});
});

describe('values beyond the range of a double', () => {
	it('a span wider than the largest double cannot be cut into Sturges bins: degenerate (numpy raises ValueError)', () => {
		const ref = range(25).map((i) => (i - 12) * 1e307);
		expect(driftErrorCode(() => runStatistic('psi', ref, [-1e308, 1e308]))).toBe('degenerate');
		// Reference-quantile bins never subtract the extremes, so they still work.
		expect(runStatistic('psi', ref, [-1e308, 1e308], { binning: QUANTILE }).value).toBeGreaterThan(
			0
		);
	});
});

describe('empty bins', () => {
	it('Evidently fills zeros with min(non-zero)/1e6 when that is ≤ 1e-4, else with 1e-4, per side', () => {
		expect(Array.from(feelZeroes(Float64Array.from([0, 0.5, 0.5])))).toEqual([1e-4, 0.5, 0.5]);
		expect(Array.from(feelZeroes(Float64Array.from([0, 5e-5, 1 - 5e-5])))).toEqual([
			5e-5 / 1e6,
			5e-5,
			1 - 5e-5
		]);
	});
	it('PSI and KL stay finite with empty bins on either side; JS and Hellinger use the raw zeros', () => {
		const p = Float64Array.from([0.5, 0.5, 0]);
		const q = Float64Array.from([0, 0.5, 0.5]);
		expect(Number.isFinite(psi(feelZeroes(p), feelZeroes(q)))).toBe(true);
		expect(Number.isFinite(klDivergence(feelZeroes(p), feelZeroes(q), true))).toBe(true);
		// Raw zeros: m = [¼, ½, ¼], each side contributes ½ ln 2, so JS = √(ln 2 / ln 2 / 2) = √½ in
		// base 2; Hellinger = √(½(½ + ½)) = √½ (hand).
		expect(jensenShannon(p, q, 2)).toBeCloseTo(Math.SQRT1_2, 15);
		expect(hellinger(p, q)).toBeCloseTo(Math.SQRT1_2, 15);
	});
	it('KL of a current bin the reference lacks stays finite after filling, infinite without it', () => {
		const p = Float64Array.from([1, 0]);
		const q = Float64Array.from([0.5, 0.5]);
		expect(klDivergence(q, p)).toBe(Infinity);
		expect(Number.isFinite(klDivergence(feelZeroes(q), feelZeroes(p), true))).toBe(true);
	});
});

describe('missing values', () => {
	it('NaN and ±∞ are dropped before binning on every path', () => {
		const ref = draws(300, 3);
		const cur = draws(200, 5).map((v) => v + 0.3);
		const dirty = (xs: number[]) => [NaN, ...xs.slice(0, 50), Infinity, ...xs.slice(50), -Infinity];
		for (const binning of [undefined, QUANTILE])
			for (const name of BINNED) {
				const o = binning ? { binning } : {};
				expect(runStatistic(name, dirty(ref), dirty(cur), o).value, name).toBe(
					runStatistic(name, ref, cur, o).value
				);
			}
	});
	it('null categories are dropped', () => {
		for (const name of BINNED)
			expect(runStatistic(name, ['a', null, 'b'], ['b', 'a', null]).value, name).toBe(0);
	});
});
