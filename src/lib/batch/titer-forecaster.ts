import { normalQuantile } from '../drift/special/quantiles';
import {
	analogueForecast,
	type Analogue,
	type AnalogueForecast,
	type AnalogueOptions,
	type Band
} from './analogue-forecast';
import { AssayCorrection, type AssayUpdate } from './assay-correction';
import { BatchInputError } from './errors';
import { titerOutlook, type HarvestAdvice, type TimedBand } from './harvest';
import { medianOf, type TiterReference } from './titer-reference';

export interface TiterForecasterOptions extends AnalogueOptions {
	/** A titer within this share of its forecast maximum has stopped growing (default 0.01). */
	plateau?: number;
	/** Smallest fall from the peak, as a share of it, taken as falling (default 0.02). */
	minDrop?: number;
	/** Innovation gate of the correction (default χ²₁ at 0.999). */
	gate?: number;
	/** Fading-memory factor of the correction per assay (default 0.8). */
	forgetting?: number;
}

/** An assay the correction could not use (yet). */
export interface AssayNotUsed {
	time: number;
	value: number;
	/** `pending`: its sample or result time is after the last row; `outside`: before the batch's first row or after its last; `ignored`: not usable (see reason). */
	status: 'pending' | 'outside' | 'ignored';
	reason: string;
}

export type AssayOutcome = AssayUpdate | AssayNotUsed;

/** Where the batch's titer is heading, as known after the rows and assays pushed so far. */
export interface TiterForecast {
	/** Batch time of the last row (null before the first). */
	time: number | null;
	rows: number;
	/** What the titer is (column or model), from the reference. */
	column: string;
	/** `assays`: corrected by at least one lab assay; `soft_sensor`: the soft sensor alone. */
	basis: 'assays' | 'soft_sensor';
	/** The soft sensor now (after the trailing median). */
	soft: number | null;
	/** Corrected titer now with its band (soft sensor + bias). */
	corrected: Band | null;
	/** The bias estimate now (null when the reference carries no assay statistics). */
	bias: { value: number; sd: number; used: number; outliers: number; shifts: number } | null;
	assays: AssayOutcome[];
	/** Corrected titer on the reference grid up to now (bias in hindsight). */
	history: { time: Float64Array; titer: Float64Array };
	/** Nearest reference batches and the forecast path with its band (null beyond the reference). */
	analogues: Analogue[];
	curve: AnalogueForecast['curve'] | null;
	final: TimedBand | null;
	peak: (TimedBand & { passed: boolean }) | null;
	harvest: HarvestAdvice | null;
	beyondReference: boolean;
	level: number;
	notes: string[];
}

/**
 * Incremental titer correction and forecast for one running batch: push the soft sensor's rows
 * and the lab assays as they arrive, ask for `forecast()` at any time. The soft sensor is smoothed
 * by a trailing median, corrected by a Kalman bias filter on the assays (AssayCorrection), matched
 * against the reference batches' titer trajectories (analogueForecast), and turned into the final
 * titer, the peak and the harvest advice (titerOutlook). See docs/batch-engineering.md.
 *
 * @example
 * const f = new TiterForecaster(titerReference(ref));
 * for (const row of rows) f.pushRow(row.time, row.softSensor);
 * f.pushAssay({ time: 120, value: 15.1 });
 * const { corrected, final, harvest } = f.forecast();
 * harvest?.message; // 'already past the peak: …; harvest now'
 */
export class TiterForecaster {
	private readonly time: number[] = [];
	private readonly smooth: number[] = [];
	private readonly raw: number[] = [];
	private readonly correction: AssayCorrection | null;
	private readonly outcomes: AssayOutcome[] = [];
	private pending: { time: number; value: number; due: number; index: number }[] = [];

	constructor(
		readonly reference: TiterReference,
		private readonly options: TiterForecasterOptions = {}
	) {
		this.correction = reference.noise
			? new AssayCorrection(reference.noise, { gate: options.gate, forgetting: options.forgetting })
			: null;
	}

	/**
	 * Adds one row: its batch time (strictly after the previous row's) and the soft sensor's titer
	 * (NaN when the sensor has no value; the row is kept, the median skips it).
	 *
	 * @throws BatchInputError `invalid_time` or `time_order`.
	 */
	pushRow(time: number, titer: number): void {
		if (!Number.isFinite(time))
			throw new BatchInputError(
				'invalid_time',
				`row ${this.time.length + 1}: batch time ${time} is not a number`
			);
		const last = this.time[this.time.length - 1];
		if (last !== undefined && time <= last)
			throw new BatchInputError(
				'time_order',
				`row ${this.time.length + 1}: batch time ${time} is not after the previous row's ${last}`
			);
		this.time.push(time);
		this.raw.push(titer);
		const w = this.reference.medianWindow;
		const buf: number[] = [];
		for (
			let r = this.time.length - 1;
			r >= 0 && (r === this.time.length - 1 || this.time[r] > time - w);
			r--
		)
			if (Number.isFinite(this.raw[r])) buf.push(this.raw[r]);
		this.smooth.push(medianOf(buf));
		this.release();
	}

	/**
	 * Adds one lab assay: its sample time and value, and when known the time its result came back
	 * (a result is used once the rows reach it, so a replayed batch sees it only then). The residual
	 * is taken against the soft sensor at the sample time, however late the result.
	 *
	 * @example
	 * forecaster.pushAssay({ time: 96, value: 11.2, resultTime: 100 });
	 */
	pushAssay(a: { time: number; value: number; resultTime?: number }): AssayOutcome {
		const index = this.outcomes.length;
		const notUsed = (status: AssayNotUsed['status'], reason: string): AssayNotUsed => {
			const o = { time: a.time, value: a.value, status, reason };
			this.outcomes[index] = o;
			return o;
		};
		if (!Number.isFinite(a.time) || !Number.isFinite(a.value))
			return notUsed('ignored', `assay time ${a.time} or value ${a.value} is not a number`);
		if (!this.correction)
			return notUsed(
				'ignored',
				'the reference carries no assay statistics (build it with --assay-column), so assays do not correct the titer'
			);
		if (a.resultTime !== undefined && !(a.resultTime >= a.time))
			return notUsed(
				'ignored',
				`its result time ${a.resultTime} is before its sample time ${a.time}`
			);
		if (this.time.length && a.time < this.time[0] - this.reference.grid.step)
			return notUsed(
				'outside',
				`sampled at ${a.time}, before the batch's first row at ${this.time[0]}`
			);
		this.pending.push({
			time: a.time,
			value: a.value,
			due: Math.max(a.time, a.resultTime ?? a.time),
			index
		});
		this.outcomes[index] = {
			time: a.time,
			value: a.value,
			status: 'pending',
			reason: 'waiting for the rows to reach its time'
		};
		this.release();
		return this.outcomes[index];
	}

	/** The batch has ended: assays still waiting for rows were taken after its last row. */
	finish(): AssayOutcome[] {
		const last = this.time[this.time.length - 1];
		for (const p of this.pending)
			this.outcomes[p.index] = {
				time: p.time,
				value: p.value,
				status: 'outside',
				reason: `sampled at ${p.time}, after the batch's last row at ${last ?? 'none'}`
			};
		this.pending = [];
		return [...this.outcomes];
	}

	private release(): void {
		const last = this.time[this.time.length - 1];
		if (last === undefined || !this.correction) return;
		const due = this.pending.filter((p) => p.due <= last).sort((x, y) => x.due - y.due);
		this.pending = this.pending.filter((p) => p.due > last);
		for (const p of due) {
			const soft = this.softAt(p.time);
			this.outcomes[p.index] = Number.isFinite(soft)
				? this.correction.update(p.time, p.value, soft)
				: {
						time: p.time,
						value: p.value,
						status: 'ignored',
						reason: `the soft sensor has no value at ${p.time}`
					};
		}
	}

	/** The smoothed soft sensor at a time, linear between rows (NaN outside them). */
	private softAt(t: number): number {
		const ts = this.time;
		if (ts.length === 0) return Number.NaN;
		if (t <= ts[0]) return t >= ts[0] - this.reference.grid.step ? this.smooth[0] : Number.NaN;
		let lo = 0;
		let hi = ts.length - 1;
		if (t >= ts[hi]) return t === ts[hi] ? this.smooth[hi] : Number.NaN;
		while (hi - lo > 1) {
			const mid = (lo + hi) >> 1;
			if (ts[mid] <= t) lo = mid;
			else hi = mid;
		}
		const w = (t - ts[lo]) / (ts[hi] - ts[lo]);
		return (1 - w) * this.smooth[lo] + w * this.smooth[hi];
	}

	/**
	 * The correction, the forecast, the peak and the harvest advice as of the last row.
	 *
	 * @example
	 * const f = forecaster.forecast();
	 * console.log(f.corrected?.value, f.final?.value, f.harvest?.message);
	 */
	forecast(): TiterForecast {
		const level = this.options.level ?? 0.9;
		const z = normalQuantile((1 + level) / 2);
		const { start, step, length: K } = this.reference.grid;
		const n = this.time.length;
		const c = this.correction;
		const used = c ? c.updates.filter((u) => u.status !== 'outlier').length : 0;
		const notes: string[] = [];
		const empty: TiterForecast = {
			time: n ? this.time[n - 1] : null,
			rows: n,
			column: this.reference.column,
			basis: used ? 'assays' : 'soft_sensor',
			soft: null,
			corrected: null,
			bias: null,
			assays: [...this.outcomes],
			history: { time: new Float64Array(0), titer: new Float64Array(0) },
			analogues: [],
			curve: null,
			final: null,
			peak: null,
			harvest: null,
			beyondReference: false,
			level,
			notes
		};
		const now = empty.time;
		const soft = n ? this.smooth[n - 1] : Number.NaN;
		if (now === null || !Number.isFinite(soft)) {
			notes.push(now === null ? 'no row yet' : `the soft sensor has no value at ${now}`);
			return empty;
		}
		const bias = c ? c.bias : 0;
		const biasVar = c ? c.varianceAt(now) : 0;
		const sd = Math.sqrt(biasVar + (c ? c.noise.measurementVariance : 0));
		if (!c)
			notes.push(
				"no assay correction: the reference carries no assay statistics; the band is the analogues' spread alone"
			);
		else if (!used)
			notes.push(
				"no lab assay yet: the titer is the soft sensor alone (its band uses the reference batches' assay residuals)"
			);
		const outliers = c ? c.updates.filter((u) => u.status === 'outlier') : [];
		for (const u of outliers)
			notes.push(
				`assay ${fmt(u.value)} at ${fmt(u.time)} left out: ${fmt(Math.abs(u.innovation))} standard deviations off the corrected soft sensor (a lone outlier)`
			);
		// Corrected history on the grid up to now.
		const kFirst = Math.max(0, Math.ceil((this.time[0] - start) / step - 1e-6));
		const kNowRaw = Math.floor((now - start) / step + 1e-6);
		const kNow = Math.min(K - 1, kNowRaw);
		const hist = new Float64Array(Math.max(0, kNow + 1)).fill(Number.NaN);
		for (let k = kFirst; k <= kNow; k++) {
			const t = start + k * step;
			const s = this.softAt(t);
			hist[k] = s + (c ? c.biasAt(t) : 0);
		}
		const current = soft + bias;
		hist[kNow] = kNowRaw === kNow && Number.isFinite(hist[kNow]) ? hist[kNow] : current;
		let best = { time: now, value: current };
		for (let k = kFirst; k <= kNow; k++)
			if (hist[k] > best.value) best = { time: start + k * step, value: hist[k] };
		const beyond = kNowRaw >= K - 1;
		const forecast = beyond
			? null
			: analogueForecast(this.reference, hist, kNow, biasVar, this.options);
		if (!forecast)
			notes.push(
				`the batch is beyond the reference: no reference batch's titer trajectory reaches ${fmt(now)} (the reference ends at ${fmt(start + (K - 1) * step)}), so there is no forecast`
			);
		const outlook = titerOutlook({
			now,
			current,
			currentSd: sd,
			best,
			forecast,
			anchorVariance: biasVar,
			level,
			plateau: this.options.plateau,
			minDrop: this.options.minDrop,
			z
		});
		if (
			outlook.harvest.status === 'past_peak' &&
			forecast &&
			Math.max(...forecast.curve.mean) > best.value
		)
			notes.push(
				`the nearest reference batches would rise again to ${fmt(Math.max(...forecast.curve.mean))}; none fell this early, so the fall now decides`
			);
		return {
			...empty,
			soft,
			corrected: { value: current, low: current - z * sd, high: current + z * sd },
			bias: c
				? {
						value: bias,
						sd: Math.sqrt(biasVar),
						used,
						outliers: outliers.length,
						shifts: c.updates.filter((u) => u.status === 'shift').length
					}
				: null,
			history: {
				time: Float64Array.from(
					{ length: kNow + 1 - kFirst },
					(_, i) => start + (kFirst + i) * step
				),
				titer: hist.slice(kFirst)
			},
			analogues: forecast?.analogues ?? [],
			curve: forecast?.curve ?? null,
			...outlook,
			beyondReference: !forecast,
			notes
		};
	}
}

const fmt = (x: number) => Number(x.toPrecision(4));
