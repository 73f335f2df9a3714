import type { Performance, ProxyMetrics } from '../contracts/report';
import { quantileSorted } from './sorted';
import { DriftInputError } from './types';

const fin = (x: number): number | null => (Number.isFinite(x) ? x : null);

/**
 * Regression metrics over rows where both label and prediction are finite: RMSE, MAE, MAPE (over
 * rows with a non-zero label, as a share) and R² = 1 − SS_res/SS_tot (null when the labels are
 * constant). Hyndman & Koehler (2006), "Another look at measures of forecast accuracy", IJF 22(4).
 *
 * @example
 * regressionMetrics(new Float64Array([1, 2]), new Float64Array([1, 3])).mae; // 0.5
 */
export function regressionMetrics(y: Float64Array, yhat: Float64Array): Performance {
	if (y.length !== yhat.length)
		throw new DriftInputError(
			'invalid_option',
			`labels (${y.length}) and predictions (${yhat.length}) differ in length`
		);
	let n = 0;
	let se = 0;
	let ae = 0;
	let ape = 0;
	let nape = 0;
	let sy = 0;
	for (let i = 0; i < y.length; i++) {
		if (!Number.isFinite(y[i]) || !Number.isFinite(yhat[i])) continue;
		const d = yhat[i] - y[i];
		n++;
		se += d * d;
		ae += Math.abs(d);
		sy += y[i];
		if (y[i] !== 0) {
			ape += Math.abs(d / y[i]);
			nape++;
		}
	}
	const mean = sy / n;
	let sst = 0;
	for (let i = 0; i < y.length; i++)
		if (Number.isFinite(y[i]) && Number.isFinite(yhat[i])) sst += (y[i] - mean) ** 2;
	return {
		task: 'regression',
		rows: n,
		rmse: fin(Math.sqrt(se / n)),
		mae: fin(ae / n),
		mape: nape ? fin(ape / nape) : null,
		r2: sst > 0 ? fin(1 - se / sst) : null
	};
}

/**
 * ROC AUC by the Mann–Whitney statistic with midranks for ties (Hanley & McNeil 1982,
 * Radiology 143(1)): `(Σ ranks of positives − P(P+1)/2) / (P·N)`.
 *
 * @example
 * rocAuc(new Uint8Array([0, 1]), new Float64Array([0.2, 0.9])); // 1
 */
export function rocAuc(labels: Uint8Array, scores: Float64Array): number {
	const n = labels.length;
	const idx = Array.from({ length: n }, (_, i) => i).sort((a, b) => scores[a] - scores[b]);
	let rankPos = 0;
	let pos = 0;
	for (let s = 0; s < n;) {
		let e = s;
		while (e + 1 < n && scores[idx[e + 1]] === scores[idx[s]]) e++;
		const r = (s + e) / 2 + 1;
		for (let t = s; t <= e; t++)
			if (labels[idx[t]]) {
				rankPos += r;
				pos++;
			}
		s = e + 1;
	}
	const neg = n - pos;
	if (pos === 0 || neg === 0) return NaN;
	return (rankPos - (pos * (pos + 1)) / 2) / (pos * neg);
}

/**
 * Binary classification metrics from 0/1 labels and scores in [0, 1] (hard 0/1 predictions are
 * scores too): accuracy, precision, recall, F1 and the confusion matrix at 0.5, ROC AUC, and log
 * loss with scores clipped to [1e-15, 1 − 1e-15]. Rows with a missing label or score are skipped.
 *
 * @throws DriftInputError `invalid_option` for labels other than 0/1 or scores outside [0, 1].
 * @example
 * classificationMetrics(new Float64Array([0, 1]), new Float64Array([0.1, 0.8])).accuracy; // 1
 */
export function classificationMetrics(y: Float64Array, score: Float64Array): Performance {
	if (y.length !== score.length)
		throw new DriftInputError(
			'invalid_option',
			`labels (${y.length}) and scores (${score.length}) differ in length`
		);
	const labels: number[] = [];
	const scores: number[] = [];
	for (let i = 0; i < y.length; i++) {
		if (!Number.isFinite(y[i]) || !Number.isFinite(score[i])) continue;
		if (y[i] !== 0 && y[i] !== 1)
			throw new DriftInputError(
				'invalid_option',
				`classification labels must be 0 or 1; row ${i} is ${y[i]}`
			);
		if (score[i] < 0 || score[i] > 1)
			throw new DriftInputError(
				'invalid_option',
				`classification scores must be in [0, 1]; row ${i} is ${score[i]}`
			);
		labels.push(y[i]);
		scores.push(score[i]);
	}
	let tp = 0;
	let fp = 0;
	let tn = 0;
	let fn = 0;
	let ll = 0;
	for (let i = 0; i < labels.length; i++) {
		const p = scores[i] >= 0.5 ? 1 : 0;
		if (p && labels[i]) tp++;
		else if (p) fp++;
		else if (labels[i]) fn++;
		else tn++;
		const s = Math.min(Math.max(scores[i], 1e-15), 1 - 1e-15);
		ll -= labels[i] ? Math.log(s) : Math.log(1 - s);
	}
	const n = labels.length;
	const precision = tp / (tp + fp);
	const recall = tp / (tp + fn);
	return {
		task: 'classification',
		rows: n,
		accuracy: fin((tp + tn) / n),
		precision: fin(precision),
		recall: fin(recall),
		f1: fin((2 * precision * recall) / (precision + recall)),
		roc_auc: fin(rocAuc(Uint8Array.from(labels), Float64Array.from(scores))),
		log_loss: fin(ll / n),
		confusion_matrix: { tp, fp, tn, fn }
	};
}

/**
 * Label-free proxy metrics of the model output: mean, population std, quantiles (numpy linear),
 * positive rate (share ≥ 0.5, classification) and the entropy in nats of the scores in 10 equal
 * bins ([0, 1] for classification, else [min, max]).
 *
 * @example
 * proxyMetrics(new Float64Array([0.2, 0.8]), true).positive_rate; // 0.5
 */
export function proxyMetrics(predictions: Float64Array, classification: boolean): ProxyMetrics {
	const sorted = Float64Array.from(predictions.filter(Number.isFinite)).sort();
	const n = sorted.length;
	if (n === 0)
		return {
			rows: 0,
			mean: null,
			std: null,
			quantiles: { p05: null, p25: null, p50: null, p75: null, p95: null },
			...(classification ? { positive_rate: null } : {}),
			score_entropy: null
		};
	let s = 0;
	for (const v of sorted) s += v;
	const mean = s / n;
	let ss = 0;
	for (const v of sorted) ss += (v - mean) ** 2;
	const lo = classification ? 0 : sorted[0];
	const hi = classification ? 1 : sorted[n - 1];
	const counts = new Array<number>(10).fill(0);
	for (const v of sorted) {
		const b = hi > lo ? Math.min(9, Math.max(0, Math.floor(((v - lo) / (hi - lo)) * 10))) : 0;
		counts[b]++;
	}
	let entropy = 0;
	for (const c of counts) if (c > 0) entropy -= (c / n) * Math.log(c / n);
	const q = (p: number) => fin(quantileSorted(sorted, p));
	const out: ProxyMetrics = {
		rows: n,
		mean: fin(mean),
		std: fin(Math.sqrt(ss / n)),
		quantiles: { p05: q(0.05), p25: q(0.25), p50: q(0.5), p75: q(0.75), p95: q(0.95) },
		score_entropy: fin(entropy)
	};
	if (classification) out.positive_rate = fin((n - sortedIndexOfHalf(sorted)) / n);
	return out;
}

function sortedIndexOfHalf(sorted: Float64Array): number {
	let lo = 0;
	let hi = sorted.length;
	while (lo < hi) {
		const mid = (lo + hi) >>> 1;
		if (sorted[mid] < 0.5) lo = mid + 1;
		else hi = mid;
	}
	return lo;
}
