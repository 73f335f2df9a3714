import { seededRandom } from '../../drift/advanced/random';
import type { AssayNoise } from '../assay-correction';
import type { TiterReference } from '../titer-reference';

/**
 * A synthetic titer curve for tests: logistic growth to `height` around `mid`, then a linear loss
 * of `decline` per hour after `peak` (the product degrading once production stops).
 *
 * @example
 * titerCurve({ height: 30, mid: 80, peak: 160, decline: 0.1 })(100); // ≈ 27.3
 */
export function titerCurve(p: { height: number; mid: number; peak: number; decline: number }) {
	const grow = (t: number) => p.height / (1 + Math.exp(-(t - p.mid) / 15));
	return (t: number) => (t <= p.peak ? grow(t) : grow(p.peak) - p.decline * (t - p.peak));
}

/**
 * A titer reference of `count` synthetic batches on an hourly grid 0…`hours`, each with its own
 * height, midpoint, peak time and length (seeded), and the given correction noise.
 *
 * @example
 * const ref = syntheticTiterReference(8, { seed: 3 });
 */
export function syntheticTiterReference(
	count: number,
	{
		seed = 1,
		hours = 200,
		noise = null
	}: { seed?: number; hours?: number; noise?: AssayNoise | null } = {}
): TiterReference {
	const rng = seededRandom(seed);
	const K = hours + 1;
	return {
		column: 'titer',
		grid: { start: 0, step: 1, length: K },
		batches: Array.from({ length: count }, (_, i) => {
			const f = titerCurve({
				height: 28 + 4 * rng.uniform(),
				mid: 75 + 10 * rng.uniform(),
				peak: 150 + 40 * rng.uniform(),
				decline: 0.08
			});
			const end = hours - Math.floor(20 * rng.uniform());
			return {
				id: `R${i + 1}`,
				titer: Float64Array.from({ length: K }, (_, k) => (k <= end ? f(k) : Number.NaN))
			};
		}),
		noise,
		medianWindow: 0
	};
}
