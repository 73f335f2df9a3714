const RADIX_MIN = 4096;

// Scratch space reused between calls (per thread), so sorting many columns makes no garbage.
let scratch = new Uint32Array(0);
const counts = new Uint32Array(4 * 65536);

/**
 * Sort finite float64 values ascending into a new array (or in place with `inPlace`). Above a few
 * thousand values this is an LSD radix sort on the IEEE-754 bit patterns, made order-preserving by
 * flipping the sign bit of non-negative values and every bit of negative ones (Herf 2001, "Radix
 * Tricks"): four passes of 16 bits, a pass skipped when every key shares its digit. It is several
 * times faster than `Float64Array.prototype.sort` on a million values, in every JS engine. Same
 * order as the native sort, including −0 before +0; the input must not contain NaN.
 *
 * @example
 * sortFloat64(new Float64Array([3, -1, 2])); // Float64Array [-1, 2, 3]
 */
export function sortFloat64(values: Float64Array, inPlace = false): Float64Array {
	const n = values.length;
	if (n < RADIX_MIN) return (inPlace ? values : Float64Array.from(values)).sort();
	const src = inPlace ? values : new Float64Array(values);
	const words = new Uint32Array(src.buffer);
	// Little-endian hosts hold the low word first; detect once so big-endian stays correct.
	const le = new Uint8Array(new Float64Array([1]).buffer)[7] === 0x3f;
	const LO = le ? 0 : 1;
	const HI = le ? 1 : 0;
	if (scratch.length < 4 * n) scratch = new Uint32Array(4 * n);
	let lo = scratch.subarray(0, n);
	let hi = scratch.subarray(n, 2 * n);
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
		counts[l & 0xffff]++;
		counts[65536 + (l >>> 16)]++;
		counts[131072 + (h & 0xffff)]++;
		counts[196608 + (h >>> 16)]++;
	}
	let lo2 = scratch.subarray(2 * n, 3 * n);
	let hi2 = scratch.subarray(3 * n, 4 * n);
	for (let pass = 0; pass < 4; pass++) {
		const base = pass * 65536;
		const fromHi = pass >= 2;
		const shift = pass % 2 ? 16 : 0;
		const firstKey = ((fromHi ? hi[0] : lo[0]) >>> shift) & 0xffff;
		if (counts[base + firstKey] === n) continue;
		let sum = 0;
		for (let d = 0; d < 65536; d++) {
			const c = counts[base + d];
			counts[base + d] = sum;
			sum += c;
		}
		const keys = fromHi ? hi : lo;
		for (let i = 0; i < n; i++) {
			const d = (keys[i] >>> shift) & 0xffff;
			const pos = counts[base + d]++;
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
	return src;
}
