import { numpySum } from './special/numpy-sum';
import { countDistinctSorted } from './binned';
import { searchSorted } from './sorted';
import { DriftInputError } from './types';

export interface AndersonResult {
	/** Standardized k-sample statistic (A²kN − (k − 1))/σ. */
	statistic: number;
	/** Interpolated significance level in [0.001, 0.25] (Evidently's p-value). */
	significanceLevel: number;
	criticalValues: number[];
	capped: boolean;
	floored: boolean;
}

const B0 = [0.675, 1.281, 1.645, 1.96, 2.326, 2.573, 3.085];
const B1 = [-0.245, 0.25, 0.678, 1.149, 1.822, 2.364, 3.615];
const B2 = [-0.105, -0.305, -0.362, -0.391, -0.396, -0.345, -0.154];
const SIG = [0.25, 0.1, 0.05, 0.025, 0.01, 0.005, 0.001];

/** Least-squares quadratic through (x, y), as `np.polyfit(x, y, 2)`, returns [c2, c1, c0]. */
function polyfit2(x: number[], y: number[]): [number, number, number] {
	// Normal equations solved by Gaussian elimination with partial pivoting.
	const s = [0, 0, 0, 0, 0];
	const t = [0, 0, 0];
	for (let i = 0; i < x.length; i++) {
		let p = 1;
		for (let k = 0; k < 5; k++) {
			s[k] += p;
			if (k < 3) t[k] += p * y[i];
			p *= x[i];
		}
	}
	const M = [
		[s[4], s[3], s[2], t[2]],
		[s[3], s[2], s[1], t[1]],
		[s[2], s[1], s[0], t[0]]
	];
	for (let c = 0; c < 3; c++) {
		let piv = c;
		for (let r = c + 1; r < 3; r++) if (Math.abs(M[r][c]) > Math.abs(M[piv][c])) piv = r;
		[M[c], M[piv]] = [M[piv], M[c]];
		for (let r = c + 1; r < 3; r++) {
			const f = M[r][c] / M[c][c];
			for (let k = c; k < 4; k++) M[r][k] -= f * M[c][k];
		}
	}
	const sol = [0, 0, 0];
	for (let r = 2; r >= 0; r--) {
		let v = M[r][3];
		for (let k = r + 1; k < 3; k++) v -= M[r][k] * sol[k];
		sol[r] = v / M[r][r];
	}
	return [sol[0], sol[1], sol[2]];
}

/**
 * Anderson–Darling k-sample test for k = 2 with midranks, as `scipy.stats.anderson_ksamp`
 * in scipy 1.10 (Scholz & Stephens 1987, "K-Sample Anderson-Darling Tests", JASA 82(399)):
 * `A²kN = (N−1)/N Σ_i 1/n_i Σ_j l_j/N (N·M_ij − B_j n_i)² / (B_j(N − B_j) − N l_j/4)`,
 * standardized by its variance σ², and a significance level interpolated (quadratic in the critical
 * values, on the log scale) and limited to [0.001, 0.25]. docs/statistics.md §6.
 *
 * @throws DriftInputError `degenerate` with fewer than 2 distinct pooled values or N ≤ 3.
 * @example
 * andersonKSampleSorted(new Float64Array([1, 2, 3, 4]), new Float64Array([5, 6, 7, 8])).capped; // false
 */
export function andersonKSampleSorted(a: Float64Array, b: Float64Array): AndersonResult {
	const samples = [a, b];
	const k = 2;
	const N = a.length + b.length;
	const Z = new Float64Array(N);
	Z.set(a);
	Z.set(b, a.length);
	Z.sort();
	const nd = countDistinctSorted(Z);
	if (nd < 2)
		throw new DriftInputError('degenerate', 'anderson: needs more than one distinct observation');
	if (N <= 3)
		throw new DriftInputError('degenerate', `anderson: needs more than 3 observations, got ${N}`);
	const Zstar = new Float64Array(nd);
	for (let i = 0, m = 0; i < N; i++) if (i === 0 || Z[i] !== Z[i - 1]) Zstar[m++] = Z[i];
	const lj = new Float64Array(nd);
	const Bj = new Float64Array(nd);
	for (let j = 0; j < nd; j++) {
		const left = searchSorted(Z, Zstar[j], 'left');
		lj[j] = N === nd ? 1 : searchSorted(Z, Zstar[j], 'right') - left;
		Bj[j] = left + lj[j] / 2;
	}
	let A2 = 0;
	const inner = new Float64Array(nd);
	for (const s of samples) {
		const ni = s.length;
		for (let j = 0; j < nd; j++) {
			const right = searchSorted(s, Zstar[j], 'right');
			const fij = right - searchSorted(s, Zstar[j], 'left');
			const Mij = right - fij / 2;
			inner[j] =
				((lj[j] / N) * (N * Mij - Bj[j] * ni) ** 2) / (Bj[j] * (N - Bj[j]) - (N * lj[j]) / 4);
		}
		A2 += numpySum(inner) / ni;
	}
	A2 *= (N - 1) / N;
	const H = 1 / a.length + 1 / b.length;
	const hs = new Float64Array(N - 2);
	let acc = 0;
	for (let i = 0; i < N - 2; i++) {
		acc += 1 / (N - 1 - i);
		hs[i] = acc;
	}
	const h = hs[N - 3] + 1;
	const gt = new Float64Array(N - 2);
	for (let i = 0; i < N - 2; i++) gt[i] = hs[i] / (i + 2);
	const g = numpySum(gt);
	const av = (4 * g - 6) * (k - 1) + (10 - 6 * g) * H;
	const bv = (2 * g - 4) * k ** 2 + 8 * h * k + (2 * g - 14 * h - 4) * H - 8 * h + 4 * g - 6;
	const cv = (6 * h + 2 * g - 2) * k ** 2 + (4 * h - 4 * g + 6) * k + (2 * h - 6) * H + 4 * h;
	const dv = (2 * h + 6) * k ** 2 - 4 * h * k;
	const sigmasq = (av * N ** 3 + bv * N ** 2 + cv * N + dv) / ((N - 1) * (N - 2) * (N - 3));
	const m = k - 1;
	const statistic = (A2 - m) / Math.sqrt(sigmasq);
	const critical = B0.map((b0, i) => b0 + B1[i] / Math.sqrt(m) + B2[i] / m);
	let p: number;
	let capped = false;
	let floored = false;
	if (statistic < Math.min(...critical)) {
		p = 0.25;
		capped = true;
	} else if (statistic > Math.max(...critical)) {
		p = 0.001;
		floored = true;
	} else {
		const [c2, c1, c0] = polyfit2(critical, SIG.map(Math.log));
		p = Math.exp((c2 * statistic + c1) * statistic + c0);
	}
	return { statistic, significanceLevel: p, criticalValues: critical, capped, floored };
}
