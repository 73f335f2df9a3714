import { EigenvalueDecomposition, Matrix } from 'ml-matrix';

/** Principal components of scaled data: eigenvalues descending and loadings (J × A, row-major). */
export interface PcaModel {
	variables: number;
	components: number;
	eigenvalues: Float64Array;
	loadings: Float64Array;
	/** Every eigenvalue of the covariance matrix, descending (for the explained share). */
	spectrum: Float64Array;
}

/**
 * PCA of scaled rows (N × J, row-major, already centred at each batch time): the eigen-decomposition
 * of the covariance `ZᵀZ / (N − 1)` by ml-matrix. The number of components is `components` when
 * given, otherwise the Kaiser–Guttman rule: the eigenvalues above the average eigenvalue (Jolliffe,
 * "Principal Component Analysis", 2nd ed. 2002, section 6.1.2), at least 1 and at most J − 1 so
 * that a residual space (SPE) always remains.
 *
 * @example
 * const pca = fitPca(rows, n, J);
 * pca.components; // e.g. 5
 */
export function fitPca(rows: Float64Array, n: number, J: number, components?: number): PcaModel {
	const cov = new Matrix(J, J);
	for (let a = 0; a < J; a++)
		for (let b = a; b < J; b++) {
			let s = 0;
			for (let r = 0; r < n; r++) s += rows[r * J + a] * rows[r * J + b];
			const v = s / Math.max(1, n - 1);
			cov.set(a, b, v);
			cov.set(b, a, v);
		}
	const eig = new EigenvalueDecomposition(cov, { assumeSymmetric: true });
	const values = eig.realEigenvalues;
	const vectors = eig.eigenvectorMatrix;
	const order = values.map((_, i) => i).sort((a, b) => values[b] - values[a]);
	const spectrum = Float64Array.from(order, (i) => Math.max(0, values[i]));
	let A = components;
	if (A === undefined) {
		const mean = spectrum.reduce((s, v) => s + v, 0) / J;
		A = spectrum.filter((v) => v > mean).length;
	}
	A = Math.max(1, Math.min(J - 1 || 1, A));
	while (A > 1 && !(spectrum[A - 1] > 1e-12 * Math.max(1, spectrum[0]))) A--;
	const loadings = new Float64Array(J * A);
	for (let a = 0; a < A; a++) {
		const col = order[a];
		// A deterministic sign (largest loading positive), so equal data give equal references.
		let big = 0;
		for (let j = 0; j < J; j++)
			if (Math.abs(vectors.get(j, col)) > Math.abs(big)) big = vectors.get(j, col);
		const sign = big < 0 ? -1 : 1;
		for (let j = 0; j < J; j++) loadings[j * A + a] = sign * vectors.get(j, col);
	}
	return {
		variables: J,
		components: A,
		eigenvalues: spectrum.slice(0, A),
		loadings,
		spectrum
	};
}

/**
 * Hotelling's T² and the squared prediction error of one scaled observation z (J values):
 * `t = Pᵀz`, `T² = Σ_a t_a² / λ_a`, `SPE = ‖z − Pt‖² = ‖z‖² − ‖t‖²` (P orthonormal), in
 * O(J·A) (Jackson, "A User's Guide to Principal Components", Wiley 1991, ch. 1–2).
 * `scores` (length A) receives t when given.
 *
 * @example
 * const { t2, spe } = pcaStatistics(pca, z);
 */
export function pcaStatistics(
	pca: Pick<PcaModel, 'components' | 'eigenvalues' | 'loadings'>,
	z: ArrayLike<number>,
	scores?: Float64Array
): { t2: number; spe: number } {
	const A = pca.components;
	const J = z.length;
	let t2 = 0;
	let tt = 0;
	let zz = 0;
	for (let j = 0; j < J; j++) zz += z[j] * z[j];
	for (let a = 0; a < A; a++) {
		let t = 0;
		for (let j = 0; j < J; j++) t += pca.loadings[j * A + a] * z[j];
		if (scores) scores[a] = t;
		t2 += (t * t) / pca.eigenvalues[a];
		tt += t * t;
	}
	return { t2, spe: Math.max(0, zz - tt) };
}
