import type { BatchSeries } from './split';

/** Shortest run of identical values that counts as frozen, whatever the reference (points). */
export const MIN_FLAT_RUN = 10;

/**
 * A frozen sensor (or an actuator forced to a constant) repeats one value while the variable
 * normally moves. From the reference rows: each variable's lowest and highest value (a run at
 * either is an actuator resting at its limit: a valve shut, a pump saturated, a floor value, and
 * is never called frozen, nor is a run beyond the reference's range, which the level signal
 * judges) and its longest run of identical consecutive values elsewhere. A run
 * of identical values at an interior value longer than `max(MIN_FLAT_RUN, 2 × that longest run)`
 * is a flatline. Quantised signals (a temperature recorded to 0.01 K) repeat values normally; their
 * longer normal runs make their limit longer, automatically.
 *
 * @example
 * const { low, high, maxRun } = flatlineProfile(batches, [0, 1, 2]);
 */
export function flatlineProfile(
	batches: BatchSeries[],
	columns: number[]
): { low: number[]; high: number[]; maxRun: number[] } {
	const low: number[] = [];
	const high: number[] = [];
	const maxRun: number[] = [];
	for (const j of columns) {
		let lo = Infinity;
		let hi = -Infinity;
		for (const b of batches)
			for (const x of b.values[j])
				if (Number.isFinite(x)) {
					if (x < lo) lo = x;
					if (x > hi) hi = x;
				}
		let longest = 0;
		for (const b of batches) {
			let run = 0;
			let prev = Number.NaN;
			for (const x of b.values[j]) {
				if (x === prev && !atBound(x, lo, hi)) longest = Math.max(longest, ++run + 1);
				else run = 0;
				prev = x;
			}
		}
		low.push(Number.isFinite(lo) ? lo : 0);
		high.push(Number.isFinite(hi) ? hi : 0);
		maxRun.push(Math.max(MIN_FLAT_RUN, 2 * longest));
	}
	return { low, high, maxRun };
}

/** The value is (to 1e-9 relative) at or beyond the lowest or highest the reference has seen. */
export function atBound(x: number, lo: number, hi: number): boolean {
	const eps = 1e-9 * Math.max(1, Math.abs(lo), Math.abs(hi));
	return x <= lo + eps || x >= hi - eps;
}
