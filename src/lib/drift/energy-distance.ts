import { ecdfIntegrals } from './ecdf-walk';
import { finiteSorted, requireNonEmpty } from './sorted';

/**
 * Energy distance between two sorted finite samples, as scipy's `energy_distance`:
 * `E = √2 · √( Σ (U_i − V_i)² δ_i )`, i.e. √(2∫(F_ref − F_cur)²) (Székely & Rizzo 2013,
 * "Energy statistics", J. Stat. Plan. Inference 143(8)). docs/statistics.md §8.
 *
 * @example
 * energyDistanceSorted(new Float64Array([0]), new Float64Array([1])); // √2
 */
export function energyDistanceSorted(ref: Float64Array, cur: Float64Array): number {
	requireNonEmpty(ref, 'reference', 'ed');
	requireNonEmpty(cur, 'current', 'ed');
	return Math.SQRT2 * Math.sqrt(ecdfIntegrals(ref, cur).l2);
}

/**
 * Energy distance on raw columns (missing values dropped).
 *
 * @example
 * energyDistance([0, 1], [0, 1]); // 0
 */
export function energyDistance(reference: ArrayLike<number>, current: ArrayLike<number>): number {
	return energyDistanceSorted(finiteSorted(reference), finiteSorted(current));
}
