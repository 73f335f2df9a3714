import type { BatchReference } from '../contracts/batch-reference';
import { changeSeries, DEFAULT_CHANGE_TIMES, type ChangeTimes } from './change';
import { fillNearest } from './limits';
import { findSchedules } from './recipe';
import { effectiveSamples, looRms, pooledRms, predictiveLimit } from './spread';

/** Run rules of the signals (consecutive rows past the limit), chosen by leave-one-batch-out on normal batches. */
export const DEFAULT_POINTS = { level: 10, change: 10, recipe: 3 };

export interface LearnOptions {
	/** Half-width (grid points) of the window pooling the level spread. */
	scaleWindow: number;
	/** Half-width (grid points) of the window pooling the change spread. */
	changeWindow: number;
	level: number;
	step: number;
	times?: ChangeTimes;
	points?: Partial<typeof DEFAULT_POINTS>;
	/** Floor of the change scale: its root mean square over the batch (default) or its median. */
	changeFloor?: 'rms' | 'median';
}

/**
 * Everything the signals need, learnt from the left-out deviations of the reference batches
 * (deviations.ts; `values[i][j]` and `deviations[i][j]` on the grid, `centre` K × J):
 * - recipe variables and their tolerances (recipe.ts);
 * - the level scale of each process variable at each batch time: the pooled root mean square of
 *   the left-out deviations (spread.ts), floored at its mean over the batch; recipe variables get
 *   their tolerance as scale;
 * - the level limit of each process variable: the Student-t predictive limit with Bonferroni over
 *   the process variables, on `(I − 1) · n_eff` degrees of freedom, n_eff the effective number of
 *   independent deviations in the pooling window (spread.ts). A batch-level offset gives n_eff ≈ 1
 *   and, with 3 batches, t₂: wide limits that still catch a gross departure (a pH loop that
 *   saturates); a noise-like deviation gives many degrees of freedom and a tight limit;
 * - the change scale and limits, the same way, on the change filter of the deviations (change.ts).
 *
 * @example
 * const s = learnSignals(values, deviations, centre, count, { scaleWindow: 10, changeWindow: 25, level: 0.99, step: 0.2 });
 */
export function learnSignals(
	values: Float64Array[][],
	deviations: Float64Array[][],
	centre: Float64Array,
	count: Int32Array,
	o: LearnOptions
): { scale: Float64Array; signals: BatchReference['signals']; band: number } {
	const I = values.length;
	const J = values[0].length;
	const K = values[0][0].length;
	const times = o.times ?? DEFAULT_CHANGE_TIMES;
	const points = { ...DEFAULT_POINTS, ...o.points };
	const { schedule, tolerance } = findSchedules(values, centre, count);
	const intermittent = values[0].map((_, j) => !schedule[j] && restShare(values, j) > 0.5);
	const tests = Math.max(1, schedule.filter((s) => !s).length);
	const scale = new Float64Array(K * J);
	const changeScale = new Float64Array(K * J);
	const levelLimits: number[] = [];
	const changeLimits: number[] = [];
	const bandFactors: number[] = [];
	for (let j = 0; j < J; j++) {
		const devs = deviations.map((b) => b[j]);
		let mean = 0;
		let n = 0;
		for (let k = 0; k < K; k++)
			if (Number.isFinite(centre[k * J + j])) {
				mean += Math.abs(centre[k * J + j]);
				n++;
			}
		const tiny = 1e-9 * Math.max(1, n ? mean / n : 0);
		if (schedule[j]) {
			for (let k = 0; k < K; k++) {
				scale[k * J + j] = tolerance[j];
				changeScale[k * J + j] = tolerance[j];
			}
			levelLimits.push(1);
			changeLimits.push(1);
			continue;
		}
		const s = pooledRms(devs, o.scaleWindow);
		fillNearest(s);
		const changes = devs.map((d) => changeSeries(d, o.step, times));
		const c = pooledRms(changes, o.changeWindow, 1, o.changeFloor ?? 'rms');
		fillNearest(c);
		for (let k = 0; k < K; k++) {
			scale[k * J + j] = Math.max(Number.isFinite(s[k]) ? s[k] : 0, tiny);
			changeScale[k * J + j] = Math.max(Number.isFinite(c[k]) ? c[k] : 0, tiny);
		}
		const dfLevel = (I - 1) * effectiveSamples(devs, 2 * o.scaleWindow + 1);
		const dfChange = (I - 1) * effectiveSamples(changes, 2 * o.changeWindow + 1);
		// The larger of the Student-t limit and the reference's own sustained left-out scores.
		const limit = (
			series: Float64Array[],
			sc: Float64Array,
			window: number,
			df: number,
			run: number
		) =>
			Math.max(
				predictiveLimit(o.level, tests, df),
				upperQuartile(
					looRms(series, window, floorOf(sc, J, j)).map((l, i) => sustainedMax(series[i], l, run))
				)
			);
		levelLimits.push(limit(devs, scale, o.scaleWindow, dfLevel, points.level));
		changeLimits.push(limit(changes, changeScale, o.changeWindow, dfChange, points.change));
		bandFactors.push(predictiveLimit(o.level, 1, dfLevel));
	}
	bandFactors.sort((a, b) => a - b);
	const r = (x: number) => Number(x.toPrecision(10));
	return {
		scale,
		band: bandFactors.length ? bandFactors[Math.floor(bandFactors.length / 2)] : 3,
		signals: {
			roles: schedule.map((s, j) => (s ? 'recipe' : intermittent[j] ? 'intermittent' : 'process')),
			level: { limits: levelLimits.map(r), points: points.level },
			change: {
				fast: times.fast,
				slow: times.slow,
				scale: Array.from(changeScale, r),
				limits: changeLimits.map(r),
				points: points.change
			},
			recipe: { tolerance: tolerance.map(r), points: points.recipe },
			flatline: { low: [], high: [], max_run: [] }
		}
	};
}

/**
 * The largest |d_k|/scale_k a series holds for `points` consecutive grid points: the level a run
 * rule of that length would have had to be set at for this left-out batch to stay quiet.
 */
function sustainedMax(d: Float64Array, scale: Float64Array, points: number): number {
	const K = d.length;
	const a = new Float64Array(K);
	for (let k = 0; k < K; k++) a[k] = Number.isFinite(d[k]) ? Math.abs(d[k]) / scale[k] : 0;
	let best = 0;
	// The minimum over each window of `points`, by a monotone deque (O(K)).
	const q = new Int32Array(K);
	let head = 0;
	let tail = 0;
	for (let k = 0; k < K; k++) {
		while (tail > head && a[q[tail - 1]] >= a[k]) tail--;
		q[tail++] = k;
		if (q[head] <= k - points) head++;
		if (k >= points - 1) best = Math.max(best, a[q[head]]);
	}
	return best;
}

/**
 * Share of the reference grid values of variable j at its lowest or highest value: an actuator
 * that rests at a limit most of the time (an acid pump that doses now and then, a heater that is
 * off) has no continuous trajectory, its bursts are the controller at work, so it is judged by
 * the flatline check only (an actuator stuck at an interior value), not by level or change.
 */
function restShare(values: Float64Array[][], j: number): number {
	let lo = Infinity;
	let hi = -Infinity;
	for (const b of values)
		for (const x of b[j])
			if (Number.isFinite(x)) {
				lo = Math.min(lo, x);
				hi = Math.max(hi, x);
			}
	let rest = 0;
	let n = 0;
	const eps = 1e-9 * Math.max(1, Math.abs(lo), Math.abs(hi));
	for (const b of values)
		for (const x of b[j])
			if (Number.isFinite(x)) {
				n++;
				if (Math.abs(x - lo) <= eps || Math.abs(x - hi) <= eps) rest++;
			}
	return n ? rest / n : 0;
}

/** The smallest scale of variable j over batch time: the floor pooledRms applied. */
function floorOf(scale: Float64Array, J: number, j: number): number {
	let m = Infinity;
	for (let k = j; k < scale.length; k += J) m = Math.min(m, scale[k]);
	return Number.isFinite(m) ? m : 0;
}

/**
 * The upper quartile of the left-out batches' values (their maximum with three or four batches):
 * the limit covers all but the most unusual quarter of the reference batches, so one batch with a
 * process upset (kept in the reference by its owner) does not blunt the limit for everyone.
 */
function upperQuartile(v: number[]): number {
	const s = [...v].sort((a, b) => a - b);
	return s.length ? s[Math.ceil((s.length - 1) * 0.75)] : 0;
}
