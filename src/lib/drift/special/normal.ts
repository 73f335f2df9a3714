import { regularizedGammaP, regularizedGammaQ } from './gamma';

/**
 * Standard normal survival function Φc(z) = 1 − Φ(z), accurate far into the tail:
 * `Φc(z) = ½ Q(½, z²/2)` for z ≥ 0 (Abramowitz & Stegun 7.1.2 and 6.5.17: erfc(x) = Q(½, x²)).
 *
 * @example
 * normalSf(12.802802330957702); // ≈ 7.9e-38
 */
export function normalSf(z: number): number {
	if (Number.isNaN(z)) return NaN;
	if (z === Infinity) return 0;
	if (z === -Infinity) return 1;
	const half = (z * z) / 2;
	return z >= 0 ? 0.5 * regularizedGammaQ(0.5, half) : 0.5 + 0.5 * regularizedGammaP(0.5, half);
}

/**
 * Standard normal cumulative distribution Φ(z) = Φc(−z).
 *
 * @example
 * normalCdf(0); // 0.5
 */
export function normalCdf(z: number): number {
	return normalSf(-z);
}
