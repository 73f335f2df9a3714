import { describe, expect, it } from 'vitest';
import { kolmogorovSf, smirnov } from './kolmogorov-distribution';

// Large-n values beyond the oracle (whose KS cases have n ≤ 2000), confirmed with
// scipy 1.17.1: scipy.special.smirnov(n, x) and scipy.stats.kstwo.sf(x, n).
const CASES: [number, number, number, number][] = [
	[500000, 0.0036, 2.3468616873635554e-6, 4.693723374727111e-6],
	[500000, 0.0025, 0.0019272280106117721, 0.0038544560212235442],
	[200000, 0.01, 4.216562849935046e-18, 8.433125699870092e-18],
	[100000, 0.006, 0.0007435744650565782, 0.0014871489301131564],
	[5000, 0.03, 0.00012079617211333408, 0.00024159234422666817],
	[141, 0.2, 1.0138392111988456e-5, 2.0276784223976912e-5]
];

describe('one-sided Smirnov and two-sided Kolmogorov sf for large n', () => {
	for (const [n, x, sm, sf] of CASES) {
		it(`n = ${n}, x = ${x} (scipy 1.17.1)`, () => {
			expect(Math.abs(smirnov(n, x) - sm) / sm).toBeLessThan(1e-8);
			expect(Math.abs(kolmogorovSf(n, x) - sf) / sf).toBeLessThan(1e-8);
		});
	}
	it('returns NaN for a non-integer or non-positive n, as scipy', () => {
		expect(kolmogorovSf(0, 0.5)).toBeNaN();
		expect(kolmogorovSf(2.5, 0.5)).toBeNaN();
	});
});
