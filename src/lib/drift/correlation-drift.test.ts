import { describe, expect, it } from 'vitest';
import { seededRandom } from './advanced/random';
import { correlationDrift, correlationSummary } from './correlation-drift';
import { categoricalColumn, numericalColumn, type ColumnData } from './types';

const x = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
const y = [2, 1, 4, 3, 7, 8, 6, 9, 10, 12];
const yFlipped = [10, 9, 7, 8, 5, 6, 4, 2, 3, 1];

describe('correlationSummary', () => {
	it('is Pearson r over pairwise-complete rows (scipy 1.10.1 stats.pearsonr)', () => {
		const s = correlationSummary([numericalColumn('x', x), numericalColumn('y', y)]);
		expect(s.r[0]).toBeCloseTo(0.9463140529521024, 14);
		expect(s.n[0]).toBe(10);
		const withGap = correlationSummary([
			numericalColumn('x', [1, 2, null, 4, 5, 6, 7, 8, 9, 10]),
			numericalColumn('y', y)
		]);
		// scipy on the 9 rows where x is present.
		expect(withGap.r[0]).toBeCloseTo(0.946074789558824, 14);
		expect(withGap.n[0]).toBe(9);
	});

	it('leaves out categorical, constant and all-missing columns with the reason', () => {
		const s = correlationSummary([
			numericalColumn('x', x),
			numericalColumn(
				'flat',
				x.map(() => 3)
			),
			numericalColumn(
				'gone',
				x.map(() => null)
			),
			categoricalColumn('c', x.map(String)),
			numericalColumn('y', y)
		]);
		expect(s.columns).toEqual(['x', 'y']);
		expect(s.excluded).toEqual([
			{ column: 'flat', reason: 'constant in the reference' },
			{ column: 'gone', reason: 'no finite values in the reference' },
			{ column: 'c', reason: 'categorical' }
		]);
	});
});

describe('correlationDrift', () => {
	it("is Fisher's z test of two correlations (scipy 1.10.1: arctanh and norm.sf)", () => {
		const r = correlationDrift(
			correlationSummary([numericalColumn('x', x), numericalColumn('y', y)]),
			correlationSummary(
				[numericalColumn('x', x), numericalColumn('y', yFlipped)],
				'current window'
			)
		);
		expect(r.largest?.current).toBeCloseTo(-0.9636363636363636, 14);
		expect(r.largest?.z).toBeCloseTo(-7.0899968064329855, 12);
		expect(r.largest?.pvalue).toBeCloseTo(1.341150952079409e-12, 20);
		expect(r).toMatchObject({ pairs_tested: 1, drifted_pairs: 1, drifted: true });
	});

	it('finds the one pair whose correlation flipped among unchanged marginals', () => {
		const side = (n: number, seed: number, rho: number): ColumnData[] => {
			const rng = seededRandom(seed);
			const a = Float64Array.from({ length: n }, () => rng.normal());
			const b = a.map((v) => rho * v + Math.sqrt(1 - rho * rho) * rng.normal());
			const c = Float64Array.from({ length: n }, () => rng.normal());
			return [
				{ name: 'a', type: 'numerical', values: a },
				{ name: 'b', type: 'numerical', values: b },
				{ name: 'c', type: 'numerical', values: c }
			];
		};
		const ref = correlationSummary(side(3000, 1, 0.8));
		const same = correlationDrift(ref, correlationSummary(side(500, 2, 0.8), 'current window'));
		expect(same.drifted).toBe(false);
		expect(same.pairs_tested).toBe(3);
		const flipped = correlationDrift(ref, correlationSummary(side(500, 3, -0.8), 'current window'));
		expect(flipped.drifted_pairs).toBe(1);
		expect(flipped.largest).toMatchObject({ a: 'a', b: 'b', drifted: true });
	});

	it('does not alarm on a significant change smaller than minDelta', () => {
		const side = (rho: number, seed: number) => {
			const rng = seededRandom(seed);
			const a = Float64Array.from({ length: 200000 }, () => rng.normal());
			return correlationSummary([
				{ name: 'a', type: 'numerical', values: a },
				{
					name: 'b',
					type: 'numerical',
					values: a.map((v) => rho * v + Math.sqrt(1 - rho * rho) * rng.normal())
				}
			]);
		};
		const r = correlationDrift(side(0.5, 1), side(0.53, 2));
		expect(r.largest!.pvalue).toBeLessThan(1e-6);
		expect(r.drifted).toBe(false);
	});

	it('reports a column constant in the window as excluded instead of a NaN test', () => {
		const r = correlationDrift(
			correlationSummary([numericalColumn('x', x), numericalColumn('y', y)]),
			correlationSummary(
				[
					numericalColumn('x', x),
					numericalColumn(
						'y',
						x.map(() => 1)
					)
				],
				'current window'
			)
		);
		expect(r.pairs_tested).toBe(0);
		expect(r.largest).toBeNull();
		expect(r.drifted).toBe(false);
		expect(r.excluded).toContainEqual({ column: 'y', reason: 'constant in the current window' });
	});

	it('keeps perfectly correlated pairs finite', () => {
		const r = correlationDrift(
			correlationSummary([numericalColumn('x', x), numericalColumn('y', x)]),
			correlationSummary([numericalColumn('x', x), numericalColumn('y', x)])
		);
		expect(r.largest?.z).toBe(0);
		expect(r.drifted).toBe(false);
	});
});
