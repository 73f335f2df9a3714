const RADIX_MIN = 4096;
const INSERTION_MAX = 24;

// Scratch space reused between calls (per thread), so sorting many columns makes no garbage.
let scratch = new Uint32Array(0);
const counts = new Uint32Array(2 * 65536);

/**
 * Sort finite float64 values ascending into a new array (or in place with `inPlace`). Above a few
 * thousand values: an LSD radix sort on the high 32 bits of the IEEE-754 pattern, made
 * order-preserving by flipping the sign bit of non-negative values and every bit of negative ones
 * (Herf 2001, "Radix Tricks"), in two passes of 16 bits (a pass is skipped when every key shares
 * its digit); values that share their high word (within about 1e-6 relative of each other) are then
 * ordered by an insertion sort, or the native sort for long runs. Several times faster than
 * `Float64Array.prototype.sort` on a million values, with the same order (−0 before +0).
 * The input must not contain NaN.
 *
 * @example
 * sortFloat64(new Float64Array([3, -1, 2])); // Float64Array [-1, 2, 3]
 */
export function sortFloat64(values: Float64Array, inPlace = false): Float64Array {
	const n = values.length;
	if (n < RADIX_MIN) return (inPlace ? values : Float64Array.from(values)).sort();
	const src = inPlace ? values : new Float64Array(values);
	const words = new Uint32Array(src.buffer, src.byteOffset, 2 * n);
	// Little-endian hosts hold the low word first; detect once so big-endian stays correct.
	const le = new Uint8Array(new Float64Array([1]).buffer)[7] === 0x3f;
	const LO = le ? 0 : 1;
	const HI = le ? 1 : 0;
	if (scratch.length < 4 * n) scratch = new Uint32Array(4 * n);
	let lo = scratch.subarray(0, n);
	let hi = scratch.subarray(n, 2 * n);
	let lo2 = scratch.subarray(2 * n, 3 * n);
	let hi2 = scratch.subarray(3 * n, 4 * n);
	counts.fill(0);
	for (let i = 0; i < n; i++) {
		let h = words[2 * i + HI];
		let l = words[2 * i + LO];
		if (h & 0x80000000) {
			h = ~h >>> 0;
			l = ~l >>> 0;
		} else h = (h | 0x80000000) >>> 0;
		lo[i] = l;
		hi[i] = h;
		counts[h & 0xffff]++;
		counts[65536 + (h >>> 16)]++;
	}
	for (let pass = 0; pass < 2; pass++) {
		const base = pass * 65536;
		const shift = pass * 16;
		if (counts[base + ((hi[0] >>> shift) & 0xffff)] === n) continue;
		let sum = 0;
		for (let d = 0; d < 65536; d++) {
			const c = counts[base + d];
			counts[base + d] = sum;
			sum += c;
		}
		for (let i = 0; i < n; i++) {
			const pos = counts[base + ((hi[i] >>> shift) & 0xffff)]++;
			lo2[pos] = lo[i];
			hi2[pos] = hi[i];
		}
		[lo, lo2] = [lo2, lo];
		[hi, hi2] = [hi2, hi];
	}
	for (let i = 0; i < n; i++) {
		let h = hi[i];
		let l = lo[i];
		if (h & 0x80000000) h = (h & 0x7fffffff) >>> 0;
		else {
			h = ~h >>> 0;
			l = ~l >>> 0;
		}
		words[2 * i + HI] = h;
		words[2 * i + LO] = l;
	}
	// Runs of equal high words are ordered by their low words only: finish them.
	for (let s = 0; s < n;) {
		const h = hi[s];
		let e = s + 1;
		while (e < n && hi[e] === h) e++;
		if (e - s > 1) {
			if (e - s <= INSERTION_MAX) {
				for (let i = s + 1; i < e; i++) {
					const v = src[i];
					let j = i - 1;
					while (j >= s && src[j] > v) {
						src[j + 1] = src[j];
						j--;
					}
					src[j + 1] = v;
				}
			} else src.subarray(s, e).sort();
		}
		s = e;
	}
	return src;
}
