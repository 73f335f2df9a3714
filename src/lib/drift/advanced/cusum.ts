import { DriftInputError } from '../types';
import type { StreamingUpdate } from './streaming-update';
import { checkInteger, checkNonNegative, checkPositive } from './streaming-update';

/**
 * Two-sided tabular CUSUM for a shift of the mean.
 *
 * Method (Page 1954; Montgomery, *Introduction to Statistical Quality Control*, §9.1): with target
 * mean μ₀ and standard deviation σ, standardized z_t = (x_t − μ₀)/σ,
 *
 *   C⁺_t = max(0, C⁺_{t−1} + z_t − k),   C⁻_t = max(0, C⁻_{t−1} − z_t − k),   C⁺_0 = C⁻_0 = 0,
 *
 * and a drift is signalled when C⁺_t > h or C⁻_t > h. k (the allowance) and h (the decision
 * interval) are in units of σ. The standard design k = 0.5, h = 5 detects a 1σ shift after about
 * 10 observations and gives an in-control average run length of about 465 observations per side
 * (Montgomery, Table 9.3). When μ₀ and σ are not given, they are estimated from the first
 * `warmup` observations (default 30) after each (re)start; a σ of 0 is replaced by 1e-12·max(1,|μ₀|)
 * so a constant stream alarms on its first change. After a drift the detector restarts.
 *
 * Non-finite values are ignored (counted in `ignored`).
 *
 * Reference: E. S. Page, "Continuous inspection schemes", Biometrika 41 (1954) 100–115;
 * D. C. Montgomery, Introduction to Statistical Quality Control, 7th ed., Wiley 2012, ch. 9.
 */
export interface CusumOptions {
	/** Allowance k, in σ (half the shift to detect quickly). */
	k?: number;
	/** Decision interval h, in σ. */
	h?: number;
	/** Observations used to estimate μ₀ and σ when they are not given. */
	warmup?: number;
	/** Known in-control mean; when set with `sigma`, no warm-up is needed. */
	mean?: number;
	/** Known in-control standard deviation. */
	sigma?: number;
}

export interface CusumState {
	kind: 'cusum';
	options: { k: number; h: number; warmup: number; mean: number | null; sigma: number | null };
	n: number;
	/** Welford accumulators of the warm-up. */
	warmMean: number;
	warmM2: number;
	mu: number | null;
	sigma: number | null;
	upper: number;
	lower: number;
	seen: number;
	ignored: number;
	drifts: number;
}

/**
 * Incremental two-sided CUSUM with JSON-serializable state.
 *
 * @example
 * const cusum = new Cusum({ k: 0.5, h: 5 });
 * for (const x of stream) if (cusum.update(x).drift) console.log('shift at', x);
 */
export class Cusum {
	private s: CusumState;

	constructor(options: CusumOptions = {}) {
		const k = options.k ?? 0.5;
		const h = options.h ?? 5;
		const warmup = options.warmup ?? 30;
		checkNonNegative('k', k);
		checkPositive('h', h);
		checkInteger('warmup', warmup, 2);
		if ((options.mean === undefined) !== (options.sigma === undefined)) {
			throw new DriftInputError(
				'invalid_option',
				'mean and sigma must be given together (or neither, to estimate them)'
			);
		}
		if (options.mean !== undefined && !Number.isFinite(options.mean)) {
			throw new DriftInputError('invalid_option', `mean must be finite, got ${options.mean}`);
		}
		if (options.sigma !== undefined) checkPositive('sigma', options.sigma);
		this.s = {
			kind: 'cusum',
			options: { k, h, warmup, mean: options.mean ?? null, sigma: options.sigma ?? null },
			n: 0,
			warmMean: 0,
			warmM2: 0,
			mu: options.mean ?? null,
			sigma: options.sigma ?? null,
			upper: 0,
			lower: 0,
			seen: 0,
			ignored: 0,
			drifts: 0
		};
	}

	private restart(): void {
		const s = this.s;
		s.n = 0;
		s.warmMean = 0;
		s.warmM2 = 0;
		s.mu = s.options.mean;
		s.sigma = s.options.sigma;
		s.upper = 0;
		s.lower = 0;
	}

	/**
	 * Adds one observation; `statistic` is max(C⁺, C⁻) and `threshold` is h.
	 *
	 * @example
	 * new Cusum({ mean: 0, sigma: 1 }).update(3); // { drift: false, statistic: 2.5, ... }
	 */
	update(x: number): StreamingUpdate {
		const s = this.s;
		const { k, h, warmup } = s.options;
		s.seen++;
		if (!Number.isFinite(x)) {
			s.ignored++;
			return {
				drift: false,
				n: s.n,
				statistic: Math.max(s.upper, s.lower),
				threshold: h,
				drifts: s.drifts
			};
		}
		s.n++;
		if (s.mu === null || s.sigma === null) {
			const d = x - s.warmMean;
			s.warmMean += d / s.n;
			s.warmM2 += d * (x - s.warmMean);
			if (s.n >= warmup) {
				s.mu = s.warmMean;
				const sd = Math.sqrt(s.warmM2 / (s.n - 1));
				s.sigma = sd > 0 ? sd : 1e-12 * Math.max(1, Math.abs(s.mu));
			}
			return { drift: false, n: s.n, statistic: 0, threshold: h, drifts: s.drifts };
		}
		const z = (x - s.mu) / s.sigma;
		s.upper = Math.max(0, s.upper + z - k);
		s.lower = Math.max(0, s.lower - z - k);
		const statistic = Math.max(s.upper, s.lower);
		const drift = statistic > h;
		const n = s.n;
		if (drift) {
			s.drifts++;
			this.restart();
		}
		return { drift, n, statistic, threshold: h, drifts: s.drifts };
	}

	/**
	 * Plain-data snapshot of the detector.
	 *
	 * @example
	 * const text = JSON.stringify(cusum.toJSON());
	 */
	toJSON(): CusumState {
		return structuredClone(this.s);
	}

	/**
	 * Restores a detector saved with `toJSON()`.
	 *
	 * @example
	 * const cusum = Cusum.fromJSON(JSON.parse(text));
	 */
	static fromJSON(state: CusumState): Cusum {
		if (state?.kind !== 'cusum')
			throw new DriftInputError(
				'invalid_option',
				`not a CUSUM state (kind: ${String(state?.kind)})`
			);
		const cusum = new Cusum({
			k: state.options.k,
			h: state.options.h,
			warmup: state.options.warmup,
			...(state.options.mean !== null && state.options.sigma !== null
				? { mean: state.options.mean, sigma: state.options.sigma }
				: {})
		});
		cusum.s = structuredClone(state);
		return cusum;
	}
}
