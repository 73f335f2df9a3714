import { inverseRegularizedBeta } from './beta';
import { lgamma, regularizedGammaP, regularizedGammaQ } from './gamma';

/**
 * Quantile functions (inverse cumulative distributions) of the χ², F and standard normal
 * distributions, built on the incomplete gamma and beta functions of this folder.
 *
 * References: Press et al., Numerical Recipes, 3rd ed., section 6.2 (invgammp: Halley's method
 * from the Wilson–Hilferty start) and 6.14 (F from the inverse incomplete beta); Abramowitz &
 * Stegun 26.6.2 (the F–beta relation), 26.4.17 (Wilson–Hilferty).
 */

/**
 * The x with `P(a, x) = p` for the regularized lower incomplete gamma (scipy.special.gammaincinv).
 *
 * @example
 * inverseRegularizedGammaP(0.6321205588285577, 1); // 1
 */
export function inverseRegularizedGammaP(p: number, a: number): number {
	if (Number.isNaN(p) || !(a > 0) || p < 0 || p > 1) return NaN;
	if (p === 0) return 0;
	if (p === 1) return Infinity;
	const a1 = a - 1;
	const gln = lgamma(a);
	const eps = 1e-14;
	let x: number;
	let lna1 = 0;
	let afac = 0;
	if (a > 1) {
		lna1 = Math.log(a1);
		afac = Math.exp(a1 * (lna1 - 1) - gln);
		const pp = p < 0.5 ? p : 1 - p;
		const t = Math.sqrt(-2 * Math.log(pp));
		let z = (2.30753 + t * 0.27061) / (1 + t * (0.99229 + t * 0.04481)) - t;
		if (p < 0.5) z = -z;
		x = Math.max(1e-3, a * Math.pow(1 - 1 / (9 * a) - z / (3 * Math.sqrt(a)), 3));
	} else {
		const t = 1 - a * (0.253 + a * 0.12);
		x = p < t ? Math.pow(p / t, 1 / a) : 1 - Math.log(1 - (p - t) / (1 - t));
	}
	for (let j = 0; j < 100; j++) {
		if (x <= 0) return 0;
		// P(a, x) − p; in the upper tail as (1 − p) − Q(a, x), so that p near 1 keeps its precision.
		const err = p > 0.5 ? 1 - p - regularizedGammaQ(a, x) : regularizedGammaP(a, x) - p;
		let t =
			a > 1
				? afac * Math.exp(-(x - a1) + a1 * (Math.log(x) - lna1))
				: Math.exp(-x + a1 * Math.log(x) - gln);
		const u = err / t;
		t = u / (1 - 0.5 * Math.min(1, u * ((a - 1) / x - 1)));
		x -= t;
		if (x <= 0) x = 0.5 * (x + t);
		if (Math.abs(t) < eps * x) break;
	}
	return x;
}

/**
 * Quantile of the χ² distribution with `dof` degrees of freedom: `chi2.ppf(p, dof) = 2·P⁻¹(dof/2, p)`.
 *
 * @example
 * chiSquareQuantile(0.95, 1); // 3.841458820694124
 */
export function chiSquareQuantile(p: number, dof: number): number {
	if (!(dof > 0)) return NaN;
	return 2 * inverseRegularizedGammaP(p, dof / 2);
}

/**
 * Quantile of the F distribution with (d1, d2) degrees of freedom:
 * `x = I⁻¹_p(d1/2, d2/2)`, `F = d2·x / (d1·(1 − x))` (A&S 26.6.2; scipy.stats.f.ppf).
 *
 * @example
 * fQuantile(0.95, 3, 10); // 3.7082648190468435
 */
export function fQuantile(p: number, d1: number, d2: number): number {
	if (!(d1 > 0) || !(d2 > 0) || Number.isNaN(p) || p < 0 || p > 1) return NaN;
	if (p === 1) return Infinity;
	const x = inverseRegularizedBeta(p, d1 / 2, d2 / 2);
	return (d2 * x) / (d1 * (1 - x));
}

/**
 * Quantile of the standard normal distribution: `Φ⁻¹(p) = −√2·erfc⁻¹(2p)`, from the χ²₁ quantile
 * (z² ~ χ²₁), so it shares the incomplete-gamma precision (scipy.stats.norm.ppf).
 *
 * @example
 * normalQuantile(0.975); // 1.959963984540054
 */
export function normalQuantile(p: number): number {
	if (Number.isNaN(p) || p < 0 || p > 1) return NaN;
	if (p === 0.5) return 0;
	const tail = p < 0.5 ? p : 1 - p;
	const z = Math.sqrt(2 * inverseRegularizedGammaP(1 - 2 * tail, 0.5));
	return p < 0.5 ? -z : z;
}
