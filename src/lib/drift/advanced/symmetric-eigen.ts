import { DriftInputError } from '../types';

/**
 * Eigendecomposition of a real symmetric matrix by the cyclic Jacobi method.
 *
 * Method: repeatedly annihilate each off-diagonal entry a_pq with a plane rotation J(p, q, θ),
 * A ← JᵀAJ, V ← VJ, where θ is chosen so that a′_pq = 0: with ϑ = (a_qq − a_pp)/(2a_pq),
 * t = sgn(ϑ)/(|ϑ| + √(ϑ² + 1)), c = 1/√(t² + 1), s = t·c. Sweeps over all p < q continue until the
 * off-diagonal Frobenius norm is below 1e-14 of the matrix norm (quadratic convergence: a handful
 * of sweeps). The diagonal then holds the eigenvalues and the columns of V the orthonormal
 * eigenvectors; both are returned sorted by decreasing eigenvalue. Cost O(d³) per sweep — meant for
 * covariance matrices of tens to a few hundred features.
 *
 * Reference: Golub & Van Loan, *Matrix Computations*, 4th ed., §8.5 (cyclic Jacobi); Press et al.,
 * *Numerical Recipes*, 3rd ed., §11.1.
 */
export interface SymmetricEigen {
	/** Eigenvalues, largest first. */
	values: Float64Array;
	/** Row-major d×d: vectors[i·d + k] is component i of the k-th eigenvector. */
	vectors: Float64Array;
}

/**
 * Eigenvalues and eigenvectors of the symmetric d×d matrix `matrix` (row-major; not modified).
 *
 * @example
 * const { values, vectors } = symmetricEigen(Float64Array.of(2, 1, 1, 2), 2);
 * values; // Float64Array [3, 1]; first eigenvector ±(1/√2, 1/√2)
 */
export function symmetricEigen(
	matrix: ArrayLike<number>,
	d: number,
	maxSweeps = 100
): SymmetricEigen {
	if (!Number.isInteger(d) || d < 1 || matrix.length !== d * d) {
		throw new DriftInputError(
			'invalid_option',
			`symmetricEigen: expected a ${d}×${d} matrix, got ${matrix.length} entries`
		);
	}
	const a = Float64Array.from(matrix);
	let norm = 0;
	for (let i = 0; i < d; i++) {
		for (let j = 0; j < d; j++) {
			const v = a[i * d + j];
			if (!Number.isFinite(v)) {
				throw new DriftInputError('invalid_option', `symmetricEigen: entry (${i}, ${j}) is ${v}`);
			}
			if (Math.abs(v - a[j * d + i]) > 1e-9 * (Math.abs(v) + Math.abs(a[j * d + i]) + 1e-300)) {
				throw new DriftInputError(
					'invalid_option',
					`symmetricEigen: matrix is not symmetric at (${i}, ${j})`
				);
			}
			norm += v * v;
		}
	}
	const v = new Float64Array(d * d);
	for (let i = 0; i < d; i++) v[i * d + i] = 1;
	const tolerance = 1e-28 * norm;
	for (let sweep = 0; sweep < maxSweeps; sweep++) {
		let off = 0;
		for (let p = 0; p < d; p++) for (let q = p + 1; q < d; q++) off += 2 * a[p * d + q] ** 2;
		if (off <= tolerance) break;
		for (let p = 0; p < d - 1; p++) {
			for (let q = p + 1; q < d; q++) {
				const apq = a[p * d + q];
				if (apq === 0) continue;
				const theta = (a[q * d + q] - a[p * d + p]) / (2 * apq);
				const t = (theta >= 0 ? 1 : -1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
				const c = 1 / Math.sqrt(t * t + 1);
				const s = t * c;
				for (let k = 0; k < d; k++) {
					const akp = a[k * d + p];
					const akq = a[k * d + q];
					a[k * d + p] = c * akp - s * akq;
					a[k * d + q] = s * akp + c * akq;
				}
				for (let k = 0; k < d; k++) {
					const apk = a[p * d + k];
					const aqk = a[q * d + k];
					a[p * d + k] = c * apk - s * aqk;
					a[q * d + k] = s * apk + c * aqk;
				}
				for (let k = 0; k < d; k++) {
					const vkp = v[k * d + p];
					const vkq = v[k * d + q];
					v[k * d + p] = c * vkp - s * vkq;
					v[k * d + q] = s * vkp + c * vkq;
				}
			}
		}
	}
	const order = Array.from({ length: d }, (_, i) => i).sort((x, y) => a[y * d + y] - a[x * d + x]);
	const values = Float64Array.from(order, (i) => a[i * d + i]);
	const vectors = new Float64Array(d * d);
	for (let k = 0; k < d; k++) for (let i = 0; i < d; i++) vectors[i * d + k] = v[i * d + order[k]];
	return { values, vectors };
}
