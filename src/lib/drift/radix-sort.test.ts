import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sortFloat64 } from './radix-sort';

describe('sortFloat64', () => {
	it('orders like Float64Array.prototype.sort, including −0, subnormals and extremes', () => {
		const special = [
			-0,
			0,
			5e-324,
			-5e-324,
			Number.MAX_VALUE,
			-Number.MAX_VALUE,
			Infinity,
			-Infinity,
			1,
			-1
		];
		const n = 10_000;
		const a = new Float64Array(n);
		for (let i = 0; i < n; i++)
			a[i] = i < special.length ? special[i] : Math.sin(i * 12.9898) * 10 ** ((i % 40) - 20);
		const r = sortFloat64(a);
		const s = a.slice().sort();
		expect(Array.from(r).every((v, i) => Object.is(v, s[i]))).toBe(true);
		expect(a[0]).toBe(-0); // input untouched
	});
	it('agrees with the native sort on random inputs above the radix cutoff', () => {
		fc.assert(
			fc.property(
				fc.array(fc.double({ noNaN: true }), { minLength: 4096, maxLength: 6000 }),
				(xs) => {
					const a = Float64Array.from(xs);
					const r = sortFloat64(a);
					const s = a.slice().sort();
					return r.every((v, i) => Object.is(v, s[i]));
				}
			),
			{ numRuns: 20 }
		);
	});
});
