/**
 * A mergeable quantile sketch: `size` points at the rank midpoints of the sample,
 * `p_i = x_(⌊(i + ½) n / size⌋)`, each standing for n/size rows.
 *
 * Error bound: the sketch ECDF `F̂(x) = #{p_i ≤ x}/size` satisfies `sup_x |F̂(x) − F(x)| ≤ 1/size`
 * for the sample ECDF F (with r rows ≤ x, `#{p_i ≤ x} = ⌈r·size/n − ½⌉`, within ½ of r·size/n).
 * Merging re-quantizes the weighted union of two summaries; the union's error is at most the larger
 * of the two, and re-quantization adds at most 1/size, so after a merge tree of depth d the bound is
 * `(d + 1)/size` (tracked in `rankError`). A KS statistic computed against a sketch is within
 * `rankError` of the exact one; quantiles are within `rankError` in rank.
 */
export interface QuantileSketch {
	points: Float64Array;
	/** Rows summarised. */
	n: number;
	/** Upper bound on sup |F̂ − F|. */
	rankError: number;
}

/**
 * Sketch of a sorted sample (exact when it has at most `size` values).
 *
 * @example
 * sketchSorted(new Float64Array([1, 2, 3, 4]), 2).points; // Float64Array [1, 3]
 */
export function sketchSorted(sorted: Float64Array, size: number): QuantileSketch {
	const n = sorted.length;
	if (n <= size) return { points: sorted, n, rankError: 0 };
	const points = new Float64Array(size);
	for (let i = 0; i < size; i++) points[i] = sorted[Math.floor(((i + 0.5) * n) / size)];
	return { points, n, rankError: 1 / size };
}

/**
 * Merge two summaries (exact sorted samples have rankError 0): the exact merge of two sorted
 * arrays when the total fits `exactLimit`, else the re-quantized weighted union.
 *
 * @example
 * mergeSketches(sketchSorted(new Float64Array([1, 3]), 8), sketchSorted(new Float64Array([2]), 8), 8, 100).points;
 * // Float64Array [1, 2, 3]
 */
export function mergeSketches(
	a: QuantileSketch,
	b: QuantileSketch,
	size: number,
	exactLimit: number
): QuantileSketch {
	const n = a.n + b.n;
	const wa = a.points.length ? a.n / a.points.length : 0;
	const wb = b.points.length ? b.n / b.points.length : 0;
	if (a.rankError === 0 && b.rankError === 0 && n <= exactLimit) {
		const out = new Float64Array(n);
		let i = 0;
		let j = 0;
		let k = 0;
		while (i < a.points.length || j < b.points.length) {
			if (j >= b.points.length || (i < a.points.length && a.points[i] <= b.points[j]))
				out[k++] = a.points[i++];
			else out[k++] = b.points[j++];
		}
		return { points: out, n, rankError: 0 };
	}
	const points = new Float64Array(size);
	let i = 0;
	let j = 0;
	let cum = 0;
	let next = 0;
	while (next < size && (i < a.points.length || j < b.points.length)) {
		let v: number;
		if (j >= b.points.length || (i < a.points.length && a.points[i] <= b.points[j])) {
			v = a.points[i++];
			cum += wa;
		} else {
			v = b.points[j++];
			cum += wb;
		}
		while (next < size && cum > ((next + 0.5) * n) / size) points[next++] = v;
	}
	const last = Math.max(
		a.points.length ? a.points[a.points.length - 1] : -Infinity,
		b.points.length ? b.points[b.points.length - 1] : -Infinity
	);
	while (next < size) points[next++] = last;
	return { points, n, rankError: Math.max(a.rankError, b.rankError) + 1 / size };
}
