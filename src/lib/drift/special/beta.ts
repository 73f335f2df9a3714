import { lgamma } from './gamma';

/**
 * Beta-function family: the regularized incomplete beta function I_x(a, b) (Lentz's continued
 * fraction, with the symmetry I_x(a, b) = 1 − I_{1−x}(b, a) where it converges faster) and its
 * inverse (Halley's method from the starting point of Numerical Recipes).
 *
 * References: Press et al., Numerical Recipes, 3rd ed., section 6.4 (betai, betacf) and 6.14
 * (invbetai); Abramowitz & Stegun 26.5.8 and 26.5.22 (the continued fraction and the start value).
 */

const EPS = 1e-16;
const FPMIN = 1e-300;
const MAX_ITER = 10_000;

function betaContinuedFraction(a: number, b: number, x: number): number {
	const qab = a + b;
	const qap = a + 1;
	const qam = a - 1;
	let c = 1;
	let d = 1 - (qab * x) / qap;
	if (Math.abs(d) < FPMIN) d = FPMIN;
	d = 1 / d;
	let h = d;
	for (let m = 1; m <= MAX_ITER; m++) {
		const m2 = 2 * m;
		let aa = (m * (b - m) * x) / ((qam + m2) * (a + m2));
		d = 1 + aa * d;
		if (Math.abs(d) < FPMIN) d = FPMIN;
		c = 1 + aa / c;
		if (Math.abs(c) < FPMIN) c = FPMIN;
		d = 1 / d;
		h *= d * c;
		aa = (-(a + m) * (qab + m) * x) / ((a + m2) * (qap + m2));
		d = 1 + aa * d;
		if (Math.abs(d) < FPMIN) d = FPMIN;
		c = 1 + aa / c;
		if (Math.abs(c) < FPMIN) c = FPMIN;
		d = 1 / d;
		const del = d * c;
		h *= del;
		if (Math.abs(del - 1) < EPS) break;
	}
	return h;
}

function logPrefactor(a: number, b: number, x: number): number {
	return lgamma(a + b) - lgamma(a) - lgamma(b) + a * Math.log(x) + b * Math.log1p(-x);
}

/**
 * Regularized incomplete beta function
 * `I_x(a, b) = B(x; a, b) / B(a, b) = (1/B(a, b)) ∫₀ˣ t^(a−1) (1−t)^(b−1) dt`, for a, b > 0 and
 * 0 ≤ x ≤ 1 (scipy.special.betainc).
 *
 * @example
 * regularizedBeta(0.5, 2, 3); // 0.6875
 */
export function regularizedBeta(x: number, a: number, b: number): number {
	if ([x, a, b].some(Number.isNaN) || !(a > 0) || !(b > 0) || x < 0 || x > 1) return NaN;
	if (x === 0) return 0;
	if (x === 1) return 1;
	const front = Math.exp(logPrefactor(a, b, x));
	return x < (a + 1) / (a + b + 2)
		? (front * betaContinuedFraction(a, b, x)) / a
		: 1 - (front * betaContinuedFraction(b, a, 1 - x)) / b;
}

/**
 * Inverse of the regularized incomplete beta function: the x with `I_x(a, b) = p`
 * (scipy.special.betaincinv). Halley iterations on I_x − p from the Numerical Recipes start.
 *
 * @example
 * inverseRegularizedBeta(0.6875, 2, 3); // 0.5
 */
export function inverseRegularizedBeta(p: number, a: number, b: number): number {
	if ([p, a, b].some(Number.isNaN) || !(a > 0) || !(b > 0) || p < 0 || p > 1) return NaN;
	if (p === 0) return 0;
	if (p === 1) return 1;
	let x: number;
	if (a >= 1 && b >= 1) {
		const pp = p < 0.5 ? p : 1 - p;
		const t = Math.sqrt(-2 * Math.log(pp));
		let z = (2.30753 + t * 0.27061) / (1 + t * (0.99229 + t * 0.04481)) - t;
		if (p < 0.5) z = -z;
		const al = (z * z - 3) / 6;
		const h = 2 / (1 / (2 * a - 1) + 1 / (2 * b - 1));
		const w =
			(z * Math.sqrt(al + h)) / h -
			(1 / (2 * b - 1) - 1 / (2 * a - 1)) * (al + 5 / 6 - 2 / (3 * h));
		x = a / (a + b * Math.exp(2 * w));
	} else {
		const lna = Math.log(a / (a + b));
		const lnb = Math.log(b / (a + b));
		const t = Math.exp(a * lna) / a;
		const u = Math.exp(b * lnb) / b;
		const w = t + u;
		x = p < t / w ? Math.pow(a * w * p, 1 / a) : 1 - Math.pow(b * w * (1 - p), 1 / b);
	}
	const afac = -lgamma(a) - lgamma(b) + lgamma(a + b);
	const a1 = a - 1;
	const b1 = b - 1;
	for (let j = 0; j < 100; j++) {
		if (x === 0 || x === 1) return x;
		const err = regularizedBeta(x, a, b) - p;
		let t = Math.exp(a1 * Math.log(x) + b1 * Math.log1p(-x) + afac);
		const u = err / t;
		t = u / (1 - 0.5 * Math.min(1, u * (a1 / x - b1 / (1 - x))));
		x -= t;
		if (x <= 0) x = 0.5 * (x + t);
		if (x >= 1) x = 0.5 * (x + t + 1);
		if (Math.abs(t) < 1e-15 * x && j > 0) break;
	}
	return x;
}
