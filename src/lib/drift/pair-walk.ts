/**
 * Everything the ECDF-based statistics need from one merge walk over two ascending samples:
 * the KS extremes (docs/statistics.md §2), ∫|F−G| and ∫(F−G)² over the pooled values
 * (sections 2 and 7) and the number of distinct pooled values (section 10). The result is cached
 * per pair of arrays, so a report that runs Wasserstein, KS and energy distance on a column walks
 * the data once.
 */
export interface PairWalk {
	/** max over pooled values of F_a − G_b. */
	maxDiff: number;
	/** min over pooled values of F_a − G_b. */
	minDiff: number;
	/** Σ |U_i − V_i| δ_i. */
	l1: number;
	/** Σ (U_i − V_i)² δ_i. */
	l2: number;
	/** Distinct values in a ∪ b. */
	distinct: number;
}

const cache = new WeakMap<Float64Array, WeakMap<Float64Array, PairWalk>>();

/**
 * One merge walk over sorted `a` and `b` (memoized by array identity; arrays must not change).
 *
 * @example
 * pairWalk(new Float64Array([0, 1]), new Float64Array([1, 2])).l1; // 1
 */
export function pairWalk(a: Float64Array, b: Float64Array): PairWalk {
	let inner = cache.get(a);
	const hit = inner?.get(b);
	if (hit) return hit;
	const n1 = a.length;
	const n2 = b.length;
	let i = 0;
	let j = 0;
	let l1 = 0;
	let l2 = 0;
	let maxDiff = -Infinity;
	let minDiff = Infinity;
	let distinct = 0;
	let prev = 0;
	let diff = 0;
	while (i < n1 || j < n2) {
		// Next pooled value x; consume every copy of it on both sides.
		let x: number;
		if (j >= n2 || (i < n1 && a[i] < b[j])) {
			x = a[i++];
			while (i < n1 && a[i] === x) i++;
		} else if (i >= n1 || b[j] < a[i]) {
			x = b[j++];
			while (j < n2 && b[j] === x) j++;
		} else {
			x = a[i++];
			j++;
			while (i < n1 && a[i] === x) i++;
			while (j < n2 && b[j] === x) j++;
		}
		if (distinct > 0) {
			const delta = x - prev;
			l1 += Math.abs(diff) * delta;
			l2 += diff * diff * delta;
		}
		diff = i / n1 - j / n2;
		if (diff > maxDiff) maxDiff = diff;
		if (diff < minDiff) minDiff = diff;
		prev = x;
		distinct++;
	}
	const result = { maxDiff, minDiff, l1, l2, distinct };
	if (!inner) {
		inner = new WeakMap();
		cache.set(a, inner);
	}
	inner.set(b, result);
	return result;
}
