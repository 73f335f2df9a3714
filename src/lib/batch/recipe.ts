/**
 * Recipe variables: inputs that every reference batch follows exactly at each batch time (set-point
 * schedules of aeration, back-pressure, feeds). Their spread across the reference is zero, so a
 * scaled deviation would be infinite; instead they are held to their schedule (the reference
 * centre) with a tolerance, and a departure ranks the input itself first.
 */

/** Share of grid points at which the reference batches must agree exactly (default 0.99). */
export const SCHEDULE_SHARE = 0.99;
/** Tolerance as a share of the schedule's standard deviation over batch time (default 0.01). */
export const SCHEDULE_TOLERANCE = 0.01;

/**
 * Which variables are schedules, and each one's tolerance (0 for process variables). Variable j is
 * a schedule when, at no fewer than `share` of the grid points that two or more reference batches
 * reach, every batch equals the centre to within 1e-9 relative. Its tolerance is
 * `tolerance · sd_k(centre_jk)`: a departure is judged against how far the schedule itself moves
 * over the batch, because there is no batch-to-batch noise to judge it by.
 *
 * @example
 * const { schedule, tolerance } = findSchedules(values, centre, count);
 */
export function findSchedules(
	values: Float64Array[][],
	centre: Float64Array,
	count: Int32Array,
	{ share = SCHEDULE_SHARE, tolerance = SCHEDULE_TOLERANCE } = {}
): { schedule: boolean[]; tolerance: number[] } {
	const J = values[0].length;
	const K = values[0][0].length;
	const schedule: boolean[] = [];
	const tol: number[] = [];
	for (let j = 0; j < J; j++) {
		let points = 0;
		let agree = 0;
		let s = 0;
		let q = 0;
		let n = 0;
		for (let k = 0; k < K; k++) {
			const c = centre[k * J + j];
			if (!Number.isFinite(c)) continue;
			s += c;
			q += c * c;
			n++;
			if (count[k * J + j] < 2) continue;
			points++;
			const eps = 1e-9 * Math.max(1, Math.abs(c));
			let same = true;
			for (const b of values) {
				const x = b[j][k];
				if (Number.isFinite(x) && Math.abs(x - c) > eps) {
					same = false;
					break;
				}
			}
			if (same) agree++;
		}
		const mean = n ? s / n : 0;
		const sd = n > 1 ? Math.sqrt(Math.max(0, (q - n * mean * mean) / (n - 1))) : 0;
		const isSchedule = points > 0 && agree >= share * points && sd > 0;
		schedule.push(isSchedule);
		tol.push(isSchedule ? Math.max(tolerance * sd, 1e-9 * Math.max(1, Math.abs(mean))) : 0);
	}
	return { schedule, tolerance: tol };
}

/**
 * How far a value lies outside its schedule, in tolerances: 0 inside the band
 * `[min, max]` of the schedule at the grid points around the row's time (k − 1 … k + 2, so a row
 * recorded a moment before or after a recipe step is not a departure), else the distance to the
 * band divided by the tolerance.
 *
 * @example
 * scheduleExcess(60.5, centre, 100, 0, J, j, 0.13); // 3.8 when the schedule is 60 there
 */
export function scheduleExcess(
	x: number,
	centre: Float64Array,
	k: number,
	w: number,
	J: number,
	j: number,
	tolerance: number
): number {
	const K = centre.length / J;
	let lo = Infinity;
	let hi = -Infinity;
	for (let l = Math.max(0, k - 1); l <= Math.min(K - 1, k + (w > 0 ? 2 : 1)); l++) {
		const c = centre[l * J + j];
		if (!Number.isFinite(c)) continue;
		if (c < lo) lo = c;
		if (c > hi) hi = c;
	}
	if (!(hi >= lo) || !(tolerance > 0)) return 0;
	return x < lo ? (lo - x) / tolerance : x > hi ? (x - hi) / tolerance : 0;
}
