import { DriftInputError } from '../types';
import type { StreamingUpdate } from './streaming-update';
import { checkInteger, checkPositive } from './streaming-update';

/**
 * ADWIN (ADaptive WINdowing), in its ADWIN2 form with an exponential histogram.
 *
 * Method (Bifet & Gavaldà 2007): keep a window W of recent values, compressed into buckets whose
 * sizes are powers of two (at most `maxBuckets` per size; two overflowing buckets of size 2^i merge
 * into one of size 2^{i+1}, so memory is O(M·log(W/M))). Every `clock` observations, for each split
 * of W at a bucket boundary into an older part W₀ (n₀ values, mean μ₀) and a newer part W₁ (n₁, μ₁)
 * with n₀, n₁ ≥ `minWindowLength`, the older part is dropped when
 *
 *   |μ₀ − μ₁| > ε_cut,  ε_cut = √(2·m·σ²_W·d) + (2/3)·d·m,
 *   m = 1/(n₀ − L + 1) + 1/(n₁ − L + 1),  d = ln(2·ln|W| / δ),  L = minWindowLength,
 *
 * (the variance-aware bound of MOA and river), repeating until no split qualifies. A drift is
 * signalled when the window shrank. Checks start once |W| > `gracePeriod`.
 *
 * Defaults are river's `drift.ADWIN`: δ = 0.002, clock = 32, maxBuckets = 5, minWindowLength = 5,
 * gracePeriod = 10. Smaller δ means fewer false alarms and longer delays.
 *
 * Non-finite values are ignored (counted in `ignored`).
 *
 * Reference: A. Bifet, R. Gavaldà, "Learning from time-changing data with adaptive windowing",
 * SIAM SDM 2007, doi:10.1137/1.9781611972771.42; river.drift.ADWIN.
 */
export interface AdwinOptions {
	/** Confidence (δ) of the cut test. */
	delta?: number;
	/** Check for a change every `clock` observations. */
	clock?: number;
	/** Buckets kept per size before two are merged (M). */
	maxBuckets?: number;
	/** Smallest sub-window on either side of a cut. */
	minWindowLength?: number;
	/** Observations before the first check. */
	gracePeriod?: number;
}

/** One row of the histogram: buckets of equal size 2^row, oldest first. */
interface BucketRow {
	totals: number[];
	variances: number[];
}

export interface AdwinState {
	kind: 'adwin';
	options: Required<AdwinOptions>;
	rows: BucketRow[];
	width: number;
	total: number;
	/** Sum of squared deviations from the window mean (n·σ²). */
	variance: number;
	tick: number;
	seen: number;
	ignored: number;
	drifts: number;
}

const ADWIN_DEFAULTS: Required<AdwinOptions> = {
	delta: 0.002,
	clock: 32,
	maxBuckets: 5,
	minWindowLength: 5,
	gracePeriod: 10
};

/**
 * Incremental ADWIN2 change detector with JSON-serializable state.
 *
 * @example
 * const adwin = new Adwin();
 * for (const err of errorStream) if (adwin.update(err).drift) console.log('error rate changed', adwin.mean);
 * const resumed = Adwin.fromJSON(JSON.parse(JSON.stringify(adwin.toJSON())));
 */
export class Adwin {
	private s: AdwinState;

	constructor(options: AdwinOptions = {}) {
		const o = { ...ADWIN_DEFAULTS, ...options };
		if (!(o.delta > 0 && o.delta < 1))
			throw new DriftInputError('invalid_option', `delta must be in (0, 1), got ${o.delta}`);
		checkInteger('clock', o.clock, 1);
		checkInteger('maxBuckets', o.maxBuckets, 2);
		checkInteger('minWindowLength', o.minWindowLength, 1);
		checkInteger('gracePeriod', o.gracePeriod, 0);
		checkPositive('delta', o.delta);
		this.s = {
			kind: 'adwin',
			options: o,
			rows: [],
			width: 0,
			total: 0,
			variance: 0,
			tick: 0,
			seen: 0,
			ignored: 0,
			drifts: 0
		};
	}

	/** Number of values in the current window. */
	get width(): number {
		return this.s.width;
	}

	/** Mean of the current window. */
	get mean(): number {
		return this.s.width === 0 ? NaN : this.s.total / this.s.width;
	}

	/**
	 * Adds one observation; `statistic` is the largest |μ₀ − μ₁| − ε_cut seen at the last check
	 * (positive means a cut was made), `threshold` is 0.
	 *
	 * @example
	 * new Adwin().update(1); // { drift: false, n: 1, ... }
	 */
	update(x: number): StreamingUpdate {
		const s = this.s;
		s.seen++;
		if (!Number.isFinite(x)) {
			s.ignored++;
			return { drift: false, n: s.width, statistic: NaN, threshold: 0, drifts: s.drifts };
		}
		this.insert(x);
		s.tick++;
		let drift = false;
		let statistic = NaN;
		if (s.tick % s.options.clock === 0 && s.width > s.options.gracePeriod) {
			const result = this.detect();
			drift = result.cut;
			statistic = result.margin;
		}
		if (drift) s.drifts++;
		return { drift, n: s.width, statistic, threshold: 0, drifts: s.drifts };
	}

	private insert(x: number): void {
		const s = this.s;
		if (s.rows.length === 0) s.rows.push({ totals: [], variances: [] });
		s.rows[0].totals.push(x);
		s.rows[0].variances.push(0);
		if (s.width > 0) {
			const mean = s.total / s.width;
			s.variance += (s.width * (x - mean) * (x - mean)) / (s.width + 1);
		}
		s.width++;
		s.total += x;
		this.compress();
	}

	private compress(): void {
		const rows = this.s.rows;
		for (let i = 0; i < rows.length; i++) {
			const row = rows[i];
			if (row.totals.length <= this.s.options.maxBuckets) break;
			const size = 2 ** i;
			const t1 = row.totals.shift()!;
			const v1 = row.variances.shift()!;
			const t2 = row.totals.shift()!;
			const v2 = row.variances.shift()!;
			const d = t1 / size - t2 / size;
			if (i + 1 === rows.length) rows.push({ totals: [], variances: [] });
			// Merged bucket is the newest of the next row: every bucket there is older than this row's.
			rows[i + 1].totals.push(t1 + t2);
			rows[i + 1].variances.push(v1 + v2 + (size * size * d * d) / (2 * size));
		}
	}

	private dropOldest(): void {
		const s = this.s;
		let r = s.rows.length - 1;
		while (r >= 0 && s.rows[r].totals.length === 0) r--;
		const size = 2 ** r;
		const t = s.rows[r].totals.shift()!;
		const v = s.rows[r].variances.shift()!;
		s.width -= size;
		s.total -= t;
		if (s.width === 0) {
			s.variance = 0;
		} else {
			const d = t / size - s.total / s.width;
			s.variance -= v + (size * s.width * d * d) / (size + s.width);
			if (s.variance < 0) s.variance = 0;
		}
		while (s.rows.length > 0 && s.rows[s.rows.length - 1].totals.length === 0) s.rows.pop();
	}

	private detect(): { cut: boolean; margin: number } {
		const s = this.s;
		const L = s.options.minWindowLength;
		let cut = false;
		let best = -Infinity;
		let again = true;
		while (again && s.width > 2 * L) {
			again = false;
			const n = s.width;
			const variance = s.variance / n;
			const d = Math.log((2 * Math.log(n)) / s.options.delta);
			let n0 = 0;
			let u0 = 0;
			// Walk bucket boundaries from the oldest bucket to the newest.
			outer: for (let r = s.rows.length - 1; r >= 0; r--) {
				const size = 2 ** r;
				const totals = s.rows[r].totals;
				for (let k = 0; k < totals.length; k++) {
					n0 += size;
					u0 += totals[k];
					const n1 = n - n0;
					if (n1 < L) break outer;
					if (n0 < L) continue;
					const diff = u0 / n0 - (s.total - u0) / n1;
					const m = 1 / (n0 - L + 1) + 1 / (n1 - L + 1);
					const eps = Math.sqrt(2 * m * variance * d) + (2 / 3) * d * m;
					const margin = Math.abs(diff) - eps;
					if (margin > best) best = margin;
					if (margin > 0) {
						cut = true;
						again = true;
						this.dropOldest();
						break outer;
					}
				}
			}
		}
		return { cut, margin: best };
	}

	/**
	 * Plain-data snapshot of the detector.
	 *
	 * @example
	 * localStorage.setItem('adwin', JSON.stringify(adwin.toJSON()));
	 */
	toJSON(): AdwinState {
		return structuredClone(this.s);
	}

	/**
	 * Restores a detector saved with `toJSON()`.
	 *
	 * @example
	 * const adwin = Adwin.fromJSON(JSON.parse(text));
	 */
	static fromJSON(state: AdwinState): Adwin {
		if (state?.kind !== 'adwin')
			throw new DriftInputError(
				'invalid_option',
				`not an ADWIN state (kind: ${String(state?.kind)})`
			);
		const adwin = new Adwin(state.options);
		adwin.s = structuredClone(state);
		return adwin;
	}
}
