/** Largest number of value bins per feature; bin index `MISSING_BIN` holds NaN. */
export const MAX_BINS = 255;
export const MISSING_BIN = 255;

/**
 * Bin edges of one feature: bin i holds the values x with edges[i-1] < x <= edges[i]. Every edge
 * is a float32 value taken from the data, so the tree's `x <= threshold` test gives the same answer
 * in float32 (ONNX) as in float64 (TypeScript).
 */
export interface FeatureBins {
	edges: Float32Array;
}

/**
 * Bin edges from the training values of one feature: every distinct value when there are at most
 * `maxBins`, otherwise quantiles of the sorted values (deduplicated).
 *
 * @example
 * const bins = featureBins(Float32Array.of(1, 2, 2, 3)); // edges 1, 2, 3
 */
export function featureBins(values: Float32Array, maxBins = MAX_BINS): FeatureBins {
	const present = values.filter((v) => !Number.isNaN(v)).sort();
	const distinct: number[] = [];
	for (let i = 0; i < present.length; i++) {
		if (i === 0 || present[i] !== present[i - 1]) distinct.push(present[i]);
	}
	if (distinct.length <= maxBins) return { edges: Float32Array.from(distinct) };
	const edges: number[] = [];
	for (let b = 1; b <= maxBins; b++) {
		const index = Math.min(present.length - 1, Math.ceil((b * present.length) / maxBins) - 1);
		const edge = present[index];
		if (edges.length === 0 || edge > edges[edges.length - 1]) edges.push(edge);
	}
	return { edges: Float32Array.from(edges) };
}

/**
 * Bin index of every value: the first edge that is >= the value; NaN → MISSING_BIN; values above
 * the last edge (unseen in training) land in the last bin.
 *
 * @example
 * binValues(Float32Array.of(0.5, NaN), { edges: Float32Array.of(1, 2) }); // Uint8Array [0, 255]
 */
export function binValues(values: Float32Array, bins: FeatureBins): Uint8Array {
	const out = new Uint8Array(values.length);
	const { edges } = bins;
	const last = edges.length - 1;
	for (let i = 0; i < values.length; i++) {
		const v = values[i];
		if (Number.isNaN(v)) {
			out[i] = MISSING_BIN;
			continue;
		}
		let lo = 0;
		let hi = last;
		while (lo < hi) {
			const mid = (lo + hi) >> 1;
			if (v <= edges[mid]) hi = mid;
			else lo = mid + 1;
		}
		out[i] = lo;
	}
	return out;
}
