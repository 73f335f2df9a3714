import { BatchInputError } from './errors';
import type { BatchSeries } from './split';

/** The common batch-time grid: `length` points `start + k·step`. */
export interface BatchGrid {
	start: number;
	step: number;
	length: number;
}

/** Batches resampled on one grid: `values[i][j]` is batch i, variable j, one value per grid point. */
export interface AlignedBatches {
	grid: BatchGrid;
	ids: string[];
	/** NaN where the batch does not reach the grid point, or a gap is wider than `maxGap`. */
	values: Float64Array[][];
}

/**
 * The median of the positive time steps of all batches: the grid step that keeps the sampling
 * rate the reference was recorded at (a coarser grid would blur recipe steps).
 *
 * @throws BatchInputError `invalid_time` when no batch has two distinct times.
 * @example
 * medianStep([{ id: 'a', time: Float64Array.of(0, 0.2, 0.4), values: [], rows: new Int32Array(3) }]); // 0.2
 */
export function medianStep(batches: BatchSeries[]): number {
	const steps: number[] = [];
	for (const b of batches)
		for (let i = 1; i < b.time.length; i++) {
			const d = b.time[i] - b.time[i - 1];
			if (d > 0) steps.push(d);
		}
	if (steps.length === 0)
		throw new BatchInputError('invalid_time', 'no batch has two rows at different times');
	steps.sort((a, b) => a - b);
	const m = steps[Math.floor(steps.length / 2)];
	// Times written with a few decimals (0.2 h) give steps like 0.19999999999999996.
	return Number(m.toPrecision(10));
}

/**
 * The grid from the earliest to the latest time of the batches, at their median step.
 *
 * @example
 * gridFor(batches); // { start: 0.2, step: 0.2, length: 1390 }
 */
export function gridFor(batches: BatchSeries[]): BatchGrid {
	const step = medianStep(batches);
	let lo = Infinity;
	let hi = -Infinity;
	for (const b of batches) {
		if (b.time.length === 0) continue;
		lo = Math.min(lo, b.time[0]);
		hi = Math.max(hi, b.time[b.time.length - 1]);
	}
	return { start: lo, step, length: Math.floor((hi - lo) / step + 1e-6) + 1 };
}

/**
 * One series resampled on the grid by linear interpolation between its own finite values, never
 * beyond its first and last finite value, and not across a gap wider than `maxGap` (missing rows
 * or missing values): those grid points are NaN.
 *
 * @example
 * resample(Float64Array.of(0, 1, 2), Float64Array.of(0, NaN, 4), { start: 0, step: 0.5, length: 5 }, 3);
 * // Float64Array [0, 1, 2, 3, 4]
 */
export function resample(
	time: Float64Array,
	values: Float64Array,
	grid: BatchGrid,
	maxGap: number
): Float64Array {
	const out = new Float64Array(grid.length).fill(Number.NaN);
	const tol = grid.step * 1e-6;
	let prev = -1; // index of the last finite value at or before the grid time
	let i = 0;
	for (let k = 0; k < grid.length; k++) {
		const t = grid.start + k * grid.step;
		while (i < time.length && time[i] <= t + tol) {
			if (Number.isFinite(values[i])) prev = i;
			i++;
		}
		if (prev < 0) continue;
		if (Math.abs(time[prev] - t) <= tol) {
			out[k] = values[prev];
			continue;
		}
		let next = i;
		while (next < time.length && !Number.isFinite(values[next])) next++;
		if (next >= time.length) continue;
		const gap = time[next] - time[prev];
		if (gap > maxGap + tol) continue;
		const w = (t - time[prev]) / gap;
		out[k] = values[prev] + w * (values[next] - values[prev]);
	}
	return out;
}

/**
 * Puts batches of different lengths on one batch-time grid (Nomikos & MacGregor 1994 align on
 * time when the batches share a recipe clock; Wold et al. 1998 on a maturity variable, which the
 * caller does by passing that variable as the batch time).
 *
 * @example
 * const aligned = alignBatches(batches, gridFor(batches), { maxGap: 1 });
 * aligned.values[0][2]; // batch 0, variable 2, on the grid
 */
export function alignBatches(
	batches: BatchSeries[],
	grid: BatchGrid,
	{ maxGap = 5 * grid.step }: { maxGap?: number } = {}
): AlignedBatches {
	return {
		grid,
		ids: batches.map((b) => b.id),
		values: batches.map((b) => b.values.map((v) => resample(b.time, v, grid, maxGap)))
	};
}
