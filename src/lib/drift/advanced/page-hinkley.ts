import { DriftInputError } from '../types';
import type { StreamingUpdate } from './streaming-update';
import { checkNonNegative, checkPositive } from './streaming-update';

/**
 * Page-Hinkley test for a change in the mean of a stream.
 *
 * Method (Page 1954; Hinkley 1971; the variant of river's `drift.PageHinkley`): with x̄_t the running
 * mean of the stream since the last reset,
 *
 *   m⁺_t = α·m⁺_{t−1} + (x_t − x̄_t − δ),  M⁺_t = min_{0≤s≤t} m⁺_s (m⁺_0 = 0),  PH⁺_t = m⁺_t − M⁺_t   (increase)
 *   m⁻_t = α·m⁻_{t−1} + (x_t − x̄_t + δ),  M⁻_t = max_{0≤s≤t} m⁻_s (m⁻_0 = 0),  PH⁻_t = M⁻_t − m⁻_t   (decrease)
 *
 * and a drift is signalled when, after `minInstances` observations, PH⁺_t > λ (mode `up` or `both`)
 * or PH⁻_t > λ (mode `down` or `both`). After a drift the detector starts afresh.
 *
 * Defaults are river's: δ = 0.005, λ = 50, α = 1 − 0.0001, minInstances = 30, mode `both`.
 * λ is in the units of the stream (summed deviations), so scale the stream or λ to your data.
 *
 * Non-finite values (NaN, ±Infinity) are ignored: they are counted in `ignored` and never drift.
 *
 * Reference: E. S. Page, "Continuous inspection schemes", Biometrika 41 (1954) 100–115;
 * river.drift.PageHinkley (https://riverml.xyz/latest/api/drift/PageHinkley/).
 */
export interface PageHinkleyOptions {
	/** Magnitude of changes tolerated (δ). */
	delta?: number;
	/** Detection threshold (λ), in summed units of the stream. */
	threshold?: number;
	/** Forgetting factor (α) applied to the cumulative sums. */
	alpha?: number;
	/** Observations needed before a drift may be signalled. */
	minInstances?: number;
	/** Which direction of change to detect. */
	mode?: 'up' | 'down' | 'both';
}

export interface PageHinkleyState {
	kind: 'page-hinkley';
	options: Required<PageHinkleyOptions>;
	n: number;
	mean: number;
	sumUp: number;
	minUp: number;
	sumDown: number;
	maxDown: number;
	seen: number;
	ignored: number;
	drifts: number;
}

const PH_DEFAULTS: Required<PageHinkleyOptions> = {
	delta: 0.005,
	threshold: 50,
	alpha: 1 - 0.0001,
	minInstances: 30,
	mode: 'both'
};

/**
 * Incremental Page-Hinkley change detector with JSON-serializable state.
 *
 * @example
 * const ph = new PageHinkley({ threshold: 20 });
 * for (const x of stream) if (ph.update(x).drift) console.log('mean changed');
 * const saved = JSON.stringify(ph.toJSON());
 * const resumed = PageHinkley.fromJSON(JSON.parse(saved));
 */
export class PageHinkley {
	private s: PageHinkleyState;

	constructor(options: PageHinkleyOptions = {}) {
		const o = { ...PH_DEFAULTS, ...options };
		checkNonNegative('delta', o.delta);
		checkPositive('threshold', o.threshold);
		if (!(o.alpha > 0 && o.alpha <= 1))
			throw new DriftInputError('invalid_option', `alpha must be in (0, 1], got ${o.alpha}`);
		if (!Number.isInteger(o.minInstances) || o.minInstances < 1) {
			throw new DriftInputError(
				'invalid_option',
				`minInstances must be a positive integer, got ${o.minInstances}`
			);
		}
		if (!['up', 'down', 'both'].includes(o.mode)) {
			throw new DriftInputError(
				'invalid_option',
				`mode must be 'up', 'down' or 'both', got ${String(o.mode)}`
			);
		}
		this.s = {
			kind: 'page-hinkley',
			options: o,
			n: 0,
			mean: 0,
			sumUp: 0,
			minUp: 0,
			sumDown: 0,
			maxDown: 0,
			seen: 0,
			ignored: 0,
			drifts: 0
		};
	}

	private restart(): void {
		Object.assign(this.s, {
			n: 0,
			mean: 0,
			sumUp: 0,
			minUp: 0,
			sumDown: 0,
			maxDown: 0
		});
	}

	/**
	 * Adds one observation.
	 *
	 * @example
	 * new PageHinkley().update(0.3); // { drift: false, n: 1, ... }
	 */
	update(x: number): StreamingUpdate {
		const s = this.s;
		const o = s.options;
		s.seen++;
		if (!Number.isFinite(x)) {
			s.ignored++;
			return {
				drift: false,
				n: s.n,
				statistic: this.statistic(),
				threshold: o.threshold,
				drifts: s.drifts
			};
		}
		s.n++;
		s.mean += (x - s.mean) / s.n;
		s.sumUp = o.alpha * s.sumUp + (x - s.mean - o.delta);
		s.minUp = Math.min(s.minUp, s.sumUp);
		s.sumDown = o.alpha * s.sumDown + (x - s.mean + o.delta);
		s.maxDown = Math.max(s.maxDown, s.sumDown);
		const statistic = this.statistic();
		const drift = s.n >= o.minInstances && statistic > o.threshold;
		const n = s.n;
		if (drift) {
			s.drifts++;
			this.restart();
		}
		return { drift, n, statistic, threshold: o.threshold, drifts: s.drifts };
	}

	private statistic(): number {
		const s = this.s;
		const up = s.n === 0 ? 0 : s.sumUp - s.minUp;
		const down = s.n === 0 ? 0 : s.maxDown - s.sumDown;
		if (s.options.mode === 'up') return up;
		if (s.options.mode === 'down') return down;
		return Math.max(up, down);
	}

	/**
	 * Plain-data snapshot of the detector (JSON-safe: finite numbers only).
	 *
	 * @example
	 * const json = JSON.stringify(new PageHinkley().toJSON());
	 */
	toJSON(): PageHinkleyState {
		return structuredClone(this.s);
	}

	/**
	 * Restores a detector saved with `toJSON()` (after a JSON round trip too).
	 *
	 * @example
	 * const ph = PageHinkley.fromJSON(JSON.parse(text));
	 */
	static fromJSON(state: PageHinkleyState): PageHinkley {
		if (state?.kind !== 'page-hinkley') {
			throw new DriftInputError(
				'invalid_option',
				`not a Page-Hinkley state (kind: ${String(state?.kind)})`
			);
		}
		const ph = new PageHinkley(state.options);
		ph.s = structuredClone(state);
		return ph;
	}
}
