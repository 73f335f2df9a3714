/**
 * Centre and scale at each batch time (Nomikos & MacGregor 1994, "Monitoring batch processes
 * using multiway principal component analysis", AIChE J. 40:1361–1375: every variable is centred
 * on the mean trajectory and scaled by its spread at the same batch time).
 *
 * With few reference batches the spread at one time rests on I − 1 degrees of freedom, so the
 * squared deviations are pooled over a window of ±`window` grid points (a box kernel over
 * neighbouring batch times): `s²_jk = Σ_l Σ_i (x_ijl − m_jl)² / Σ_l (n_jl − 1)`, |l − k| ≤ window.
 * Deviations are taken from each time's own mean, so recipe steps do not inflate the spread.
 *
 * A spread of zero (a set-point that every reference batch follows exactly, or a time where the
 * batches happen to agree) would make any deviation infinite; the scale is floored at
 * `max(floorShare · median_k s_jk, globalShare · sd_j, 1e-9·max(1, |mean_j|))`, where sd_j is the
 * variable's standard deviation over all reference rows. The floors are documented defaults
 * (docs/batch-engineering.md), not tuned on fault cases.
 */
export interface ScalingOptions {
	/** Half-width of the pooling window, in grid points. */
	window: number;
	/** Floor as a share of the variable's median scale over batch time (default 0.5). */
	floorShare?: number;
	/** Floor as a share of the variable's overall standard deviation (default 0.01). */
	globalShare?: number;
}

export interface Scaling {
	/** `K·J`, row-major by grid point; NaN where no batch reaches the point. */
	centre: Float64Array;
	scale: Float64Array;
	/** Batches with a value, per grid point and variable (`K·J`). */
	count: Int32Array;
}

/**
 * Fits the per-time centre and the pooled, floored scale of batches on a common grid.
 *
 * @example
 * // values[i][j] is batch i, variable j on the grid
 * const { centre, scale } = fitScaling(values, { window: 10 });
 */
export function fitScaling(values: Float64Array[][], options: ScalingOptions): Scaling {
	const I = values.length;
	const J = values[0].length;
	const K = values[0][0].length;
	const floorShare = options.floorShare ?? 0.5;
	const globalShare = options.globalShare ?? 0.01;
	const centre = new Float64Array(K * J).fill(Number.NaN);
	const scale = new Float64Array(K * J).fill(Number.NaN);
	const count = new Int32Array(K * J);
	const ss = new Float64Array(K + 1);
	const df = new Float64Array(K + 1);
	for (let j = 0; j < J; j++) {
		let gSum = 0;
		let gSq = 0;
		let gN = 0;
		for (let k = 0; k < K; k++) {
			let s = 0;
			let n = 0;
			for (let i = 0; i < I; i++) {
				const x = values[i][j][k];
				if (Number.isFinite(x)) {
					s += x;
					n++;
					gSum += x;
					gSq += x * x;
					gN++;
				}
			}
			count[k * J + j] = n;
			if (n === 0) {
				ss[k + 1] = ss[k];
				df[k + 1] = df[k];
				continue;
			}
			const m = s / n;
			centre[k * J + j] = m;
			let q = 0;
			for (let i = 0; i < I; i++) {
				const x = values[i][j][k];
				if (Number.isFinite(x)) q += (x - m) * (x - m);
			}
			ss[k + 1] = ss[k] + q;
			df[k + 1] = df[k] + n - 1;
		}
		const raw = new Float64Array(K).fill(Number.NaN);
		for (let k = 0; k < K; k++) {
			if (count[k * J + j] === 0) continue;
			const lo = Math.max(0, k - options.window);
			const hi = Math.min(K, k + options.window + 1);
			const d = df[hi] - df[lo];
			raw[k] = d > 0 ? Math.sqrt(Math.max(0, ss[hi] - ss[lo]) / d) : 0;
		}
		const finiteRaw = Array.from(raw)
			.filter(Number.isFinite)
			.sort((a, b) => a - b);
		const median = finiteRaw.length ? finiteRaw[Math.floor(finiteRaw.length / 2)] : 0;
		const gMean = gN ? gSum / gN : 0;
		const gSd = gN > 1 ? Math.sqrt(Math.max(0, (gSq - gN * gMean * gMean) / (gN - 1))) : 0;
		const floor = Math.max(
			floorShare * median,
			globalShare * gSd,
			1e-9 * Math.max(1, Math.abs(gMean))
		);
		for (let k = 0; k < K; k++)
			if (Number.isFinite(raw[k])) scale[k * J + j] = Math.max(raw[k], floor);
	}
	return { centre, scale, count };
}
