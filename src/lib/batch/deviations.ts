/**
 * Leave-one-batch-out deviations on the grid: `d_ijk = x_ijk − mean_{m≠i} x_mjk`, batch i's
 * deviation from the centre of the other batches at the same batch time (NaN where batch i has
 * no value or fewer than one other batch has). Computed from the sums over all batches by
 * removing batch i (a rank-one downdate), so leaving every batch out costs O(I·J·K) instead of
 * I refits. These are the honest deviations every limit of the reference is learnt from: a batch
 * compared with a centre that contains it looks closer than a new batch will (van Sprang et al.
 * 2002, Chem. Eng. Sci. 57:3979–3991).
 *
 * @example
 * const { centre, deviations } = leftOutDeviations(values);
 * deviations[2][0][100]; // batch 2, variable 0, grid point 100
 */
export function leftOutDeviations(values: Float64Array[][]): {
	centre: Float64Array;
	count: Int32Array;
	deviations: Float64Array[][];
} {
	const J = values[0].length;
	const K = values[0][0].length;
	const sum = new Float64Array(K * J);
	const count = new Int32Array(K * J);
	for (const b of values)
		for (let j = 0; j < J; j++)
			for (let k = 0; k < K; k++) {
				const x = b[j][k];
				if (Number.isFinite(x)) {
					sum[k * J + j] += x;
					count[k * J + j]++;
				}
			}
	const centre = new Float64Array(K * J).fill(Number.NaN);
	for (let i = 0; i < K * J; i++) if (count[i] > 0) centre[i] = sum[i] / count[i];
	const deviations = values.map((b) =>
		b.map((v, j) => {
			const d = new Float64Array(K).fill(Number.NaN);
			for (let k = 0; k < K; k++) {
				const x = v[k];
				const n = count[k * J + j] - 1;
				if (Number.isFinite(x) && n >= 1) d[k] = x - (sum[k * J + j] - x) / n;
			}
			return d;
		})
	);
	return { centre, count, deviations };
}
