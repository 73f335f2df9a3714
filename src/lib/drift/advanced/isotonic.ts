import { DriftInputError } from '../types';

/**
 * Isotonic regression by pool-adjacent-violators (PAV), used to calibrate predicted probabilities.
 *
 * Method: find the non-decreasing step function f minimizing Σ w_i (y_i − f(x_i))². Sort by x, merge
 * equal x into one weighted point, then scan left to right pooling adjacent blocks whose means
 * violate monotonicity into their weighted mean (Ayer et al. 1955; Barlow et al. 1972). Predictions
 * interpolate linearly between the fitted points and are clipped to the end values outside the
 * fitted range, as scikit-learn's `IsotonicRegression(out_of_bounds='clip')` does.
 *
 * Reference: M. Ayer et al., "An empirical distribution function for sampling with incomplete
 * information", Ann. Math. Statist. 26 (1955) 641–647; B. Zadrozny, C. Elkan, "Transforming
 * classifier scores into accurate multiclass probability estimates", KDD 2002.
 */
export interface IsotonicModel {
	/** Increasing x knots. */
	x: number[];
	/** Non-decreasing fitted values at the knots. */
	y: number[];
}

/**
 * Fits an isotonic (non-decreasing) regression of y on x.
 *
 * @example
 * const iso = fitIsotonic(Float64Array.of(0.1, 0.4, 0.35, 0.8), Float64Array.of(0, 1, 0, 1));
 * predictIsotonic(iso, 0.6); // interpolated calibrated probability
 */
export function fitIsotonic(x: ArrayLike<number>, y: ArrayLike<number>): IsotonicModel {
	if (x.length !== y.length) {
		throw new DriftInputError(
			'invalid_option',
			`x and y must have the same length (${x.length} ≠ ${y.length})`
		);
	}
	if (x.length === 0)
		throw new DriftInputError('invalid_option', 'cannot fit an isotonic regression on no points');
	const order = Array.from({ length: x.length }, (_, i) => i).sort((a, b) => x[a] - x[b]);
	// Distinct x with summed weights and weighted sums.
	const xs: number[] = [];
	const ws: number[] = [];
	const sums: number[] = [];
	for (const i of order) {
		if (!Number.isFinite(x[i]) || !Number.isFinite(y[i])) {
			throw new DriftInputError(
				'invalid_option',
				`isotonic input must be finite (x[${i}] = ${x[i]}, y[${i}] = ${y[i]})`
			);
		}
		const last = xs.length - 1;
		if (last >= 0 && xs[last] === x[i]) {
			ws[last] += 1;
			sums[last] += y[i];
		} else {
			xs.push(x[i]);
			ws.push(1);
			sums.push(y[i]);
		}
	}
	// PAV over blocks: each block covers distinct points [start, end].
	const blockMean: number[] = [];
	const blockWeight: number[] = [];
	const blockEnd: number[] = [];
	for (let i = 0; i < xs.length; i++) {
		let mean = sums[i] / ws[i];
		let weight = ws[i];
		while (blockMean.length > 0 && blockMean[blockMean.length - 1] >= mean) {
			const pm = blockMean.pop()!;
			const pw = blockWeight.pop()!;
			blockEnd.pop();
			mean = (pm * pw + mean * weight) / (pw + weight);
			weight += pw;
		}
		blockMean.push(mean);
		blockWeight.push(weight);
		blockEnd.push(i);
	}
	// Keep the first and last x of each block so interpolation is flat inside a block.
	const knotsX: number[] = [];
	const knotsY: number[] = [];
	let start = 0;
	for (let b = 0; b < blockMean.length; b++) {
		knotsX.push(xs[start]);
		knotsY.push(blockMean[b]);
		if (blockEnd[b] !== start) {
			knotsX.push(xs[blockEnd[b]]);
			knotsY.push(blockMean[b]);
		}
		start = blockEnd[b] + 1;
	}
	return { x: knotsX, y: knotsY };
}

/**
 * Evaluates a fitted isotonic regression at `value` (linear between knots, clipped outside).
 *
 * @example
 * predictIsotonic({ x: [0, 1], y: [0.2, 0.6] }, 0.5); // 0.4
 */
export function predictIsotonic(model: IsotonicModel, value: number): number {
	const { x, y } = model;
	if (value <= x[0]) return y[0];
	const last = x.length - 1;
	if (value >= x[last]) return y[last];
	let lo = 0;
	let hi = last;
	while (hi - lo > 1) {
		const mid = (lo + hi) >> 1;
		if (x[mid] <= value) lo = mid;
		else hi = mid;
	}
	const t = (value - x[lo]) / (x[hi] - x[lo]);
	return y[lo] + t * (y[hi] - y[lo]);
}
