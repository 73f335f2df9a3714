import { ChangeFilter } from './change';
import { atBound } from './flatline';
import { atVariable, type PreparedReference } from './prepared';
import { scheduleExcess } from './recipe';

/** The four alarm signals, in the order their scores are kept. */
export const SIGNALS = ['level', 'change', 'recipe', 'flatline'] as const;
export type SignalName = (typeof SIGNALS)[number];

/** Per signal, the largest per-variable score over its limit (> 1: past the limit). */
export type SignalValues = Record<SignalName, number>;

/**
 * The streaming state of the four signals of one batch (docs/batch-engineering.md):
 * - level: |x − centre|/scale over the variable's predictive limit (process variables);
 * - change: the change filter of the deviation (change.ts) over its scale and limit;
 * - recipe: the distance outside the schedule, in tolerances (recipe variables);
 * - flatline: the run of identical values at an interior value over its longest normal run.
 * Each row writes the per-variable scores (already divided by their limits, so 1 is the limit)
 * into `scores` (4·J, signal-major) and updates the run counters; the alarm holds when a signal
 * has been past its limit for its run rule's number of consecutive rows (the flatline's run is
 * its own rule).
 *
 * @example
 * const s = new SignalState(prepared);
 * const { values, alarm } = s.push(k, w, row, dt, scores);
 */
export class SignalState {
	private readonly filter: ChangeFilter;
	private readonly dev: Float64Array;
	private readonly change: Float64Array;
	private readonly last: Float64Array;
	private readonly flatRun: Int32Array;
	readonly runs: Record<SignalName, number> = { level: 0, change: 0, recipe: 0, flatline: 0 };

	constructor(private readonly p: PreparedReference) {
		const { J, ref } = p;
		this.filter = new ChangeFilter(J, {
			fast: ref.signals.change.fast,
			slow: ref.signals.change.slow
		});
		this.dev = new Float64Array(J);
		this.change = new Float64Array(J);
		this.last = new Float64Array(J).fill(Number.NaN);
		this.flatRun = new Int32Array(J);
	}

	/** Resets the run counters (a row that cannot be scored breaks every run). */
	breakRuns(): void {
		for (const s of SIGNALS) this.runs[s] = 0;
	}

	push(
		k: number,
		w: number,
		x: ArrayLike<number>,
		dt: number,
		scores: Float64Array
	): { values: SignalValues; fired: SignalName | null } {
		const p = this.p;
		const { J } = p;
		for (let j = 0; j < J; j++)
			this.dev[j] = Number.isFinite(x[j]) ? x[j] - atVariable(p.centre, k, w, J, j) : Number.NaN;
		this.filter.update(this.dev, dt, this.change);
		const values: SignalValues = { level: 0, change: 0, recipe: 0, flatline: 0 };
		scores.fill(0);
		for (let j = 0; j < J; j++) {
			const v = x[j];
			if (!Number.isFinite(v)) {
				this.flatRun[j] = 0;
				this.last[j] = Number.NaN;
				continue;
			}
			if (p.recipe[j]) {
				const r = scheduleExcess(v, p.centre, k, w, J, j, p.tolerance[j]);
				scores[2 * J + j] = r;
				if (r > values.recipe) values.recipe = r;
				continue;
			}
			const level = Math.abs(this.dev[j]) / atVariable(p.scale, k, w, J, j) / p.levelLimits[j];
			// An intermittent actuator's bursts are shown, not ranked: they are the controller at work.
			const counted = !p.intermittent[j];
			if (counted) scores[j] = level;
			if (counted && level > values.level) values.level = level;
			const c = this.change[j];
			if (Number.isFinite(c)) {
				const ch = Math.abs(c) / atVariable(p.changeScale, k, w, J, j) / p.changeLimits[j];
				if (counted) scores[J + j] = ch;
				if (counted && ch > values.change) values.change = ch;
			}
			this.flatRun[j] =
				v === this.last[j] && !atBound(v, p.flatLow[j], p.flatHigh[j]) ? this.flatRun[j] + 1 : 0;
			this.last[j] = v;
			// The run counts repeats; the value has been the same for flatRun + 1 rows.
			const f = (this.flatRun[j] + 1) / p.maxRun[j];
			if (this.flatRun[j] > 0) scores[3 * J + j] = f;
			if (this.flatRun[j] > 0 && f > values.flatline) values.flatline = f;
		}
		const rules = p.ref.signals;
		this.runs.level = values.level > 1 ? this.runs.level + 1 : 0;
		this.runs.change = values.change > 1 ? this.runs.change + 1 : 0;
		this.runs.recipe = values.recipe > 1 ? this.runs.recipe + 1 : 0;
		this.runs.flatline = values.flatline > 1 ? this.runs.flatline + 1 : 0;
		const fired: SignalName | null =
			this.runs.recipe >= rules.recipe.points
				? 'recipe'
				: this.runs.flatline >= 1
					? 'flatline'
					: this.runs.change >= rules.change.points
						? 'change'
						: this.runs.level >= rules.level.points
							? 'level'
							: null;
		return { values, fired };
	}
}
