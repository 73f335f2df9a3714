/**
 * The change filter: the difference of a fast and a slow exponentially weighted moving average
 * of a batch's deviation from the reference centre, `c_t = f_t − s_t` with
 * `f_t = f_{t−1} + λ_f (d_t − f_{t−1})`, `s_t = s_{t−1} + λ_s (d_t − s_{t−1})` and
 * `λ = 1 − exp(−Δt/τ)` for the time Δt since the previous row (so irregular rows are weighted
 * by time, not by count). The slow average is the batch's own recent deviation: a batch that
 * runs persistently above the reference (a slow, batch-level offset) has c ≈ 0, while a step,
 * bias or fast ramp appears in c at once and stays there for about τ_s. This is the EWMA of
 * Roberts (1959, Technometrics 1:239–250) and Lowry et al. (1992, Technometrics 34:46–53) applied
 * to the deviation from the batch's own slow EWMA, the "dynamic" alternative to fixed-centre
 * monitoring for few-batch references discussed by Camacho & Picó (2006, J. Process Control
 * 16:1021–1035) and Ramaker et al. (2005, Chemom. Intell. Lab. Syst. 78:125–134).
 *
 * The deviations first pass a running median of three rows (Tukey 1977, "Exploratory Data
 * Analysis", ch. 7): a single-row spike (a simulator or transmitter glitch) is removed, while a
 * step passes one row later.
 */
export interface ChangeTimes {
	/** Time constant of the fast average (time unit). */
	fast: number;
	/** Time constant of the slow average (time unit). */
	slow: number;
}

/** Default time constants (hours): chosen by leave-one-batch-out on normal batches only. */
export const DEFAULT_CHANGE_TIMES: ChangeTimes = { fast: 0.6, slow: 10 };

/**
 * Streaming change filter of J deviations. `update` takes the deviations of one row and the time
 * since the previous row, and writes c into `out`; a NaN deviation leaves its averages unchanged
 * and gives c = NaN.
 *
 * @example
 * const f = new ChangeFilter(2, DEFAULT_CHANGE_TIMES);
 * f.update(Float64Array.of(0, 1), 0.2, out);
 */
export class ChangeFilter {
	private readonly f: Float64Array;
	private readonly s: Float64Array;
	private readonly seen: Uint8Array;
	private readonly prev1: Float64Array;
	private readonly prev2: Float64Array;
	constructor(
		readonly J: number,
		private readonly times: ChangeTimes
	) {
		this.f = new Float64Array(J);
		this.s = new Float64Array(J);
		this.seen = new Uint8Array(J);
		this.prev1 = new Float64Array(J).fill(Number.NaN);
		this.prev2 = new Float64Array(J).fill(Number.NaN);
	}

	update(d: ArrayLike<number>, dt: number, out: Float64Array): void {
		const lf = 1 - Math.exp(-Math.max(0, dt) / this.times.fast);
		const ls = 1 - Math.exp(-Math.max(0, dt) / this.times.slow);
		for (let j = 0; j < this.J; j++) {
			const raw = d[j];
			if (!Number.isFinite(raw)) {
				out[j] = Number.NaN;
				continue;
			}
			const a = this.prev1[j];
			const b = this.prev2[j];
			this.prev2[j] = a;
			this.prev1[j] = raw;
			const x = Number.isFinite(a) && Number.isFinite(b) ? median3(raw, a, b) : raw;
			if (!this.seen[j]) {
				this.f[j] = x;
				this.s[j] = x;
				this.seen[j] = 1;
			} else {
				this.f[j] += lf * (x - this.f[j]);
				this.s[j] += ls * (x - this.s[j]);
			}
			out[j] = this.f[j] - this.s[j];
		}
	}
}

/**
 * The change filter over one series on a grid of step `step` (NaN values are skipped).
 *
 * @example
 * changeSeries(Float64Array.of(0, 0, 0, 1, 1), 0.2, DEFAULT_CHANGE_TIMES); // 0, 0, 0, 0, 0.27…
 */
export function changeSeries(d: Float64Array, step: number, times: ChangeTimes): Float64Array {
	const filter = new ChangeFilter(1, times);
	const out = new Float64Array(d.length);
	const one = new Float64Array(1);
	const c = new Float64Array(1);
	let last = Number.NaN;
	for (let k = 0; k < d.length; k++) {
		one[0] = d[k];
		filter.update(one, Number.isFinite(last) ? (k - last) * step : 0, c);
		out[k] = c[0];
		if (Number.isFinite(d[k])) last = k;
	}
	return out;
}

function median3(a: number, b: number, c: number): number {
	return Math.max(Math.min(a, b), Math.min(Math.max(a, b), c));
}
