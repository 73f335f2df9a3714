import type { BatchReference } from '../contracts/batch-reference';
import type { BatchGrid } from './align';
import {
	assayCorrectedSeries,
	estimateAssayNoise,
	type AssayNoise,
	type AssayResiduals
} from './assay-correction';
import { BatchInputError } from './errors';

/** The reference batches' titer trajectories on the batch-time grid, as the forecaster reads them. */
export interface TiterReference {
	/** What the titer is: a column name, or the soft-sensor model's name@version. */
	column: string;
	grid: BatchGrid;
	/** One trajectory per reference batch, NaN where the batch has ended. */
	batches: { id: string; titer: Float64Array }[];
	/** The correction's noise (null: the reference had no assays, so nothing is corrected). */
	noise: AssayNoise | null;
	/** Width of the trailing median taken of the soft sensor (time unit; 0 = none). */
	medianWindow: number;
}

/**
 * Trailing running median of a series over (t − window, t]: removes single-row glitches of a soft
 * sensor (a median ignores them where a mean would be pulled; Tukey 1977, Exploratory Data
 * Analysis, ch. 7) and uses no future row, so the live value equals the value computed later.
 * NaN values are skipped; a row with none in its window is NaN.
 *
 * @example
 * trailingMedian(Float64Array.of(0, 1, 2, 3), Float64Array.of(1, 9, 1, 1), 1.5); // [1, 5, 5, 1]
 */
export function trailingMedian(
	time: ArrayLike<number>,
	values: ArrayLike<number>,
	window: number
): Float64Array {
	const out = new Float64Array(time.length);
	const buf: number[] = [];
	let start = 0;
	for (let r = 0; r < time.length; r++) {
		while (start < r && time[start] <= time[r] - window) start++;
		buf.length = 0;
		for (let i = start; i <= r; i++) if (Number.isFinite(values[i])) buf.push(values[i]);
		out[r] = medianOf(buf);
	}
	return out;
}

/** Median of an array (sorted in place); NaN when empty. */
export function medianOf(a: number[]): number {
	if (a.length === 0) return Number.NaN;
	a.sort((x, y) => x - y);
	const m = a.length >> 1;
	return a.length % 2 ? a[m] : 0.5 * (a[m - 1] + a[m]);
}

/**
 * A finished reference batch's titer: the soft sensor (after the trailing median) corrected in
 * hindsight by its assays (see assayCorrectedSeries), and the assay residuals the correction's
 * noise is estimated from. Rows whose assay is not finite carry no assay.
 *
 * @example
 * const { titer, residuals } = referenceTiter(b.time, softSensor, assayColumn, 2);
 */
export function referenceTiter(
	time: Float64Array,
	soft: Float64Array,
	assay: Float64Array | undefined,
	medianWindow: number
): { titer: Float64Array; residuals: AssayResiduals } {
	const smooth = medianWindow > 0 ? trailingMedian(time, soft, medianWindow) : soft;
	const at: number[] = [];
	const res: number[] = [];
	if (assay)
		for (let r = 0; r < time.length; r++)
			if (Number.isFinite(assay[r]) && Number.isFinite(smooth[r])) {
				at.push(time[r]);
				res.push(assay[r] - smooth[r]);
			}
	return {
		titer: assayCorrectedSeries(time, smooth, at, res),
		residuals: { time: at, residual: res }
	};
}

/**
 * The titer part of a batch reference for `vigil batch reference`: every batch's hindsight-corrected
 * titer and, when there are assays, the correction's noise estimated from their residuals.
 *
 * @example
 * const t = referenceTiters(batches.map((b) => ({ time: b.time, soft: scores[b.id], assay: lab[b.id] })), 2);
 * buildBatchReference({ …, titer: { column: 'soft sensor', values: t.values } });
 */
export function referenceTiters(
	batches: { time: Float64Array; soft: Float64Array; assay?: Float64Array }[],
	medianWindow: number
): { values: Float64Array[]; noise: AssayNoise | null } {
	const each = batches.map((b) => referenceTiter(b.time, b.soft, b.assay, medianWindow));
	const withAssays = batches.some((b) => b.assay);
	return {
		values: each.map((e) => e.titer),
		noise: withAssays ? estimateAssayNoise(each.map((e) => e.residuals)) : null
	};
}

/**
 * Reads the titer part of a frozen batch reference into typed arrays.
 *
 * @throws BatchInputError `invalid_reference` when the reference carries no titer trajectories.
 * @example
 * const titerRef = titerReference(ref); // ref built with --titer-column or --model
 */
export function titerReference(ref: BatchReference): TiterReference {
	if (!ref.titer)
		throw new BatchInputError(
			'invalid_reference',
			`the batch reference '${ref.name}' carries no titer trajectories: build it with --titer-column COL or --model DIR (and --assay-column COL for the correction)`
		);
	const c = ref.titer.correction;
	return {
		column: ref.titer.column,
		grid: ref.grid,
		batches: ref.titer.trajectories.map((t, i) => ({
			id: ref.batches[i]?.id ?? String(i + 1),
			titer: Float64Array.from(t, (v) => (v === null ? Number.NaN : v))
		})),
		noise: c
			? {
					processVariance: c.process_variance,
					measurementVariance: c.measurement_variance,
					initialVariance: c.initial_variance,
					assays: c.assays
				}
			: null,
		medianWindow: ref.titer.median_window ?? 0
	};
}
