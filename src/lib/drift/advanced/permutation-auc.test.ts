import { describe, expect, it } from 'vitest';
import { rocAuc } from '../../ml/train/metrics';
import { aucFromRanks, midRanks, permutationAucNull } from './permutation-auc';
import { seededRandom } from './random';

describe('midRanks and aucFromRanks', () => {
	it('give tied scores the mean of their ranks (hand computation)', () => {
		expect(Array.from(midRanks(Float64Array.of(0.3, 0.1, 0.3, 0.9)))).toEqual([2.5, 1, 2.5, 4]);
	});

	it('equal the Mann–Whitney AUC with ties counted one half', () => {
		// Positives {0.3, 0.9}, negatives {0.1, 0.3}: pairs won 1 + ½ + 1 + 1 of 4 → 0.875.
		const ranks = midRanks(Float64Array.of(0.3, 0.1, 0.3, 0.9));
		expect(aucFromRanks(ranks, Uint8Array.of(1, 0, 0, 1))).toBe(0.875);
		const rng = seededRandom(5);
		const s = Float64Array.from({ length: 300 }, () => Math.round(rng.normal() * 4) / 4);
		const y = Uint8Array.from({ length: 300 }, () => (rng.uniform() < 0.4 ? 1 : 0));
		expect(aucFromRanks(midRanks(s), y)).toBeCloseTo(rocAuc(y, s), 12);
	});

	it('is NaN with one class', () => {
		expect(aucFromRanks(Float64Array.of(1, 2), Uint8Array.of(1, 1))).toBeNaN();
	});
});

describe('permutationAucNull', () => {
	it('matches the normal limit of the Mann–Whitney statistic', () => {
		// One fold, n₁ = n₀ = 500, no ties: sd = √((n₁+n₀+1)/(12 n₁ n₀)) = 0.018265, so the 0.99
		// quantile is ½ + 2.3263·0.018265 = 0.5425 (Mann & Whitney 1947, the normal limit).
		const rng = seededRandom(9);
		const scores = Float64Array.from({ length: 1000 }, () => rng.normal());
		const positive = Uint8Array.from({ length: 1000 }, (_, i) => (i % 2 ? 1 : 0));
		const ranks = midRanks(scores);
		const r = permutationAucNull([{ ranks, positive }], 0.55, {
			permutations: 4000,
			alpha: 0.01,
			seed: 3
		});
		expect(r.quantile).toBeGreaterThan(0.537);
		expect(r.quantile).toBeLessThan(0.548);
		// P(AUC ≥ 0.55) = P(Z ≥ 2.737) = 0.0031.
		expect(r.pValue).toBeGreaterThan(0.0005);
		expect(r.pValue).toBeLessThan(0.008);
	});

	it('averages over folds, so the null narrows with more folds of the same size', () => {
		const rng = seededRandom(2);
		const fold = () => ({
			ranks: midRanks(Float64Array.from({ length: 200 }, () => rng.normal())),
			positive: Uint8Array.from({ length: 200 }, (_, i) => i % 2)
		});
		const opts = { permutations: 2000, alpha: 0.01, seed: 1 };
		const one = permutationAucNull([fold()], 0.5, opts).quantile;
		const five = permutationAucNull([fold(), fold(), fold(), fold(), fold()], 0.5, opts).quantile;
		expect(five - 0.5).toBeLessThan((one - 0.5) * 0.6);
	});
});
