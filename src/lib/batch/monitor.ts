import type { BatchReference } from '../contracts/batch-reference';
import { contributions, type Contribution } from './contributions';
import { BatchInputError } from './errors';
import { at, atVariable, gridPosition, prepareReference, type PreparedReference } from './prepared';
import { SIGNALS, SignalState, type SignalName, type SignalValues } from './signals';

/** What one scored row gets (docs/batch-operators.md). */
export interface BatchRowResult {
	time: number;
	/** `ok`, or why the row has no statistics: before/after the reference's batch times, or too few values. */
	status: 'ok' | 'before_reference' | 'beyond_reference' | 'missing';
	t2: number | null;
	spe: number | null;
	/** Limits at this batch time, one per reference level (e.g. 95 % and 99 %). */
	t2Limits: number[];
	speLimits: number[];
	/** Indices (into the reference's variables) of the variables outside their band. */
	outside: number[];
	/** Consecutive rows so far past the alarm limit, per statistic. */
	run: { t2: number; spe: number };
	/** The run rule of a signal holds at this row. */
	alarm: boolean;
	/** Per signal, the largest variable's score over its limit (> 1: past the limit); 0 when not scored. */
	signals: SignalValues;
	/** The signal whose run rule holds at this row (the first in the order recipe, flatline, change, level). */
	fired: SignalName | null;
}

/** The end-of-batch verdict, also available at any time for the rows so far. */
export interface BatchSummary {
	batch: string;
	rows: number;
	monitoredRows: number;
	start: number | null;
	end: number | null;
	alarm: boolean;
	firstAlarmTime: number | null;
	/** Signal whose run rule raised the first alarm ('t2' and 'spe' only in references without signals). */
	alarmStatistic: SignalName | 't2' | 'spe' | null;
	/** Ranked contributions at the first alarm (by the signal that fired), or at the row with the largest signal. */
	contributions: Contribution[];
	contributionsTime: number | null;
	/** Largest statistic over its alarm-level limit, and where. */
	peak: { time: number; t2Ratio: number; speRatio: number } | null;
	/** Share of monitored rows past the alarm-level limit. */
	above: { t2: number; spe: number };
	/** Rows after the reference's last batch time (not monitored). */
	beyondReference: number;
	verdict: 'normal' | 'abnormal' | 'not_monitored';
}

/**
 * Streaming monitor of one running batch against a frozen reference. `push` scores a row in
 * O(J·A) (J variables, A components): scaled deviation z = (x − centre(t))/scale(t) with the
 * reference interpolated at the row's batch time, T² and SPE (pca.ts), their limits at that time,
 * the variables outside their band, and the run rule of the reference (alarm after `points`
 * consecutive rows past the alarm-level limit of T² or SPE). Missing values count as on the
 * reference trajectory (z = 0); a row with fewer than half of its variables is not scored.
 *
 * @example
 * const m = new BatchMonitor(ref, 'batch 11');
 * for (const row of rows) m.push(row.time, row.values);
 * m.summary().verdict; // 'normal' | 'abnormal'
 */
export class BatchMonitor {
	readonly batch: string;
	private readonly p: PreparedReference;
	private readonly z: Float64Array;
	private readonly scores: Float64Array;
	private readonly zRows: Float64Array[] = [];
	private readonly rawRows: Float64Array[] = [];
	private readonly scoreRows: Float64Array[] = [];
	private readonly results: BatchRowResult[] = [];
	private readonly state: SignalState;
	private runT2 = 0;
	private runSpe = 0;
	private firstAlarm: { index: number; statistic: SignalName } | null = null;
	private lastTime = -Infinity;
	private lastScored = Number.NaN;

	constructor(reference: BatchReference | PreparedReference, batch: string) {
		this.p =
			'centre' in reference && reference.centre instanceof Float64Array
				? (reference as PreparedReference)
				: prepareReference(reference as BatchReference);
		this.batch = batch;
		this.z = new Float64Array(this.p.J);
		this.scores = new Float64Array(this.p.A);
		this.state = new SignalState(this.p);
	}

	/** The scored rows so far. */
	get rows(): readonly BatchRowResult[] {
		return this.results;
	}

	/**
	 * Scores the next row. `values` are in the order of the reference's `variables`.
	 *
	 * @throws BatchInputError `time_order` when the time does not increase, `variable_mismatch` on a wrong row length.
	 */
	push(time: number, values: ArrayLike<number>): BatchRowResult {
		const { J, A, ref } = this.p;
		if (values.length !== J)
			throw new BatchInputError(
				'variable_mismatch',
				`batch ${this.batch}: a row has ${values.length} values, the reference monitors ${J} variables`,
				{ batch: this.batch }
			);
		if (!Number.isFinite(time) || time <= this.lastTime)
			throw new BatchInputError(
				'time_order',
				`batch ${this.batch}: time ${time} in column '${ref.time_column}' does not come after ${this.lastTime}`,
				{ batch: this.batch, column: ref.time_column }
			);
		this.lastTime = time;
		const pos = gridPosition(ref.grid, time);
		const levels = ref.limits.levels.length;
		const empty = (status: BatchRowResult['status']): BatchRowResult => {
			this.runT2 = 0;
			this.runSpe = 0;
			this.state.breakRuns();
			const r: BatchRowResult = {
				time,
				status,
				t2: null,
				spe: null,
				t2Limits: [],
				speLimits: [],
				outside: [],
				run: { t2: 0, spe: 0 },
				alarm: false,
				signals: { level: 0, change: 0, recipe: 0, flatline: 0 },
				fired: null
			};
			this.results.push(r);
			this.zRows.push(new Float64Array(0));
			this.scoreRows.push(new Float64Array(0));
			this.rawRows.push(Float64Array.from(values));
			return r;
		};
		if (pos === 'before') return empty('before_reference');
		if (pos === 'beyond') return empty('beyond_reference');
		const { k, w } = pos;
		const factor = ref.band.factor;
		const outside: number[] = [];
		let present = 0;
		for (let j = 0; j < J; j++) {
			const x = values[j];
			if (!Number.isFinite(x)) {
				this.z[j] = 0;
				continue;
			}
			present++;
			const c = atVariable(this.p.centre, k, w, J, j);
			this.z[j] = (x - c) / atVariable(this.p.scale, k, w, J, j);
			if (this.p.recipe[j] ? false : Math.abs(this.z[j]) > factor) outside.push(j);
		}
		if (present < Math.ceil(J / 2)) return empty('missing');
		let t2 = 0;
		let tt = 0;
		let zz = 0;
		for (let j = 0; j < J; j++) zz += this.z[j] * this.z[j];
		for (let a = 0; a < A; a++) {
			let t = 0;
			for (let j = 0; j < J; j++) t += this.p.loadings[j * A + a] * this.z[j];
			this.scores[a] = t;
			t2 += (t * t) / this.p.eigenvalues[a];
			tt += t * t;
		}
		const spe = Math.max(0, zz - tt);
		const t2Limits: number[] = [];
		const speLimits: number[] = [];
		for (let l = 0; l < levels; l++) {
			t2Limits.push(at(this.p.t2Limits[l], k, w));
			speLimits.push(at(this.p.speLimits[l], k, w));
		}
		const a = this.p.alarmLevel;
		this.runT2 = t2 > t2Limits[a] ? this.runT2 + 1 : 0;
		this.runSpe = spe > speLimits[a] ? this.runSpe + 1 : 0;
		const scoreRow = new Float64Array(4 * J);
		const dt = Number.isFinite(this.lastScored) ? time - this.lastScored : 0;
		this.lastScored = time;
		const { values: signals, fired } = this.state.push(k, w, values, dt, scoreRow);
		for (let j = 0; j < J; j++) if (this.p.recipe[j] && scoreRow[2 * J + j] > 1) outside.push(j);
		const alarm = fired !== null;
		const index = this.results.length;
		if (fired && !this.firstAlarm) this.firstAlarm = { index, statistic: fired };
		const r: BatchRowResult = {
			time,
			status: 'ok',
			t2,
			spe,
			t2Limits,
			speLimits,
			outside,
			run: { t2: this.runT2, spe: this.runSpe },
			alarm,
			signals,
			fired
		};
		this.results.push(r);
		this.scoreRows.push(scoreRow);
		this.zRows.push(Float64Array.from(this.z));
		this.rawRows.push(Float64Array.from(values));
		return r;
	}

	/**
	 * Ranked contributions of the variables at row `index` (largest first), or [] for a row
	 * without statistics. They are ranked by the signal that fired at that row, or else by the
	 * signal furthest past (or nearest to) its limit there, so the variable that changed ranks first
	 * (Westerhuis et al. 2000 take contributions from the statistic that signalled).
	 *
	 * @example
	 * monitor.contributionsAt(monitor.rows.length - 1)[0].variable;
	 */
	contributionsAt(index: number): Contribution[] {
		const r = this.results[index];
		if (!r || r.status !== 'ok') return [];
		const pos = gridPosition(this.p.ref.grid, r.time);
		if (typeof pos === 'string') return [];
		const { J } = this.p;
		const centre = new Float64Array(J);
		const scale = new Float64Array(J);
		for (let j = 0; j < J; j++) {
			centre[j] = atVariable(this.p.centre, pos.k, pos.w, J, j);
			scale[j] = atVariable(this.p.scale, pos.k, pos.w, J, j);
		}
		const a = this.p.alarmLevel;
		let by: SignalName = r.fired ?? 'level';
		if (!r.fired) for (const s of SIGNALS) if (r.signals[s] > r.signals[by]) by = s;
		return contributions(
			this.p,
			this.zRows[index],
			this.rawRows[index],
			centre,
			scale,
			r.t2Limits[a],
			r.speLimits[a],
			{ scores: this.scoreRows[index], by }
		);
	}

	/**
	 * The verdict for the rows so far (the end-of-batch verdict once the batch has ended).
	 *
	 * @example
	 * const { alarm, firstAlarmTime, contributions } = monitor.summary();
	 */
	summary(): BatchSummary {
		const a = this.p.alarmLevel;
		let monitored = 0;
		let beyond = 0;
		let aboveT2 = 0;
		let aboveSpe = 0;
		let peak: BatchSummary['peak'] = null;
		let peakIndex = -1;
		let peakPhi = -Infinity;
		let peakSignal = -Infinity;
		this.results.forEach((r, i) => {
			if (r.status === 'beyond_reference') beyond++;
			if (r.status !== 'ok' || r.t2 === null || r.spe === null) return;
			monitored++;
			const t2Ratio = r.t2 / r.t2Limits[a];
			const speRatio = r.spe / r.speLimits[a];
			if (t2Ratio > 1) aboveT2++;
			if (speRatio > 1) aboveSpe++;
			if (t2Ratio + speRatio > peakPhi) {
				peakPhi = t2Ratio + speRatio;
				peak = { time: r.time, t2Ratio, speRatio };
			}
			const largest = Math.max(...SIGNALS.map((s) => r.signals[s]));
			if (largest > peakSignal) {
				peakSignal = largest;
				peakIndex = i;
			}
		});
		const shown = this.firstAlarm ? this.firstAlarm.index : peakIndex;
		return {
			batch: this.batch,
			rows: this.results.length,
			monitoredRows: monitored,
			start: this.results.length ? this.results[0].time : null,
			end: this.results.length ? this.results[this.results.length - 1].time : null,
			alarm: this.firstAlarm !== null,
			firstAlarmTime: this.firstAlarm ? this.results[this.firstAlarm.index].time : null,
			alarmStatistic: this.firstAlarm?.statistic ?? null,
			contributions: shown >= 0 ? this.contributionsAt(shown) : [],
			contributionsTime: shown >= 0 ? this.results[shown].time : null,
			peak,
			above: {
				t2: monitored ? aboveT2 / monitored : 0,
				spe: monitored ? aboveSpe / monitored : 0
			},
			beyondReference: beyond,
			verdict: monitored === 0 ? 'not_monitored' : this.firstAlarm ? 'abnormal' : 'normal'
		};
	}
}
