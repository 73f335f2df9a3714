const BLOCK = 128;

function pairwise(a: ArrayLike<number>, start: number, n: number): number {
	if (n < 8) {
		let res = 0;
		for (let i = 0; i < n; i++) res += a[start + i];
		return res;
	}
	if (n <= BLOCK) {
		const r = [0, 0, 0, 0, 0, 0, 0, 0];
		for (let j = 0; j < 8; j++) r[j] = a[start + j];
		let i = 8;
		for (; i < n - (n % 8); i += 8) for (let j = 0; j < 8; j++) r[j] += a[start + i + j];
		let res = r[0] + r[1] + (r[2] + r[3]) + (r[4] + r[5] + (r[6] + r[7]));
		for (; i < n; i++) res += a[start + i];
		return res;
	}
	let n2 = Math.floor(n / 2);
	n2 -= n2 % 8;
	return pairwise(a, start, n2) + pairwise(a, start + n2, n - n2);
}

/**
 * Sum in numpy's order (`np.sum` of a contiguous float64 vector: pairwise, with 8 accumulators per
 * 128-element block), so that sums of signed terms
 * reproduce numpy's rounding (numpy `pairwise_sum`, numpy/core/src/umath/loops_utils.h.src).
 *
 * @example
 * numpySum([0.1, 0.2, 0.3]); // 0.6000000000000001
 */
export function numpySum(a: ArrayLike<number>): number {
	return pairwise(a, 0, a.length);
}
