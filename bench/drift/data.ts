/** Seeded data for the drift benchmark: xoshiro128** uniforms and Box–Muller normals. */

export function xoshiro128(seed: number): () => number {
	// splitmix32 to spread the seed over the state
	let s = seed >>> 0;
	const next = () => {
		s = (s + 0x9e3779b9) >>> 0;
		let z = s;
		z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
		z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
		return (z ^ (z >>> 16)) >>> 0;
	};
	let a = next();
	let b = next();
	let c = next();
	let d = next();
	return () => {
		const m = Math.imul(b, 5);
		const r = Math.imul((m << 7) | (m >>> 25), 9) >>> 0;
		const t = b << 9;
		c ^= a;
		d ^= b;
		b ^= c;
		a ^= d;
		c ^= t;
		d = (d << 11) | (d >>> 21);
		return (r + 0.5) / 4294967296;
	};
}

/** Fill `out` with normal(loc, scale) values from a seeded generator. */
export function fillNormal(out: Float64Array, seed: number, loc: number, scale: number): void {
	const u = xoshiro128(seed);
	for (let i = 0; i < out.length; i += 2) {
		const r = Math.sqrt(-2 * Math.log(u()));
		const th = 2 * Math.PI * u();
		out[i] = loc + scale * r * Math.cos(th);
		if (i + 1 < out.length) out[i + 1] = loc + scale * r * Math.sin(th);
	}
}

/** Column c of the current window: the first quarter of the columns drift (shift 0.02·(c+1)). */
export function columnParams(c: number, columns: number) {
	const loc = c * 0.5;
	const scale = 1 + (c % 4) * 0.25;
	const shift = c < columns / 4 ? 0.02 * (c + 1) * scale : 0;
	return { loc, scale, shift };
}
