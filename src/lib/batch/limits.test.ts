import { describe, expect, it } from 'vitest';
import { chiSquareQuantile } from '../drift/special/quantiles';
import { boxLimit, longestRun, windowedLimits } from './limits';
import { fitPca, pcaStatistics } from './pca';

describe('boxLimit', () => {
	it('is g·h·F(h, I·h) with g = σ²/2μ and h = 2μ²/σ²', () => {
		// μ = 5, σ² = 10: g = 1, h = 5; 5·scipy.stats.f.ppf(0.99, 5, 15) = 22.778069923265033
		expect(boxLimit(5, 10, 0.99, 3)).toBeCloseTo(22.778069923265033, 9);
		// μ = 2, σ² = 4: g = 1, h = 2; 2·f.ppf(0.95, 2, 20) = 6.985656953471264
		expect(boxLimit(2, 4, 0.95, 10)).toBeCloseTo(6.985656953471264, 9);
	});
	it('tightens towards Box’s χ² limit as batches are added', () => {
		const limits = [3, 5, 10, 100, 10000].map((n) => boxLimit(5, 10, 0.99, n));
		for (let i = 1; i < limits.length; i++) expect(limits[i]).toBeLessThan(limits[i - 1]);
		// g·χ²_h(0.99) with g = 1, h = 5: scipy.stats.chi2.ppf(0.99, 5) = 15.08627246938899
		expect(limits[4]).toBeCloseTo(chiSquareQuantile(0.99, 5), 1);
	});
});

describe('windowedLimits and runs', () => {
	it('gives every grid point a limit above the typical value', () => {
		const stats = [0, 1, 2].map((i) =>
			Float64Array.from({ length: 50 }, (_, k) => 1 + ((k * 7 + i * 3) % 5) / 5)
		);
		const [l95, l99] = windowedLimits(stats, 10, [0.95, 0.99]);
		for (let k = 0; k < 50; k++) {
			expect(l99[k]).toBeGreaterThan(l95[k]);
			expect(l95[k]).toBeGreaterThan(1.4);
		}
	});
	it('counts the longest run above the limit', () => {
		expect(
			longestRun(Float64Array.of(1, 5, 6, 1, 7, 8, 9), Float64Array.of(2, 2, 2, 2, 2, 2, 2))
		).toBe(3);
		expect(longestRun(Float64Array.of(1, NaN, 1), Float64Array.of(2, 2, 2))).toBe(0);
	});
});

describe('fitPca', () => {
	// numpy: np.linalg.eigh(np.cov(X, rowvar=False)) of the 5 × 3 matrix below (descending)
	const X = [
		[1, 2, 0.5],
		[2, 1, 1.5],
		[3, 4, -0.5],
		[4, 3, 0],
		[0, 0, 1]
	];
	const mean = [0, 1, 2].map((j) => X.reduce((s, r) => s + r[j], 0) / 5);
	const rows = Float64Array.from(X.flatMap((r) => r.map((v, j) => v - mean[j])));
	it('matches numpy’s eigenvalues and keeps those above the average (Kaiser–Guttman)', () => {
		const pca = fitPca(rows, 5, 3);
		[4.91160172, 0.64702222, 0.06637606].forEach((w, i) =>
			expect(pca.spectrum[i]).toBeCloseTo(w, 7)
		);
		expect(pca.components).toBe(1);
	});
	it('splits ‖z‖² into the model part and SPE', () => {
		const pca = fitPca(rows, 5, 3, 2);
		const z = Float64Array.of(1, -1, 2);
		const scores = new Float64Array(2);
		const { t2, spe } = pcaStatistics(pca, z, scores);
		const tt = scores[0] ** 2 + scores[1] ** 2;
		expect(spe + tt).toBeCloseTo(6, 12);
		expect(t2).toBeCloseTo(
			scores[0] ** 2 / pca.eigenvalues[0] + scores[1] ** 2 / pca.eigenvalues[1],
			12
		);
	});
});
