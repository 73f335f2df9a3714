import { gamma } from './gamma';

const EPS = 1e-16;
const MAX_ITER = 100_000;

/**
 * Modified Bessel function of the second kind K_ν(x) for x > 0 and real ν whose distance to
 * the nearest integer is at least 1e-3 (the Cramér–von Mises series needs ν = ¼).
 *
 * Temme's series for x < 2, Steed's continued fraction CF2 for x ≥ 2, then upward recurrence
 * `K_{μ+1} = 2μ/x K_μ + K_{μ−1}` (Temme, J. Comput. Phys. 19 (1975) 324; Numerical Recipes,
 * 3rd ed., section 6.6, `bessik`).
 *
 * @example
 * besselK(0.5, 1); // √(π/2)·e⁻¹ = 0.4610685044478946
 */
export function besselK(nu: number, x: number): number {
	if (Number.isNaN(x) || Number.isNaN(nu) || x < 0) return NaN;
	if (x === 0) return Infinity;
	if (x === Infinity) return 0;
	const anu = Math.abs(nu); // K_{−ν} = K_ν
	const nl = Math.floor(anu + 0.5);
	const mu = anu - nl; // |mu| ≤ ½
	if (Math.abs(mu) < 1e-3)
		throw new RangeError(`besselK: order ${nu} is within 1e-3 of an integer (not supported)`);
	const mu2 = mu * mu;
	const xi = 1 / x;
	const xi2 = 2 * xi;
	let kmu: number;
	let k1: number;
	if (x < 2) {
		const x2 = 0.5 * x;
		const pimu = Math.PI * mu;
		const fact = pimu / Math.sin(pimu);
		let d = -Math.log(x2);
		let e = mu * d;
		const fact2 = Math.abs(e) < EPS ? 1 : Math.sinh(e) / e;
		const gampl = 1 / gamma(1 + mu);
		const gammi = 1 / gamma(1 - mu);
		const gam1 = (gammi - gampl) / (2 * mu);
		const gam2 = (gammi + gampl) / 2;
		let ff = fact * (gam1 * Math.cosh(e) + gam2 * fact2 * d);
		let sum = ff;
		e = Math.exp(e);
		let p = (0.5 * e) / gampl;
		let q = 0.5 / (e * gammi);
		let c = 1;
		d = x2 * x2;
		let sum1 = p;
		for (let i = 1; i < MAX_ITER; i++) {
			ff = (i * ff + p + q) / (i * i - mu2);
			c *= d / i;
			p /= i - mu;
			q /= i + mu;
			const del = c * ff;
			sum += del;
			sum1 += c * p - i * del;
			if (Math.abs(del) < Math.abs(sum) * EPS) break;
		}
		kmu = sum;
		k1 = sum1 * xi2;
	} else {
		let b = 2 * (1 + x);
		let d = 1 / b;
		let h = d;
		let delh = d;
		let q1 = 0;
		let q2 = 1;
		const a1 = 0.25 - mu2;
		let q = a1;
		let c = a1;
		let a = -a1;
		let s = 1 + q * delh;
		for (let i = 1; i < MAX_ITER; i++) {
			a -= 2 * i;
			c = (-a * c) / (i + 1);
			const qnew = (q1 - b * q2) / a;
			q1 = q2;
			q2 = qnew;
			q += c * qnew;
			b += 2;
			d = 1 / (b + a * d);
			delh = (b * d - 1) * delh;
			h += delh;
			const dels = q * delh;
			s += dels;
			if (Math.abs(dels / s) < EPS) break;
		}
		h = a1 * h;
		kmu = (Math.sqrt(Math.PI / (2 * x)) * Math.exp(-x)) / s;
		k1 = kmu * (mu + x + 0.5 - h) * xi;
	}
	for (let i = 1; i <= nl; i++) {
		const next = (mu + i) * xi2 * k1 + kmu;
		kmu = k1;
		k1 = next;
	}
	return kmu;
}
