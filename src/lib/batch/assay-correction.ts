import { BatchInputError } from './errors';

/**
 * Noise of a soft sensor's bias against its lab assays, the three variances of the scalar Kalman
 * filter in {@link AssayCorrection}. The bias b = assay − soft sensor follows a random walk
 * (b(t + Δ) = b(t) + w, w ~ N(0, q·Δ)) and each assay sees it through white noise
 * (r = b + v, v ~ N(0, R)).
 */
export interface AssayNoise {
	/** q: variance the bias gains per time unit. */
	processVariance: number;
	/** R: variance of one residual around the bias (assay noise plus the soft sensor's own). */
	measurementVariance: number;
	/** P₀: variance of the bias before the first assay of a batch. */
	initialVariance: number;
	/** Residuals the estimate came from. */
	assays: number;
}

/** The assay residuals (assay − soft sensor at the sample time) of one reference batch. */
export interface AssayResiduals {
	time: ArrayLike<number>;
	residual: ArrayLike<number>;
}

/**
 * Estimates q, R and P₀ from the assay residuals of reference batches by the method of moments
 * on the empirical variogram (Cressie 1993, Statistics for Spatial Data, §2.4): for a random walk
 * observed in white noise, γ(Δ) = ½·E[(r(t+Δ) − r(t))²] = R + ½·q·Δ. Every pair of residuals of
 * one batch at most `maxLag` apart gives ½(r_m − r_j)² at lag Δ = t_m − t_j; an ordinary least
 * squares line through them gives R (intercept) and q (twice the slope), each kept positive (a
 * negative slope means no drift within a batch: q = 0, R = mean of ½(r_m − r_j)²). P₀ is the mean
 * square residual around zero (how far a batch's bias may start), at least R.
 *
 * @throws BatchInputError `too_few_batches` when fewer than two pairs of residuals exist.
 * @example
 * estimateAssayNoise([{ time: [12, 24, 36], residual: [0.1, -0.2, 0.3] }, …]);
 * // { processVariance: 0.004, measurementVariance: 0.05, initialVariance: 0.08, assays: 30 }
 */
export function estimateAssayNoise(batches: AssayResiduals[], maxLag = 48): AssayNoise {
	const lags: number[] = [];
	const halfSquares: number[] = [];
	let sumSquares = 0;
	let assays = 0;
	for (const b of batches) {
		const n = b.time.length;
		for (let j = 0; j < n; j++) {
			if (!Number.isFinite(b.residual[j])) continue;
			sumSquares += b.residual[j] ** 2;
			assays++;
			for (let m = j + 1; m < n; m++) {
				const lag = Math.abs(b.time[m] - b.time[j]);
				if (!Number.isFinite(b.residual[m]) || lag > maxLag) continue;
				lags.push(lag);
				halfSquares.push(0.5 * (b.residual[m] - b.residual[j]) ** 2);
			}
		}
	}
	if (halfSquares.length < 2)
		throw new BatchInputError(
			'too_few_batches',
			`the reference batches have ${assays} lab assays with a soft-sensor value, too few to estimate the correction's noise (at least two pairs within ${maxLag} time units of each other are needed)`
		);
	const n = lags.length;
	const mx = lags.reduce((s, x) => s + x, 0) / n;
	const my = halfSquares.reduce((s, y) => s + y, 0) / n;
	let sxy = 0;
	let sxx = 0;
	for (let i = 0; i < n; i++) {
		sxy += (lags[i] - mx) * (halfSquares[i] - my);
		sxx += (lags[i] - mx) ** 2;
	}
	let slope = sxx > 0 ? sxy / sxx : 0;
	let intercept = my - slope * mx;
	if (slope < 0 || intercept <= 0) {
		// A line with a negative nugget or slope is not a variogram: fall back to the side that holds.
		slope = Math.max(0, slope);
		intercept = slope > 0 ? Math.max(my - slope * mx, 0.1 * my) : my;
	}
	const measurementVariance = Math.max(intercept, Number.EPSILON);
	return {
		processVariance: 2 * slope,
		measurementVariance,
		initialVariance: Math.max(sumSquares / assays, measurementVariance),
		assays
	};
}

/** What one assay did to the bias estimate. */
export interface AssayUpdate {
	/** Sample time of the assay (batch time). */
	time: number;
	value: number;
	/** The soft sensor's value at the sample time. */
	soft: number;
	/** value − soft. */
	residual: number;
	/**
	 * `used`: a Kalman update; `outlier`: its innovation was past the gate and it stands alone, so
	 * it was left out; `shift`: one of two consecutive gated assays on the same side, taken as a
	 * real change of the bias (the filter restarts from the second; the first, at first recorded as
	 * an outlier, is relabelled).
	 */
	status: 'used' | 'outlier' | 'shift';
	/** Normalised innovation ν/√S (how many standard deviations off the prediction it was). */
	innovation: number;
	/** Bias estimate and its variance after this assay. */
	bias: number;
	variance: number;
}

/** χ²₁ quantile at 0.999: an assay 3.29 standard deviations off its prediction is gated. */
export const ASSAY_GATE = 10.827566170662733;

export interface AssayCorrectionOptions {
	/** Innovation gate on ν²/S (default {@link ASSAY_GATE}). */
	gate?: number;
	/**
	 * Fading-memory factor λ per assay (default 0.8: a memory of about 1/(1 − λ) = 5 assays; 1 is
	 * the plain Kalman filter).
	 */
	forgetting?: number;
}

/**
 * Scalar Kalman filter on the bias between a soft sensor and its lab assays, the standard
 * correction of a soft sensor with delayed lab values (Kadlec, Gabrys & Strandt 2009, Comput.
 * Chem. Eng. 33:795, §4.3 on adaptation; the bias update of Fortuna et al. 2007, Soft Sensors for
 * Monitoring and Control of Industrial Processes, ch. 7). Between assays P grows by q·Δt; an assay
 * with residual r gives the innovation ν = r − b, S = P + R, gain K = P/S, b ← b + K·ν,
 * P ← (1 − K)·P (Kalman 1960), with the prior divided by a forgetting factor λ at each assay,
 * P⁻ = P/λ + q·Δt (the fading-memory filter, Jazwinski 1970, Stochastic Processes and Filtering
 * Theory, §7.6): the reference batches are often the soft sensor's own training batches, so their
 * residuals understate how fast a new batch's bias moves, and without forgetting the gain would
 * fall towards 0; with q = 0 the steady gain is 1 − λ, the bias update with exponential forgetting
 * of Kadlec et al. The residual is taken at the assay's sample time, so an assay
 * whose result arrives hours later still corrects the right soft-sensor value (Δt runs between
 * sample times).
 *
 * Outliers (Mehra 1972's innovation test): an assay with ν²/S above the gate (χ²₁ at 0.999) is left
 * out, unless the previous assay was also gated on the same side: two in a row are a real change of
 * the bias, and the filter restarts from the newer one (b = r, P = R).
 *
 * @example
 * const c = new AssayCorrection({ processVariance: 0.01, measurementVariance: 0.1, initialVariance: 1, assays: 40 });
 * c.update(48, 3.3, 3.9); // lab 3.3 g/L at 48 h, soft sensor 3.9 → bias ≈ −0.55
 * c.bias; // −0.545…
 */
export class AssayCorrection {
	private b = 0;
	private p: number;
	private last = Number.NaN;
	private gatedSide = 0;
	private smoothed: { time: number; bias: number }[] | undefined;
	readonly updates: AssayUpdate[] = [];

	private readonly gate: number;
	private readonly forgetting: number;

	constructor(
		readonly noise: AssayNoise,
		{ gate = ASSAY_GATE, forgetting = 0.8 }: AssayCorrectionOptions = {}
	) {
		for (const [name, v] of Object.entries(noise))
			if (!(Number.isFinite(v) && v >= 0))
				throw new BatchInputError('invalid_option', `assay noise ${name} must be ≥ 0, got ${v}`);
		if (!(forgetting > 0 && forgetting <= 1))
			throw new BatchInputError(
				'invalid_option',
				`forgetting must be in (0, 1], got ${forgetting}`
			);
		this.gate = gate;
		this.forgetting = forgetting;
		this.p = noise.initialVariance;
	}

	/** P⁻ for an assay at `time`: the fading prior. */
	private prior(p: number, from: number, time: number): number {
		const since = Number.isFinite(from) ? Math.max(0, time - from) : 0;
		return p / this.forgetting + this.noise.processVariance * since;
	}

	/** The current bias estimate (0 before the first assay). */
	get bias(): number {
		return this.b;
	}

	/** Variance of the bias estimate at a time (it grows by q per time unit after the last assay). */
	varianceAt(time: number): number {
		const since = Number.isFinite(this.last) ? Math.max(0, time - this.last) : 0;
		return this.p + this.noise.processVariance * since;
	}

	/**
	 * Takes one assay: its value and the soft sensor's value at the same sample time.
	 *
	 * @example
	 * const u = correction.update(120, 15.1, 17.3); // u.status === 'used' | 'outlier' | 'shift'
	 */
	update(time: number, value: number, soft: number): AssayUpdate {
		this.smoothed = undefined;
		const residual = value - soft;
		const prior = this.prior(this.p, this.last, time);
		const s = prior + this.noise.measurementVariance;
		const nu = residual - this.b;
		const z = nu / Math.sqrt(s);
		let status: AssayUpdate['status'] = 'used';
		if (z * z > this.gate) {
			const side = Math.sign(nu);
			if (this.gatedSide === side) {
				status = 'shift';
				// The gated assay before it was the start of the change, not an outlier: in hindsight
				// the bias there is its own residual.
				const first = this.updates[this.updates.length - 1];
				first.status = 'shift';
				first.bias = first.residual;
				first.variance = this.noise.measurementVariance;
				this.b = residual;
				this.p = this.noise.measurementVariance;
				this.gatedSide = 0;
			} else {
				status = 'outlier';
				this.gatedSide = side;
				this.p = prior;
			}
		} else {
			const k = prior / s;
			this.b += k * nu;
			this.p = (1 - k) * prior;
			this.gatedSide = 0;
		}
		if (!Number.isFinite(this.last) || time > this.last) this.last = time;
		const u: AssayUpdate = {
			time,
			value,
			soft,
			residual,
			status,
			innovation: z,
			bias: this.b,
			variance: this.p
		};
		this.updates.push(u);
		return u;
	}

	/**
	 * The bias at each assay's sample time in hindsight, given every assay so far: the
	 * Rauch–Tung–Striebel smoother (Rauch, Tung & Striebel 1965, AIAA J. 3:1445) run backwards
	 * over the filter's estimates, b_j|N = b_j + C_j·(b_{j+1}|N − b_j), C_j = P_j / P⁻_{j+1},
	 * so a bias that drifted between assays is not seen late as the filter sees it live. A shift
	 * starts a new segment: nothing is smoothed across it.
	 *
	 * @example
	 * correction.smoothedBias(); // [{ time: 12, bias: -0.1 }, …]
	 */
	smoothedBias(): { time: number; bias: number }[] {
		const order = this.updates
			.map((u, i) => ({ u, i }))
			.sort((a, b) => a.u.time - b.u.time || a.i - b.i)
			.map((x) => x.u);
		const out = order.map((u) => ({ time: u.time, bias: u.bias }));
		for (let j = order.length - 2; j >= 0; j--) {
			if (order[j + 1].status === 'shift') continue;
			const prior = this.prior(order[j].variance, order[j].time, order[j + 1].time);
			const gain = prior > 0 ? order[j].variance / prior : 0;
			out[j].bias = order[j].bias + gain * (out[j + 1].bias - order[j].bias);
		}
		return out;
	}

	/**
	 * The bias at a past time in hindsight: linear between the smoothed estimates at the assays'
	 * sample times (smoothedBias), constant before the first and after the last; 0 with no assay.
	 *
	 * @example
	 * correction.biasAt(100); // between the assays at 96 h and 108 h
	 */
	biasAt(time: number): number {
		this.smoothed ??= this.smoothedBias();
		return interpolateAt(
			this.smoothed.map((u) => u.time),
			this.smoothed.map((u) => u.bias),
			time,
			0
		);
	}
}

/**
 * Linear interpolation of (xs, ys) at x, constant outside; `empty` when there is no point. xs
 * need not be sorted (assays may arrive out of order).
 *
 * @example
 * interpolateAt([0, 10], [0, 1], 5, 0); // 0.5
 */
export function interpolateAt(xs: number[], ys: number[], x: number, empty: number): number {
	if (xs.length === 0) return empty;
	let lo = -1;
	let hi = -1;
	for (let i = 0; i < xs.length; i++) {
		if (xs[i] <= x && (lo < 0 || xs[i] >= xs[lo])) lo = i;
		if (xs[i] >= x && (hi < 0 || xs[i] < xs[hi])) hi = i;
	}
	if (lo < 0) return ys[hi];
	if (hi < 0 || xs[hi] === xs[lo]) return ys[lo];
	const w = (x - xs[lo]) / (xs[hi] - xs[lo]);
	return (1 - w) * ys[lo] + w * ys[hi];
}

/**
 * A finished batch's titer corrected in hindsight: the soft sensor plus its assay residuals
 * interpolated linearly between sample times (constant before the first and after the last), so
 * the series passes through every assay and follows the soft sensor's shape in between. Used for
 * the reference batches' titer trajectories, where every assay is known.
 *
 * @example
 * assayCorrectedSeries(time, soft, [36, 48], [1.2, 3.3]);
 */
export function assayCorrectedSeries(
	time: ArrayLike<number>,
	soft: ArrayLike<number>,
	assayTime: number[],
	assayResidual: number[]
): Float64Array {
	return Float64Array.from({ length: time.length }, (_, r) =>
		Number.isFinite(soft[r])
			? soft[r] + interpolateAt(assayTime, assayResidual, time[r], 0)
			: Number.NaN
	);
}
