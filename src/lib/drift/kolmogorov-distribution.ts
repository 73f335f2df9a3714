/**
 * Distribution of the two-sided one-sample Kolmogorov statistic D_n, computed as scipy's
 * `kstwo.sf` (scipy/stats/_ksstats.py `_kolmogn`) with the algorithm selection of
 * Simard & L'Ecuyer, "Computing the Two-Sided Kolmogorov-Smirnov Distribution",
 * J. Stat. Softw. 39(11) (2011): Ruben–Gambino closed forms, Durbin's matrix (Marsaglia, Tsang &
 * Wang 2003), Pomeranz's recursion (1974), Pelz–Good's asymptotic series (1976) and the exact
 * one-sided Smirnov (Birnbaum–Tingey) sum.
 */

const E128 = 2 ** 128;
const EM128 = 2 ** -128;
const SQRT2PI = Math.sqrt(2 * Math.PI);
const LOG_2PI = Math.log(2 * Math.PI);
const PI2 = Math.PI ** 2;
const PI4 = Math.PI ** 4;
const PI6 = Math.PI ** 6;
const SQRT3 = Math.sqrt(3);
const STIRLING = [
	-0.029550653594771242, 0.00641025641025641, -0.0019175269175269176, 0.0008417508417508417,
	-0.0005952380952380953, 0.0007936507936507937, -0.002777777777777778, 0.08333333333333333
];

const clip = (p: number) => (p < 0 ? 0 : p > 1 ? 1 : p);

function logFactorialOverPower(n: number): number {
	const rn = 1 / n;
	let poly = 0;
	for (const c of STIRLING) poly = poly * (rn / n) + c;
	return Math.log(n) / 2 - n + LOG_2PI / 2 + rn * poly;
}

/**
 * Exact one-sided Smirnov survival function P(D_n⁺ ≥ x), Birnbaum & Tingey (1951):
 * `x Σ_{j=0}^{⌊n(1−x)⌋} C(n,j) (1 − x − j/n)^{n−j} (x + j/n)^{j−1}`, summed in log space.
 *
 * @example
 * smirnov(1, 0.3); // 0.7
 */
export function smirnov(n: number, x: number): number {
	if (!(n >= 1) || Number.isNaN(x)) return NaN;
	if (x <= 0) return 1;
	if (x >= 1) return 0;
	const jmax = Math.floor(n * (1 - x));
	const logx = Math.log(x);
	// log C(n, j), log(1 − x − j/n) and log(x + j/n) advance by log1p steps (a short series when the
	// step is below 1e-3) and are recomputed exactly every 64 terms, which keeps the accumulated
	// error near 1e-13 in each log while avoiding three Math.log calls per term for large n.
	let logC = 0;
	let la = 0;
	let lb = 0;
	let lj = 0;
	let lm = 0;
	let sum = 0;
	let prev = 0;
	for (let j = 0; j <= jmax; j++) {
		const a = 1 - x - j / n;
		const b = x + j / n;
		if (j < 1024 || n - j < 1024 || j % 64 === 0) {
			if (j > 0)
				logC = j % 64 === 0 && j >= 1024 ? logBinomial(n, j) : logC + Math.log((n - j + 1) / j);
			la = Math.log(a);
			lb = Math.log(b);
			lj = Math.log(j);
			lm = Math.log(n - j + 1);
		} else {
			// log C(n, j) − log C(n, j−1) = log(n − j + 1) − log j, both as log1p steps from j − 1.
			lj += log1pSmall(1 / (j - 1));
			lm += log1pSmall(-1 / (n - j + 2));
			logC += lm - lj;
			const ea = -1 / (n * (a + 1 / n));
			la = Math.abs(ea) < 1e-3 ? la + log1pSmall(ea) : Math.log(a);
			lb += log1pSmall(1 / (n * (b - 1 / n)));
		}
		if (a <= 0 && n - j > 0) continue;
		const term = Math.exp(logC + (n - j === 0 ? 0 : (n - j) * la) + logx + (j - 1) * lb);
		sum += term;
		// The terms rise to one peak and then fall; once falling and negligible, the rest is too.
		if (term < prev && term < sum * 1e-17) break;
		prev = term;
	}
	return clip(sum);
}

/** log1p(e): a five-term series for |e| < 1e-3 (error below 1e-18), else Math.log1p. */
function log1pSmall(e: number): number {
	if (Math.abs(e) >= 1e-3) return Math.log1p(e);
	return e * (1 - e * (0.5 - e * (1 / 3 - e * (0.25 - e * 0.2))));
}

function logBinomial(n: number, k: number): number {
	return lgammaStirling(n + 1) - lgammaStirling(k + 1) - lgammaStirling(n - k + 1);
}

/** ln Γ(z) for z ≥ 1 by Stirling's series (exact enough for z ≥ 10; small z by the product). */
function lgammaStirling(z: number): number {
	if (z < 10) {
		let p = 1;
		let zz = z;
		while (zz < 10) p *= zz++;
		return lgammaStirling(zz) - Math.log(p);
	}
	const r = 1 / z;
	const r2 = r * r;
	return (
		(z - 0.5) * Math.log(z) -
		z +
		0.5 * Math.log(2 * Math.PI) +
		r * (1 / 12 - r2 * (1 / 360 - r2 * (1 / 1260 - r2 * (1 / 1680 - r2 / 1188))))
	);
}

function matmul(a: Float64Array, b: Float64Array, m: number): Float64Array {
	const out = new Float64Array(m * m);
	for (let i = 0; i < m; i++)
		for (let k = 0; k < m; k++) {
			const aik = a[i * m + k];
			if (aik === 0) continue;
			for (let j = 0; j < m; j++) out[i * m + j] += aik * b[k * m + j];
		}
	return out;
}

/**
 * Durbin's matrix algorithm for the CDF P(D_n ≤ d), as Marsaglia, Tsang & Wang (2003),
 * "Evaluating Kolmogorov's Distribution", J. Stat. Softw. 8(18).
 *
 * @example
 * kolmogorovDurbinCdf(10, 0.274); // ≈ 0.6284796154565043
 */
export function kolmogorovDurbinCdf(n: number, d: number): number {
	if (d >= 1) return 1;
	const nd = n * d;
	if (nd <= 0.5) return 0;
	const k = Math.ceil(nd);
	const h = k - nd;
	const m = 2 * k - 1;
	let H: Float64Array = new Float64Array(m * m);
	const v = new Float64Array(m);
	const w = new Float64Array(m);
	let fac = 1;
	for (let j = 1; j <= m; j++) {
		v[j - 1] = 1 - h ** j;
		w[j - 1] = fac;
		fac /= j;
		v[j - 1] *= fac;
	}
	const tt = Math.max(2 * h - 1, 0) ** m - 2 * h ** m;
	v[m - 1] = (1 + tt) * fac;
	for (let i = 1; i < m; i++) for (let r = i - 1; r < m; r++) H[r * m + i] = w[r - (i - 1)];
	for (let r = 0; r < m; r++) H[r * m] = v[r];
	for (let c = 0; c < m; c++) H[(m - 1) * m + c] = v[m - 1 - c];
	let P: Float64Array = new Float64Array(m * m);
	for (let i = 0; i < m; i++) P[i * m + i] = 1;
	let nn = n;
	let expnt = 0;
	let hexpnt = 0;
	while (nn > 0) {
		if (nn % 2) {
			P = matmul(P, H, m);
			expnt += hexpnt;
		}
		H = matmul(H, H, m);
		hexpnt *= 2;
		if (Math.abs(H[(k - 1) * m + (k - 1)]) > E128) {
			for (let i = 0; i < H.length; i++) H[i] /= E128;
			hexpnt += 128;
		}
		nn = Math.floor(nn / 2);
	}
	let p = P[(k - 1) * m + (k - 1)];
	for (let i = 1; i <= n; i++) {
		p = (i * p) / n;
		if (Math.abs(p) < EM128) {
			p *= E128;
			expnt -= 128;
		}
	}
	if (expnt !== 0) p = p * 2 ** expnt;
	return clip(p);
}

function pomeranzJ1J2(
	i: number,
	n: number,
	ll: number,
	ceilf: number,
	roundf: number
): [number, number] {
	let j1: number;
	let j2: number;
	if (i === 0) {
		j1 = -ll - ceilf - 1;
		j2 = ll + ceilf - 1;
	} else {
		const ip1div2 = Math.floor((i + 1) / 2);
		const ip1mod2 = (i + 1) % 2;
		if (ip1mod2 === 0) {
			if (ip1div2 === n + 1) {
				j1 = n - ll - ceilf - 1;
				j2 = n + ll + ceilf - 1;
			} else {
				j1 = ip1div2 - 1 - ll - roundf - 1;
				j2 = ip1div2 + ll - 1 + ceilf - 1;
			}
		} else {
			j1 = ip1div2 - 1 - ll - 1;
			j2 = ip1div2 + ll + roundf - 1;
		}
	}
	return [Math.max(j1 + 2, 0), Math.min(j2, n)];
}

/**
 * Pomeranz's recursion for the CDF P(D_n ≤ x): Pomeranz (1974), "Exact cumulative distribution
 * of the Kolmogorov-Smirnov statistic for small samples", CACM 17(12), algorithm 487.
 *
 * @example
 * kolmogorovPomeranzCdf(20, 0.3); // ≈ 0.95
 */
export function kolmogorovPomeranzCdf(n: number, x: number): number {
	const t = n * x;
	const ll = Math.floor(t);
	const f = t - ll;
	const g = Math.min(f, 1 - f);
	const ceilf = f > 0 ? 1 : 0;
	const roundf = f > 0.5 ? 1 : 0;
	const npwrs = 2 * (ll + 1);
	const gpower = new Float64Array(npwrs);
	const twogpower = new Float64Array(npwrs);
	const onem2gpower = new Float64Array(npwrs);
	gpower[0] = twogpower[0] = onem2gpower[0] = 1;
	const gn = g / n;
	const g2n = (2 * g) / n;
	const o2gn = (1 - 2 * g) / n;
	for (let m = 1; m < npwrs; m++) {
		gpower[m] = (gpower[m - 1] * gn) / m;
		twogpower[m] = (twogpower[m - 1] * g2n) / m;
		onem2gpower[m] = (onem2gpower[m - 1] * o2gn) / m;
	}
	let V0 = new Float64Array(npwrs);
	let V1 = new Float64Array(npwrs);
	V1[0] = 1;
	let V0s = 0;
	let V1s = 0;
	let expnt = 0;
	let j1 = pomeranzJ1J2(0, n, ll, ceilf, roundf)[0];
	let j2: number;
	for (let i = 1; i < 2 * n + 2; i++) {
		const k1 = j1;
		[V0, V1] = [V1, V0];
		[V0s, V1s] = [V1s, V0s];
		V1.fill(0);
		[j1, j2] = pomeranzJ1J2(i, n, ll, ceilf, roundf);
		const pwrs = i === 1 || i === 2 * n + 1 ? gpower : i % 2 ? twogpower : onem2gpower;
		const ln2 = j2 - k1 + 1;
		if (ln2 > 0) {
			const segStart = k1 - V0s;
			// numpy slicing truncates at the end of the row.
			const segLen = Math.min(ln2, npwrs - segStart);
			const convStart = j1 - k1;
			const convLen = j2 - j1 + 1;
			// Entries convStart..convStart+convLen-1 of the full convolution of V0[k1-V0s..] and pwrs.
			let vmax = 0;
			for (let o = 0; o < convLen; o++) {
				const idx = convStart + o;
				let s = 0;
				const lo = Math.max(0, idx - (ln2 - 1));
				const hi = Math.min(idx, segLen - 1);
				for (let a = lo; a <= hi; a++) s += V0[segStart + a] * pwrs[idx - a];
				V1[o] = s;
				if (s > vmax) vmax = s;
			}
			if (vmax > 0 && vmax < EM128) {
				for (let o = 0; o < npwrs; o++) V1[o] *= E128;
				expnt -= 128;
			}
			V1s = V0s + j1 - k1;
		}
	}
	let ans = V1[n - V1s];
	for (let m = 1; m <= n; m++) {
		if (Math.abs(ans) > E128) {
			ans *= EM128;
			expnt += 128;
		}
		ans *= m;
	}
	if (expnt !== 0) ans = ans * 2 ** expnt;
	return clip(ans);
}

/**
 * Pelz–Good asymptotic series for the CDF P(D_n ≤ x) (Pelz & Good 1976, J. R. Stat. Soc. B 38;
 * four terms of the Li-Chien/Korolyuk expansion in powers of 1/√n, theta-transformed).
 *
 * @example
 * kolmogorovPelzGoodCdf(1000, 0.03); // ≈ 0.68
 */
export function kolmogorovPelzGoodCdf(n: number, x: number): number {
	if (x <= 0) return 0;
	if (x >= 1) return 1;
	const z = Math.sqrt(n) * x;
	const z2 = z ** 2;
	const z3 = z ** 3;
	const z4 = z ** 4;
	const z6 = z ** 6;
	const qlog = -PI2 / 8 / z2;
	if (qlog < -708) return 0;
	let q = Math.exp(qlog);
	const k1a = -z2;
	const k1b = PI2 / 4;
	const k2a = 6 * z6 + 2 * z4;
	const k2b = ((2 * z4 - 5 * z2) * PI2) / 4;
	const k2c = (PI4 * (1 - 2 * z2)) / 16;
	const k3d = (PI6 * (5 - 30 * z2)) / 64;
	const k3c = (PI4 * (-60 * z2 + 212 * z4)) / 16;
	const k3b = (PI2 * (135 * z4 - 96 * z6)) / 4;
	const k3a = -30 * z6 - 90 * z ** 8;
	const K = [0, 0, 0, 0];
	const maxk = Math.ceil((16 * z) / Math.PI);
	for (let k = maxk; k > 0; k--) {
		const m = 2 * k - 1;
		const m2 = m ** 2;
		const m4 = m ** 4;
		const m6 = m ** 6;
		const qp = q ** (8 * k);
		const c = [1, k1a + k1b * m2, k2a + k2b * m2 + k2c * m4, k3a + k3b * m2 + k3c * m4 + k3d * m6];
		for (let i = 0; i < 4; i++) K[i] = K[i] * qp + c[i];
	}
	const div = [z, 6 * z4, 72 * z ** 7, 6480 * z ** 10];
	for (let i = 0; i < 4; i++) K[i] = (K[i] * q * SQRT2PI) / div[i];
	q = Math.exp(-PI2 / 2 / z2);
	let k2extra = 0;
	let k3extra = 0;
	const sqrt3z = SQRT3 * z;
	for (let k = maxk; k > 0; k--) {
		const ks2 = k * k;
		const qp = q ** ks2;
		k2extra += ks2 * qp;
		const kspi = Math.PI * k;
		k3extra += (sqrt3z + kspi) * (sqrt3z - kspi) * ks2 * qp;
	}
	K[2] += (k2extra * PI2 * SQRT2PI) / (-36 * z3);
	K[3] += (k3extra * PI2 * SQRT2PI) / (216 * z6);
	let sum = 0;
	for (let i = 0; i < 4; i++) sum += K[i] / n ** (i / 2);
	return sum;
}

/**
 * Survival function of the two-sided Kolmogorov statistic, P(D_n ≥ x), with scipy's algorithm
 * selection (`scipy.stats.kstwo.sf`): NaN unless n is a positive integer.
 *
 * @example
 * kolmogorovSf(100, 0.1); // ≈ 0.2606
 */
export function kolmogorovSf(n: number, x: number): number {
	if (Number.isNaN(n) || Number.isNaN(x) || !Number.isInteger(n) || n <= 0) return NaN;
	if (x >= 1) return 0;
	if (x <= 0) return 1;
	const t = n * x;
	if (t <= 1) {
		if (t <= 0.5) return 1;
		let prob: number;
		if (n <= 140) {
			prob = 1;
			for (let i = 1; i <= n; i++) prob *= i * (1 / n) * (2 * t - 1);
		} else prob = Math.exp(logFactorialOverPower(n) + n * Math.log(2 * t - 1));
		return clip(1 - prob);
	}
	if (t >= n - 1) return clip(2 * (1 - x) ** n);
	if (x >= 0.5) return clip(2 * smirnov(n, x));
	const nx2 = t * x;
	if (n <= 140) {
		if (nx2 <= 0.754693) return clip(1 - kolmogorovDurbinCdf(n, x));
		if (nx2 <= 4) return clip(1 - kolmogorovPomeranzCdf(n, x));
		return clip(2 * smirnov(n, x));
	}
	if (nx2 >= 370) return 0;
	if (nx2 >= 2.2) return clip(2 * smirnov(n, x));
	let cdf: number;
	if (nx2 >= 18) cdf = 1;
	else if (n <= 100000 && n * x ** 1.5 <= 1.4) cdf = kolmogorovDurbinCdf(n, x);
	else cdf = kolmogorovPelzGoodCdf(n, x);
	return clip(1 - cdf);
}

/**
 * Kolmogorov's limiting distribution Q(x) = 2 Σ_{k≥1} (−1)^{k−1} e^{−2k²x²} (scipy
 * `special.kolmogorov`); for x ≤ 0.82 the theta form `1 − √(2π)/x Σ_{k odd} e^{−k²π²/(8x²)}`.
 *
 * @example
 * kolmogorovLimitSf(1.3580986393225505); // ≈ 0.05
 */
export function kolmogorovLimitSf(x: number): number {
	if (Number.isNaN(x)) return NaN;
	if (x <= 0) return 1;
	if (x <= 0.82) {
		let s = 0;
		for (let k = 1; k < 200; k += 2) {
			const term = Math.exp((-k * k * PI2) / (8 * x * x));
			s += term;
			if (term < 1e-300) break;
		}
		return clip(1 - (SQRT2PI / x) * s);
	}
	let s = 0;
	for (let k = 1; k < 200; k++) {
		const term = Math.exp(-2 * k * k * x * x);
		s += (k % 2 ? 1 : -1) * term;
		if (term < 1e-300) break;
	}
	return clip(2 * s);
}
