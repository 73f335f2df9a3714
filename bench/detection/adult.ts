// The Adult (census income) data and a small logistic regression trained in TypeScript, so the
// CBPE estimate can be checked against realized metrics on labelled windows.
import { readFileSync } from 'node:fs';

export const ADULT_DIR =
	process.env.VIGIL_ADULT_DIR ?? new URL('../../data/adult', import.meta.url).pathname;

export interface AdultRows {
	/** Row-major n×d features (see FEATURES). */
	x: Float64Array;
	d: number;
	y: Uint8Array;
	age: Float64Array;
}

/** Numeric columns plus two indicators; capital gain/loss on a log scale (they are heavy-tailed). */
export const FEATURES = [
	'age',
	'fnlwgt',
	'education-num',
	'log1p(capital-gain)',
	'log1p(capital-loss)',
	'hours-per-week',
	'married',
	'male'
];

/**
 * Parses adult.data / adult.test (comma-separated, "?" for missing, ">50K" or ">50K." labels).
 *
 * @example
 * const train = loadAdult('adult.data');
 */
export function loadAdult(file: 'adult.data' | 'adult.test'): AdultRows {
	const lines = readFileSync(`${ADULT_DIR}/${file}`, 'utf8').split('\n');
	const rows: number[][] = [];
	const labels: number[] = [];
	for (const line of lines) {
		const f = line.split(',').map((s) => s.trim());
		if (f.length !== 15 || f[0] === 'age' || f[0].startsWith('|')) continue;
		rows.push([
			Number(f[0]),
			Number(f[2]),
			Number(f[4]),
			Math.log1p(Number(f[10])),
			Math.log1p(Number(f[11])),
			Number(f[12]),
			f[5].startsWith('Married-civ') || f[5] === 'Married-AF-spouse' ? 1 : 0,
			f[9] === 'Male' ? 1 : 0
		]);
		labels.push(f[14].startsWith('>50K') ? 1 : 0);
	}
	const d = FEATURES.length;
	const x = new Float64Array(rows.length * d);
	rows.forEach((r, i) => x.set(r, i * d));
	return {
		x,
		d,
		y: Uint8Array.from(labels),
		age: Float64Array.from(rows, (r) => r[0])
	};
}

export interface LogisticModel {
	mean: Float64Array;
	sd: Float64Array;
	/** Intercept first, then one weight per standardized feature. */
	w: Float64Array;
}

function solve(a: Float64Array, b: Float64Array, n: number): Float64Array {
	const m = Float64Array.from(a);
	const v = Float64Array.from(b);
	for (let c = 0; c < n; c++) {
		let p = c;
		for (let r = c + 1; r < n; r++) if (Math.abs(m[r * n + c]) > Math.abs(m[p * n + c])) p = r;
		for (let k = 0; k < n; k++) [m[c * n + k], m[p * n + k]] = [m[p * n + k], m[c * n + k]];
		[v[c], v[p]] = [v[p], v[c]];
		for (let r = c + 1; r < n; r++) {
			const f = m[r * n + c] / m[c * n + c];
			for (let k = c; k < n; k++) m[r * n + k] -= f * m[c * n + k];
			v[r] -= f * v[c];
		}
	}
	const out = new Float64Array(n);
	for (let r = n - 1; r >= 0; r--) {
		let s = v[r];
		for (let k = r + 1; k < n; k++) s -= m[r * n + k] * out[k];
		out[r] = s / m[r * n + r];
	}
	return out;
}

/**
 * Logistic regression by Newton–Raphson (IRLS) with a small ridge (λ = 1e-4·n) on standardized
 * features.
 *
 * @example
 * const model = trainLogistic(train.x, train.d, train.y);
 */
export function trainLogistic(
	x: Float64Array,
	d: number,
	y: Uint8Array,
	iterations = 25
): LogisticModel {
	const n = y.length;
	const mean = new Float64Array(d);
	const sd = new Float64Array(d);
	for (let j = 0; j < d; j++) {
		let s = 0;
		for (let i = 0; i < n; i++) s += x[i * d + j];
		mean[j] = s / n;
		let ss = 0;
		for (let i = 0; i < n; i++) ss += (x[i * d + j] - mean[j]) ** 2;
		sd[j] = Math.sqrt(ss / (n - 1)) || 1;
	}
	const p = d + 1;
	const w = new Float64Array(p);
	const row = new Float64Array(p);
	for (let it = 0; it < iterations; it++) {
		const grad = new Float64Array(p);
		const hess = new Float64Array(p * p);
		for (let i = 0; i < n; i++) {
			row[0] = 1;
			for (let j = 0; j < d; j++) row[j + 1] = (x[i * d + j] - mean[j]) / sd[j];
			let z = 0;
			for (let j = 0; j < p; j++) z += w[j] * row[j];
			const mu = 1 / (1 + Math.exp(-z));
			const r = y[i] - mu;
			const wt = mu * (1 - mu);
			for (let a = 0; a < p; a++) {
				grad[a] += r * row[a];
				for (let b = 0; b < p; b++) hess[a * p + b] += wt * row[a] * row[b];
			}
		}
		const ridge = 1e-4 * n;
		for (let a = 1; a < p; a++) {
			grad[a] -= ridge * w[a];
			hess[a * p + a] += ridge;
		}
		const step = solve(hess, grad, p);
		let size = 0;
		for (let a = 0; a < p; a++) {
			w[a] += step[a];
			size += step[a] ** 2;
		}
		if (size < 1e-20) break;
	}
	return { mean, sd, w };
}

/**
 * Predicted probabilities P(y = 1 | x).
 *
 * @example
 * const scores = predictLogistic(model, test.x, test.d);
 */
export function predictLogistic(model: LogisticModel, x: Float64Array, d: number): Float64Array {
	const n = x.length / d;
	const out = new Float64Array(n);
	for (let i = 0; i < n; i++) {
		let z = model.w[0];
		for (let j = 0; j < d; j++)
			z += (model.w[j + 1] * (x[i * d + j] - model.mean[j])) / model.sd[j];
		out[i] = 1 / (1 + Math.exp(-z));
	}
	return out;
}
