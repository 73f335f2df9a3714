import { describe, expect, it } from 'vitest';
import { inverseRegularizedBeta, regularizedBeta } from './beta';
import { chiSquareQuantile, fQuantile, normalQuantile } from './quantiles';

// Expected values from scipy 1.10.1 (Debian python3-scipy, /usr/bin/python3):
// scipy.special.betainc(a, b, x), scipy.stats.f.ppf(p, d1, d2), scipy.stats.chi2.ppf(p, k),
// scipy.stats.norm.ppf(p).
const BETA: [number, number, number, number][] = [
	[0.5, 2, 3, 0.6875],
	[0.1, 0.5, 0.5, 0.2048327646991335],
	[0.3, 10, 20, 0.3640040810719437],
	[0.01, 1.5, 40, 0.15269206115199874],
	[0.41, 200, 300, 0.6776281647721865]
];
const F: [number, number, number, number][] = [
	[0.95, 3, 10, 3.7082648190468435],
	[0.99, 5, 15, 4.555613984653006],
	[0.99, 1, 2, 98.50251256281399],
	[0.95, 20, 400, 1.5968786120869394],
	[0.999, 2.5, 7.5, 18.274915241042592],
	[0.5, 4, 4, 1.0]
];
const CHI2: [number, number, number][] = [
	[0.95, 1, 3.841458820694124],
	[0.99, 5, 15.08627246938899],
	[0.99, 0.7, 5.653168218608974],
	[0.999, 30, 59.70306430442994],
	[0.05, 3, 0.35184631774927144],
	[0.95, 250, 287.8815005218308]
];
const NORM: [number, number][] = [
	[0.975, 1.959963984540054],
	[0.995, 2.5758293035489004],
	[0.5, 0],
	[1e-6, -4.753424308822899],
	[0.9, 1.2815515655446004]
];

const rel = (a: number, b: number) => (b === 0 ? Math.abs(a) : Math.abs(a - b) / Math.abs(b));

describe('regularized incomplete beta (scipy.special.betainc)', () => {
	it.each(BETA)('I_%s(%s, %s)', (x, a, b, want) => {
		expect(rel(regularizedBeta(x, a, b), want)).toBeLessThan(1e-12);
		expect(rel(inverseRegularizedBeta(want, a, b), x)).toBeLessThan(1e-10);
	});
	it('is NaN outside its domain', () => {
		expect(regularizedBeta(1.5, 1, 1)).toBeNaN();
		expect(regularizedBeta(0.5, 0, 1)).toBeNaN();
		expect(inverseRegularizedBeta(-0.1, 1, 1)).toBeNaN();
	});
});

describe('quantiles', () => {
	it.each(F)('F.ppf(%s; %s, %s)', (p, d1, d2, want) => {
		expect(rel(fQuantile(p, d1, d2), want)).toBeLessThan(1e-10);
	});
	it.each(CHI2)('chi2.ppf(%s; %s)', (p, k, want) => {
		expect(rel(chiSquareQuantile(p, k), want)).toBeLessThan(1e-10);
	});
	it.each(NORM)('norm.ppf(%s)', (p, want) => {
		expect(rel(normalQuantile(p), want)).toBeLessThan(1e-10);
	});
	it('has the limits of the distributions at p = 0 and 1', () => {
		expect(chiSquareQuantile(0, 3)).toBe(0);
		expect(chiSquareQuantile(1, 3)).toBe(Infinity);
		expect(fQuantile(1, 2, 3)).toBe(Infinity);
		expect(fQuantile(0.5, 0, 3)).toBeNaN();
	});
});
