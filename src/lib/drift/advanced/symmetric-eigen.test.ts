import { describe, expect, it } from 'vitest';
import { seededRandom } from './random';
import { symmetricEigen } from './symmetric-eigen';

describe('symmetricEigen (cyclic Jacobi)', () => {
	it('solves the 2×2 case in closed form', () => {
		// [[2,1],[1,2]]: eigenvalues 3 and 1, eigenvectors (1,1)/√2 and (1,−1)/√2.
		const { values, vectors } = symmetricEigen(Float64Array.of(2, 1, 1, 2), 2);
		expect(values[0]).toBeCloseTo(3, 14);
		expect(values[1]).toBeCloseTo(1, 14);
		expect(Math.abs(vectors[0])).toBeCloseTo(Math.SQRT1_2, 14);
		expect(vectors[0] * vectors[2]).toBeCloseTo(0.5, 14);
	});

	it('satisfies A·v = λ·v with orthonormal V on random matrices', () => {
		const rng = seededRandom(1);
		for (const d of [1, 3, 8, 25]) {
			const a = new Float64Array(d * d);
			for (let i = 0; i < d; i++) {
				for (let j = i; j < d; j++) a[i * d + j] = a[j * d + i] = rng.normal();
			}
			const { values, vectors } = symmetricEigen(a, d);
			let trace = 0;
			let sum = 0;
			for (let i = 0; i < d; i++) {
				trace += a[i * d + i];
				sum += values[i];
				if (i > 0) expect(values[i]).toBeLessThanOrEqual(values[i - 1]);
			}
			expect(sum).toBeCloseTo(trace, 10);
			for (let k = 0; k < d; k++) {
				for (let i = 0; i < d; i++) {
					let av = 0;
					for (let j = 0; j < d; j++) av += a[i * d + j] * vectors[j * d + k];
					expect(av).toBeCloseTo(values[k] * vectors[i * d + k], 10);
				}
				for (let m = 0; m < d; m++) {
					let dot = 0;
					for (let i = 0; i < d; i++) dot += vectors[i * d + k] * vectors[i * d + m];
					expect(dot).toBeCloseTo(k === m ? 1 : 0, 12);
				}
			}
		}
	});

	it('handles repeated eigenvalues and diagonal input', () => {
		const { values } = symmetricEigen(Float64Array.of(1, 0, 0, 0, 4, 0, 0, 0, 1), 3);
		expect(Array.from(values)).toEqual([4, 1, 1]);
	});

	it('rejects non-symmetric, non-finite and mis-sized input', () => {
		expect(() => symmetricEigen(Float64Array.of(1, 2, 3, 4), 2)).toThrow(/not symmetric/);
		expect(() => symmetricEigen(Float64Array.of(1, NaN, NaN, 4), 2)).toThrow(/NaN/);
		expect(() => symmetricEigen(Float64Array.of(1, 2, 3), 2)).toThrow(/2×2/);
	});
});
