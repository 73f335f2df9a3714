import { quantileSorted, searchSorted } from './sorted';
import { DriftInputError } from './types';

/** Two aligned proportion vectors over the same bins. */
export interface BinnedProportions {
	/** Reference proportions (count / n_ref). */
	ref: Float64Array;
	/** Current proportions (count / n_cur). */
	cur: Float64Array;
	refCounts: Float64Array;
	curCounts: Float64Array;
	/** How the bins were made. */
	binning: 'sturges' | 'values' | 'quantile' | 'categories';
	/** Bin edges for 'sturges' (all edges) and 'quantile' (inner edges), else undefined. */
	edges?: Float64Array;
	/** Bin labels for 'values' (the distinct numbers) and 'categories'. */
	labels?: (string | number)[];
}

/**
 * numpy `histogram_bin_edges(x, bins='sturges')` from the range and size of the pooled data:
 * `width = (hi − lo)/(log2 N + 1)`, `nbins = ⌈(hi − lo)/width⌉` (1 if width is 0; lo, hi widened by
 * ½ if equal), `edges[i] = i·((hi − lo)/nbins) + lo`, `edges[nbins] = hi` (numpy `linspace`).
 * Sturges (1926), "The choice of a class interval", JASA 21. docs/statistics.md §5.
 *
 * @throws DriftInputError `degenerate` when `max − min` overflows (numpy raises a ValueError).
 * @example
 * sturgesEdges(0, 1, 4); // Float64Array [0, 0.3333333333333333, 0.6666666666666666, 1]
 */
export function sturgesEdges(min: number, max: number, size: number): Float64Array {
	const ptp = max - min;
	if (!Number.isFinite(ptp))
		throw new DriftInputError(
			'degenerate',
			`Sturges bins: the values span [${min}, ${max}], a range wider than the largest double`,
			{ min, max }
		);
	const width = ptp / (Math.log2(size) + 1);
	let lo = min;
	let hi = max;
	if (lo === hi) {
		lo -= 0.5;
		hi += 0.5;
	}
	const nbins = width ? Math.ceil((hi - lo) / width) : 1;
	const step = (hi - lo) / nbins;
	const edges = new Float64Array(nbins + 1);
	for (let i = 0; i < nbins; i++) edges[i] = i * step + lo;
	edges[nbins] = hi;
	return edges;
}

/**
 * Counts of a sorted sample in numpy `histogram` bins `[e_i, e_{i+1})`, the last bin closed;
 * values outside [e_0, e_last] are not counted.
 *
 * @example
 * histogramCountsSorted(new Float64Array([0, 0.5, 1]), new Float64Array([0, 0.5, 1])); // [1, 2]
 */
export function histogramCountsSorted(sorted: Float64Array, edges: Float64Array): Float64Array {
	const nb = edges.length - 1;
	const counts = new Float64Array(nb);
	let prev = searchSorted(sorted, edges[0], 'left');
	for (let i = 0; i < nb; i++) {
		const next =
			i === nb - 1
				? searchSorted(sorted, edges[nb], 'right')
				: searchSorted(sorted, edges[i + 1], 'left');
		counts[i] = next - prev;
		prev = next;
	}
	return counts;
}

const distinctCache = new WeakMap<Float64Array, number>();

/**
 * Number of distinct values of a sorted array.
 *
 * @example
 * countDistinctSorted(new Float64Array([1, 1, 2])); // 2
 */
export function countDistinctSorted(sorted: Float64Array): number {
	const cached = distinctCache.get(sorted);
	if (cached !== undefined) return cached;
	let k = 0;
	for (let i = 0; i < sorted.length; i++) if (i === 0 || sorted[i] !== sorted[i - 1]) k++;
	// Memoized by identity: profiles ask this of the same sorted reference for every method.
	distinctCache.set(sorted, k);
	return k;
}

/**
 * Counts of two sorted samples over the distinct values of their union (ascending).
 *
 * @example
 * valueCountsSorted(new Float64Array([1, 2]), new Float64Array([2, 3])).labels; // [1, 2, 3]
 */
export function valueCountsSorted(
	ref: Float64Array,
	cur: Float64Array
): { labels: number[]; refCounts: Float64Array; curCounts: Float64Array } {
	const labels: number[] = [];
	const rc: number[] = [];
	const cc: number[] = [];
	let i = 0;
	let j = 0;
	while (i < ref.length || j < cur.length) {
		const v = j >= cur.length || (i < ref.length && ref[i] <= cur[j]) ? ref[i] : cur[j];
		let a = 0;
		let b = 0;
		while (i < ref.length && ref[i] === v) {
			i++;
			a++;
		}
		while (j < cur.length && cur[j] === v) {
			j++;
			b++;
		}
		labels.push(v);
		rc.push(a);
		cc.push(b);
	}
	return { labels, refCounts: Float64Array.from(rc), curCounts: Float64Array.from(cc) };
}

function divide(counts: Float64Array, n: number): Float64Array {
	const out = new Float64Array(counts.length);
	for (let i = 0; i < counts.length; i++) out[i] = counts[i] / n;
	return out;
}

/**
 * Evidently's zero filling (`get_binned_data(..., feel_zeroes=True)`): on each side separately,
 * zeros become `min(non-zero)/1e6` when that minimum is ≤ 1e-4, else 1e-4. No renormalisation.
 *
 * @example
 * feelZeroes(new Float64Array([0, 0.5, 0.5])); // [1e-4, 0.5, 0.5]
 */
export function feelZeroes(p: Float64Array): Float64Array {
	let mn = Infinity;
	for (const v of p) if (v !== 0 && v < mn) mn = v;
	const fill = mn <= 1e-4 ? mn / 1e6 : 1e-4;
	return p.map((v) => (v === 0 ? fill : v));
}

/**
 * Evidently's binning for numerical columns (evidently `utils.get_binned_data`,
 * docs/statistics.md §5): Sturges bins over the pooled data when the reference has more than 20
 * distinct values, otherwise one bin per distinct value of the union. Inputs are sorted and finite.
 *
 * @example
 * evidentlyBinsSorted(new Float64Array([1, 2]), new Float64Array([2, 3])).binning; // 'values'
 */
export function evidentlyBinsSorted(ref: Float64Array, cur: Float64Array): BinnedProportions {
	if (ref.length === 0 || cur.length === 0)
		throw new DriftInputError('empty_column', 'binning needs finite values on both sides');
	if (countDistinctSorted(ref) > 20) {
		const lo = Math.min(ref[0], cur[0]);
		const hi = Math.max(ref[ref.length - 1], cur[cur.length - 1]);
		const edges = sturgesEdges(lo, hi, ref.length + cur.length);
		const refCounts = histogramCountsSorted(ref, edges);
		const curCounts = histogramCountsSorted(cur, edges);
		return {
			ref: divide(refCounts, ref.length),
			cur: divide(curCounts, cur.length),
			refCounts,
			curCounts,
			binning: 'sturges',
			edges
		};
	}
	const { labels, refCounts, curCounts } = valueCountsSorted(ref, cur);
	return {
		ref: divide(refCounts, ref.length),
		cur: divide(curCounts, cur.length),
		refCounts,
		curCounts,
		binning: 'values',
		labels
	};
}

/**
 * Inner edges of `bins` reference-quantile bins: numpy linear quantiles at `k/bins`
 * (k = 1..bins−1), duplicates removed (docs/statistics.md §4).
 *
 * @example
 * quantileInnerEdges(new Float64Array([1, 2, 3, 4, 5]), 2); // Float64Array [3]
 */
export function quantileInnerEdges(refSorted: Float64Array, bins = 10): Float64Array {
	if (!Number.isInteger(bins) || bins < 2)
		throw new DriftInputError(
			'invalid_option',
			`quantile binning needs an integer bin count ≥ 2, got ${bins}`
		);
	const edges: number[] = [];
	for (let k = 1; k < bins; k++) {
		const e = quantileSorted(refSorted, k / bins);
		if (edges.length === 0 || edges[edges.length - 1] !== e) edges.push(e);
	}
	return Float64Array.from(edges);
}

/**
 * Counts of a sorted sample in right-closed bins `(−∞, E0], (E0, E1], …, (E_{m−1}, ∞)` given the
 * inner edges: bin index of x is `#{E_j < x}`.
 *
 * @example
 * rightClosedCountsSorted(new Float64Array([1, 3, 4]), new Float64Array([3])); // [2, 1]
 */
export function rightClosedCountsSorted(sorted: Float64Array, inner: Float64Array): Float64Array {
	const counts = new Float64Array(inner.length + 1);
	let prev = 0;
	for (let k = 0; k < inner.length; k++) {
		const next = searchSorted(sorted, inner[k], 'right');
		counts[k] = next - prev;
		prev = next;
	}
	counts[inner.length] = sorted.length - prev;
	return counts;
}

/**
 * Reference-quantile binning ("q10" for 10 bins, docs/statistics.md §4): bins fixed by the
 * reference alone, so they can be stored in a reference profile.
 *
 * @example
 * quantileBinsSorted(new Float64Array([1, 2, 3, 4]), new Float64Array([4, 5]), 2).cur; // [0, 1]
 */
export function quantileBinsSorted(
	ref: Float64Array,
	cur: Float64Array,
	bins = 10,
	inner: Float64Array = quantileInnerEdges(ref, bins)
): BinnedProportions {
	if (ref.length === 0 || cur.length === 0)
		throw new DriftInputError('empty_column', 'binning needs finite values on both sides');
	const refCounts = rightClosedCountsSorted(ref, inner);
	const curCounts = rightClosedCountsSorted(cur, inner);
	return {
		ref: divide(refCounts, ref.length),
		cur: divide(curCounts, cur.length),
		refCounts,
		curCounts,
		binning: 'quantile',
		edges: inner
	};
}

/**
 * Category counts of two string samples over the sorted union of categories (code-unit order);
 * `null` values are missing and skipped.
 *
 * @example
 * categoryBins(['a', 'b'], ['b', 'c']).labels; // ['a', 'b', 'c']
 */
export function categoryBins(
	reference: ArrayLike<string | null>,
	current: ArrayLike<string | null>
): BinnedProportions {
	const r = new Map<string, number>();
	const c = new Map<string, number>();
	let nr = 0;
	let nc = 0;
	for (let i = 0; i < reference.length; i++) {
		const v = reference[i];
		if (v === null || v === undefined) continue;
		r.set(v, (r.get(v) ?? 0) + 1);
		nr++;
	}
	for (let i = 0; i < current.length; i++) {
		const v = current[i];
		if (v === null || v === undefined) continue;
		c.set(v, (c.get(v) ?? 0) + 1);
		nc++;
	}
	return categoryBinsFromCounts(r, c, nr, nc);
}

/**
 * {@link categoryBins} from count maps (as kept by profiles).
 *
 * @example
 * categoryBinsFromCounts(new Map([['a', 1]]), new Map([['a', 2]]), 1, 2).cur; // [1]
 */
export function categoryBinsFromCounts(
	r: Map<string, number>,
	c: Map<string, number>,
	nr: number,
	nc: number
): BinnedProportions {
	if (nr === 0 || nc === 0)
		throw new DriftInputError('empty_column', 'categorical statistic needs values on both sides');
	const labels = [...new Set([...r.keys(), ...c.keys()])].sort((a, b) =>
		a < b ? -1 : a > b ? 1 : 0
	);
	const refCounts = Float64Array.from(labels, (l) => r.get(l) ?? 0);
	const curCounts = Float64Array.from(labels, (l) => c.get(l) ?? 0);
	return {
		ref: divide(refCounts, nr),
		cur: divide(curCounts, nc),
		refCounts,
		curCounts,
		binning: 'categories',
		labels
	};
}

/**
 * Replace exact zeros by `eps` (1e-4 in the quantile family), without renormalising.
 *
 * @example
 * epsilonFill(new Float64Array([0, 1])); // [1e-4, 1]
 */
export function epsilonFill(p: Float64Array, eps = 1e-4): Float64Array {
	return p.map((v) => (v === 0 ? eps : v));
}
