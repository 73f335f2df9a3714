/**
 * Seeded pseudo-random numbers for reproducible tests and benchmarks (mulberry32, Box–Muller).
 *
 * Reference: mulberry32 by Tommy Ettinger (public domain); G. E. P. Box, M. E. Muller, "A note on
 * the generation of random normal deviates", Ann. Math. Statist. 29 (1958) 610–611.
 *
 * @example
 * const rng = seededRandom(42);
 * rng.uniform(); // in [0, 1)
 * rng.normal(); // standard normal
 */
export function seededRandom(seed: number): { uniform: () => number; normal: () => number } {
	let a = seed >>> 0;
	const uniform = (): number => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
	let spare: number | null = null;
	const normal = (): number => {
		if (spare !== null) {
			const v = spare;
			spare = null;
			return v;
		}
		let u = 0;
		while (u === 0) u = uniform();
		const v = uniform();
		const r = Math.sqrt(-2 * Math.log(u));
		spare = r * Math.sin(2 * Math.PI * v);
		return r * Math.cos(2 * Math.PI * v);
	};
	return { uniform, normal };
}
