/**
 * Root mean squared error, sqrt(mean((y - ŷ)²)).
 *
 * @example
 * rmse(Float64Array.of(1, 2), Float32Array.of(1, 4)); // √2
 */
export function rmse(y: ArrayLike<number>, yhat: ArrayLike<number>): number {
	let s = 0;
	for (let i = 0; i < y.length; i++) s += (y[i] - yhat[i]) ** 2;
	return Math.sqrt(s / y.length);
}

/**
 * Mean absolute error, mean(|y - ŷ|).
 *
 * @example
 * mae(Float64Array.of(1, 2), Float32Array.of(2, 2)); // 0.5
 */
export function mae(y: ArrayLike<number>, yhat: ArrayLike<number>): number {
	let s = 0;
	for (let i = 0; i < y.length; i++) s += Math.abs(y[i] - yhat[i]);
	return s / y.length;
}

/**
 * Coefficient of determination, 1 - SS_res / SS_tot (scikit-learn's r2_score).
 *
 * @example
 * r2(Float64Array.of(1, 2, 3), Float64Array.of(1, 2, 3)); // 1
 */
export function r2(y: ArrayLike<number>, yhat: ArrayLike<number>): number {
	let mean = 0;
	for (let i = 0; i < y.length; i++) mean += y[i];
	mean /= y.length;
	let res = 0;
	let tot = 0;
	for (let i = 0; i < y.length; i++) {
		res += (y[i] - yhat[i]) ** 2;
		tot += (y[i] - mean) ** 2;
	}
	return 1 - res / tot;
}

/**
 * Area under the ROC curve: the Mann-Whitney U statistic of the scores of positives against
 * negatives, ties counted one half (scikit-learn's roc_auc_score).
 *
 * @example
 * rocAuc(Float64Array.of(0, 1, 1), Float64Array.of(0.1, 0.8, 0.4)); // 1
 */
export function rocAuc(y: ArrayLike<number>, score: ArrayLike<number>): number {
	const order = Array.from({ length: y.length }, (_, i) => i).sort((a, b) => score[a] - score[b]);
	let rankSumPos = 0;
	let pos = 0;
	for (let i = 0; i < order.length;) {
		let j = i;
		while (j + 1 < order.length && score[order[j + 1]] === score[order[i]]) j++;
		const midRank = (i + j) / 2 + 1;
		for (let k = i; k <= j; k++) {
			if (y[order[k]] === 1) {
				rankSumPos += midRank;
				pos++;
			}
		}
		i = j + 1;
	}
	const neg = y.length - pos;
	if (pos === 0 || neg === 0) return Number.NaN;
	return (rankSumPos - (pos * (pos + 1)) / 2) / (pos * neg);
}

/**
 * Confusion-matrix metrics of the predicted labels (score > threshold) against 0/1 truth:
 * F1 = 2TP / (2TP + FP + FN), accuracy, precision and recall.
 *
 * @example
 * classification(Float64Array.of(1, 0), Float64Array.of(0.9, 0.2)).f1; // 1
 */
export function classification(
	y: ArrayLike<number>,
	score: ArrayLike<number>,
	threshold = 0.5
): { f1: number; accuracy: number; precision: number; recall: number } {
	let tp = 0;
	let fp = 0;
	let fn = 0;
	let tn = 0;
	for (let i = 0; i < y.length; i++) {
		const predicted = score[i] > threshold ? 1 : 0;
		if (predicted === 1 && y[i] === 1) tp++;
		else if (predicted === 1) fp++;
		else if (y[i] === 1) fn++;
		else tn++;
	}
	return {
		f1: (2 * tp) / Math.max(1, 2 * tp + fp + fn),
		accuracy: (tp + tn) / Math.max(1, y.length),
		precision: tp / Math.max(1, tp + fp),
		recall: tp / Math.max(1, tp + fn)
	};
}

/**
 * Mean log loss of probabilities p of the positive class, clipped to [1e-15, 1 - 1e-15].
 *
 * @example
 * logLoss(Float64Array.of(1), Float64Array.of(0.5)); // ln 2
 */
export function logLoss(y: ArrayLike<number>, p: ArrayLike<number>): number {
	let s = 0;
	for (let i = 0; i < y.length; i++) {
		const q = Math.min(1 - 1e-15, Math.max(1e-15, p[i]));
		s -= y[i] === 1 ? Math.log(q) : Math.log(1 - q);
	}
	return s / y.length;
}
