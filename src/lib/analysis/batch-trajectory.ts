/** What the Predict page shows for one batch: fit against the lab, peak, harvest time, KPIs. */
export interface BatchTrajectory {
	/** Root mean squared error of the prediction at the rows with a lab measurement, or null. */
	rmse: number | null;
	/** Rows with a lab measurement used for the RMSE. */
	labPoints: number;
	peak: { time: number; value: number } | null;
	finalTiter: number | null;
	timeToPeak: number | null;
	/** Smoothed prediction and its time derivative (per unit of time), aligned with the rows. */
	smoothed: Float64Array;
	rate: Float64Array;
	harvest: HarvestAdvice;
}

export type HarvestAdvice =
	| { status: 'recommended'; time: number; value: number }
	/** The rate is still above the threshold at the last row: keep the batch running. */
	| { status: 'still-producing'; lastRate: number }
	/** The rate never reached the threshold: production has not started (or the threshold is too high). */
	| { status: 'no-production' };

/**
 * Centred moving average over `halfWidth` rows on each side (shorter at the ends), ignoring NaN.
 *
 * @example
 * movingAverage(Float64Array.of(1, 2, 9, 4, 5), 1); // [1.5, 4, 5, 6, 4.5]
 */
export function movingAverage(values: ArrayLike<number>, halfWidth: number): Float64Array {
	const n = values.length;
	const out = new Float64Array(n);
	for (let i = 0; i < n; i++) {
		let s = 0;
		let k = 0;
		for (let j = Math.max(0, i - halfWidth); j <= Math.min(n - 1, i + halfWidth); j++) {
			const v = values[j];
			if (Number.isFinite(v)) {
				s += v;
				k++;
			}
		}
		out[i] = k ? s / k : Number.NaN;
	}
	return out;
}

/**
 * Time derivative by central differences (one-sided at the ends), for unevenly spaced times.
 *
 * @example
 * derivative(Float64Array.of(0, 1, 2), Float64Array.of(0, 2, 4)); // [2, 2, 2]
 */
export function derivative(time: ArrayLike<number>, values: ArrayLike<number>): Float64Array {
	const n = values.length;
	const out = new Float64Array(n);
	if (n < 2) return out.fill(Number.NaN);
	for (let i = 0; i < n; i++) {
		const a = i === 0 ? 0 : i - 1;
		const b = i === n - 1 ? n - 1 : i + 1;
		const dt = time[b] - time[a];
		out[i] = dt > 0 ? (values[b] - values[a]) / dt : Number.NaN;
	}
	return out;
}

/**
 * Root mean squared error over the rows where both values are finite (lab rows only).
 *
 * @example
 * rmseAt(Float64Array.of(1, 2, 3), Float64Array.of(NaN, 2, 5)); // { rmse: √2, n: 2 }
 */
export function rmseAt(
	predicted: ArrayLike<number>,
	measured: ArrayLike<number>
): { rmse: number | null; n: number } {
	let s = 0;
	let n = 0;
	for (let i = 0; i < Math.min(predicted.length, measured.length); i++) {
		const p = predicted[i];
		const m = measured[i];
		if (Number.isFinite(p) && Number.isFinite(m)) {
			s += (p - m) ** 2;
			n++;
		}
	}
	return { rmse: n ? Math.sqrt(s / n) : null, n };
}

/**
 * The recommended harvest time: the first time after which the production rate (the time
 * derivative of the smoothed predicted titer) stays below `threshold` until the end of the data,
 * counted once production has started (the rate first reached the threshold).
 *
 * @example
 * harvestTime(Float64Array.of(0, 1, 2, 3), Float64Array.of(0, 1, 0.1, 0), 0.5); // recommended at 2
 */
export function harvestTime(
	time: ArrayLike<number>,
	rate: ArrayLike<number>,
	threshold: number,
	smoothed?: ArrayLike<number>
): HarvestAdvice {
	let started = -1;
	for (let i = 0; i < rate.length; i++)
		if (rate[i] >= threshold) {
			started = i;
			break;
		}
	if (started < 0) return { status: 'no-production' };
	let last = -1;
	for (let i = rate.length - 1; i >= started; i--)
		if (rate[i] >= threshold) {
			last = i;
			break;
		}
	if (last === rate.length - 1) return { status: 'still-producing', lastRate: rate[last] };
	const at = last + 1;
	return { status: 'recommended', time: time[at], value: smoothed ? smoothed[at] : Number.NaN };
}

/**
 * Rows on each side of a centred window of ±`hours`, from the median sampling interval, so the
 * smoothing means the same time span whatever the sampling rate.
 *
 * @example
 * halfWidthRows(Float64Array.of(0, 0.2, 0.4, 0.6), 1); // 5
 */
export function halfWidthRows(time: ArrayLike<number>, hours: number): number {
	const steps: number[] = [];
	for (let i = 1; i < time.length; i++) {
		const dt = time[i] - time[i - 1];
		if (dt > 0 && Number.isFinite(dt)) steps.push(dt);
	}
	if (steps.length === 0) return 0;
	steps.sort((a, b) => a - b);
	return Math.max(0, Math.round(hours / steps[Math.floor(steps.length / 2)]));
}

/**
 * Analyses one batch's predicted titer against time and the offline lab assays.
 *
 * @example
 * const t = analyseBatch(time, predicted, pOffline, { rateThreshold: 0.02 });
 * t.rmse; t.peak; t.harvest;
 */
export function analyseBatch(
	time: ArrayLike<number>,
	predicted: ArrayLike<number>,
	measured: ArrayLike<number> | null,
	{
		rateThreshold,
		smoothingRows,
		smoothingHours
	}: { rateThreshold: number; smoothingRows?: number; smoothingHours?: number }
): BatchTrajectory {
	if (time.length !== predicted.length)
		throw new RangeError(`time has ${time.length} rows but the prediction has ${predicted.length}`);
	const fit = measured ? rmseAt(predicted, measured) : { rmse: null, n: 0 };
	let peak: { time: number; value: number } | null = null;
	for (let i = 0; i < predicted.length; i++) {
		const v = predicted[i];
		if (Number.isFinite(v) && (peak === null || v > peak.value)) peak = { time: time[i], value: v };
	}
	let finalTiter: number | null = null;
	for (let i = predicted.length - 1; i >= 0; i--)
		if (Number.isFinite(predicted[i])) {
			finalTiter = predicted[i];
			break;
		}
	const smoothed = movingAverage(
		predicted,
		smoothingRows ?? halfWidthRows(time, smoothingHours ?? 5)
	);
	const rate = derivative(time, smoothed);
	return {
		rmse: fit.rmse,
		labPoints: fit.n,
		peak,
		finalTiter,
		timeToPeak: peak ? peak.time - (time.length ? time[0] : 0) : null,
		smoothed,
		rate,
		harvest: harvestTime(time, rate, rateThreshold, smoothed)
	};
}
