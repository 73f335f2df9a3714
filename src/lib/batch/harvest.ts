import { predictionBand, type AnalogueForecast, type Band } from './analogue-forecast';

/** A time with its range. */
export interface TimedBand extends Band {
	time: number;
	timeLow: number;
	timeHigh: number;
}

/** When to harvest, with its range, and why. */
export interface HarvestAdvice {
	/**
	 * `wait`: the forecast titer still grows, harvest at `time`; `harvest_now`: it grows no more;
	 * `past_peak`: the corrected titer is already falling; `no_forecast`: the batch is beyond the
	 * reference and not falling, so no time can be given.
	 */
	status: 'wait' | 'harvest_now' | 'past_peak' | 'no_forecast';
	/** Recommended harvest time, never earlier than now (null with `no_forecast`). */
	time: number | null;
	low: number | null;
	high: number | null;
	message: string;
}

export interface TiterOutlook {
	/** Titer at the end of the batch, if it runs like its analogues. */
	final: TimedBand | null;
	/** Highest titer of the batch: reached so far or forecast. */
	peak: TimedBand & { passed: boolean };
	harvest: HarvestAdvice;
}

export interface OutlookInput {
	now: number;
	/** Corrected titer now and its standard deviation. */
	current: number;
	currentSd: number;
	/** The highest corrected titer so far and when. */
	best: { time: number; value: number };
	forecast: AnalogueForecast | null;
	/** Variance of the level the forecast is anchored to. */
	anchorVariance: number;
	level: number;
	/** A titer within this share of its forecast maximum has stopped growing (default 0.01). */
	plateau?: number;
	/** Smallest fall from the peak, as a share of it, taken as falling (default 0.02). */
	minDrop?: number;
	/** z of the band level. */
	z: number;
}

/** Earliest index from which a series stays within `share` of its maximum from there on. */
export function plateauIndex(values: ArrayLike<number>, share: number): number {
	let max = -Infinity;
	for (let i = 0; i < values.length; i++) if (values[i] > max) max = values[i];
	const bar = max - share * Math.abs(max);
	for (let i = 0; i < values.length; i++) if (values[i] >= bar) return i;
	return 0;
}

const fmt = (x: number) => Number(x.toPrecision(4));

function lastFinite(p: Float64Array): number {
	let i = p.length - 1;
	while (i > 0 && !Number.isFinite(p[i])) i--;
	return i;
}

/**
 * The final titer, the peak and the harvest advice from the corrected history and the analogue
 * forecast. Falling is decided on the corrected titer itself: a fall from the best value so far of
 * more than z·√2·sd (two values each of standard deviation sd; and at least `minDrop` of the
 * peak) is past the peak, whatever the analogues say, since the product is being lost now. Else
 * the recommended time is where the mean forecast reaches within `plateau` of its maximum
 * (harvesting later gains less than that share), its range the same time on each analogue's path.
 *
 * @example
 * const o = titerOutlook({ now: 150, current: 13.4, currentSd: 0.5, best: { time: 120, value: 15.1 }, forecast, anchorVariance: 0.2, level: 0.9, z: 1.645 });
 * o.harvest.status; // 'past_peak'
 */
export function titerOutlook(i: OutlookInput): TiterOutlook {
	const plateau = i.plateau ?? 0.01;
	const f = i.forecast;
	const drop = i.best.value - i.current;
	const falling =
		drop > Math.max(i.z * Math.SQRT2 * i.currentSd, (i.minDrop ?? 0.02) * Math.abs(i.best.value));
	let final: TimedBand | null = null;
	let peak: TiterOutlook['peak'] = {
		value: i.best.value,
		low: i.best.value - i.z * i.currentSd,
		high: i.best.value + i.z * i.currentSd,
		time: i.best.time,
		timeLow: i.best.time,
		timeHigh: i.best.time,
		passed: falling
	};
	if (f) {
		const ends = f.paths.map(lastFinite);
		const finals = f.paths.map((p, a) => p[ends[a]]);
		const endTimes = ends.map((e) => f.curve.time[e]);
		final = {
			...predictionBand(finals, i.anchorVariance, i.level),
			time: endTimes.reduce((s, t) => s + t, 0) / endTimes.length,
			timeLow: Math.min(...endTimes),
			timeHigh: Math.max(...endTimes)
		};
		if (!falling) {
			const peaks = f.paths.map((p) => {
				let best = { value: i.best.value, time: i.best.time };
				for (let k = 0; k < p.length; k++)
					if (p[k] > best.value) best = { value: p[k], time: f.curve.time[k] };
				return best;
			});
			const times = peaks.map((p) => p.time).sort((a, b) => a - b);
			peak = {
				...predictionBand(
					peaks.map((p) => p.value),
					i.anchorVariance,
					i.level
				),
				time: times[Math.floor(times.length / 2)],
				timeLow: times[0],
				timeHigh: times[times.length - 1],
				passed: false
			};
		}
	}
	return { final, peak, harvest: advise(i, f, falling, plateau) };
}

function advise(
	i: OutlookInput,
	f: AnalogueForecast | null,
	falling: boolean,
	plateau: number
): HarvestAdvice {
	if (falling)
		return {
			status: 'past_peak',
			time: i.now,
			low: i.now,
			high: i.now,
			message: `already past the peak: the corrected titer fell from ${fmt(i.best.value)} at ${fmt(i.best.time)} to ${fmt(i.current)} now; harvest now`
		};
	if (!f)
		return {
			status: 'no_forecast',
			time: null,
			low: null,
			high: null,
			message:
				'beyond the reference (no reference batch ran this long): no forecast; harvest when the corrected titer stops rising'
		};
	const at = plateauIndex(f.curve.mean, plateau);
	const each = f.paths.map(
		(p) => f.curve.time[plateauIndex(p.slice(0, lastFinite(p) + 1), plateau)]
	);
	const time = f.curve.time[at];
	const top = f.curve.mean[plateauIndex(f.curve.mean, 0)];
	return {
		status: at === 0 ? 'harvest_now' : 'wait',
		time,
		low: Math.min(time, ...each),
		high: Math.max(time, ...each),
		message:
			at === 0
				? `harvest now: the forecast titer grows by less than ${plateau * 100} % from here`
				: `harvest at about ${fmt(time)} (${fmt(Math.min(time, ...each))}–${fmt(Math.max(time, ...each))}), when the forecast titer comes within ${plateau * 100} % of its peak of ${fmt(top)}`
	};
}
