import type { MulticlassPerformance } from '../contracts/report';
import { rocAuc } from './performance';
import { DriftInputError, type ColumnData } from './types';

/** Most classes a multiclass report describes (the confusion matrix grows as K²). */
export const MAX_CLASSES = 100;

const fin = (x: number): number | null => (Number.isFinite(x) ? x : null);

/**
 * Checks a row-major n × K probability matrix: every entry in [0, 1] (NaN marks a row without a
 * prediction) and each complete row summing to 1 within 1e-3 (float32 softmax outputs).
 *
 * @throws DriftInputError `invalid_option` naming the row.
 * @example
 * checkProbabilities(Float64Array.of(0.2, 0.8), 2); // 1 row
 */
export function checkProbabilities(probabilities: ArrayLike<number>, classes: number): number {
	if (!Number.isInteger(classes) || classes < 2 || classes > MAX_CLASSES)
		throw new DriftInputError(
			'invalid_option',
			`a multiclass model needs 2 to ${MAX_CLASSES} classes, got ${classes}`
		);
	if (probabilities.length % classes !== 0)
		throw new DriftInputError(
			'invalid_option',
			`${probabilities.length} probabilities are not rows of ${classes} classes`
		);
	const n = probabilities.length / classes;
	for (let i = 0; i < n; i++) {
		let sum = 0;
		let missing = 0;
		for (let k = 0; k < classes; k++) {
			const p = probabilities[i * classes + k];
			if (Number.isNaN(p)) missing++;
			else if (!(p >= 0 && p <= 1))
				throw new DriftInputError(
					'invalid_option',
					`row ${i}: probability of class ${k} is ${p}, not in [0, 1]`
				);
			else sum += p;
		}
		if (missing === 0 && Math.abs(sum - 1) > 1e-3)
			throw new DriftInputError(
				'invalid_option',
				`row ${i}: class probabilities sum to ${sum.toPrecision(6)}, not 1 (pass probabilities, not scores)`
			);
	}
	return n;
}

/**
 * Checks multiclass labels: class indices 0 … K − 1 (NaN = no label). A fractional or negative
 * value is a label of the wrong kind; an index ≥ K is a class the model does not know.
 *
 * @throws DriftInputError `invalid_option` naming the row and what was expected.
 * @example
 * checkClassLabels(Float64Array.of(0, 2, NaN), ['a', 'b', 'c']); // ok
 */
export function checkClassLabels(y: ArrayLike<number>, classes: readonly string[]): void {
	for (let i = 0; i < y.length; i++) {
		const v = y[i];
		if (Number.isNaN(v)) continue;
		if (!Number.isInteger(v) || v < 0)
			throw new DriftInputError(
				'invalid_option',
				`row ${i}: label ${v} is not a class index; a multiclass label is one of ${classes.map((c, k) => `${k} (${c})`).join(', ')}`
			);
		if (v >= classes.length)
			throw new DriftInputError(
				'invalid_option',
				`row ${i}: class index ${v} is not a class of the model, which knows ${classes.length}: ${classes.join(', ')}`
			);
	}
}

/**
 * A label column as class indices of `classes`: names of a categorical column by their position in
 * `classes`, numbers as they are (checked by checkClassLabels); missing → NaN.
 *
 * @throws DriftInputError naming the row of a class name the model does not know.
 * @example
 * classIndices(categoricalColumn('weather', ['rain', 'clear']), ['clear', 'mist', 'rain']); // [2, 0]
 */
export function classIndices(column: ColumnData, classes: readonly string[]): Float64Array {
	if (column.type === 'numerical') {
		checkClassLabels(column.values, classes);
		return column.values;
	}
	const index = column.categories.map((c) => classes.indexOf(c));
	return Float64Array.from(column.codes, (code, row) => {
		if (code < 0) return NaN;
		if (index[code] < 0)
			throw new DriftInputError(
				'invalid_option',
				`column "${column.name}", row ${row}: class "${column.categories[code]}" is not a class of the model (${classes.join(', ')})`,
				{ column: column.name, row }
			);
		return index[code];
	});
}

/**
 * The arg max of each row of an n × K probability matrix (the first class on a tie; -1 for a row
 * with a missing probability).
 *
 * @example
 * argmaxRows(Float64Array.of(0.1, 0.9, 0.5, 0.5), 2); // Int32Array [1, 0]
 */
export function argmaxRows(probabilities: ArrayLike<number>, classes: number): Int32Array {
	const n = probabilities.length / classes;
	const out = new Int32Array(n);
	for (let i = 0; i < n; i++) {
		let arg = 0;
		for (let k = 0; k < classes; k++) {
			const p = probabilities[i * classes + k];
			if (Number.isNaN(p)) {
				arg = -1;
				break;
			}
			if (p > probabilities[i * classes + arg]) arg = k;
		}
		out[i] = arg;
	}
	return out;
}

/** Precision, recall and F1 from one class's counts; null where the denominator is 0. */
export function classScores(
	tp: number,
	fp: number,
	fn: number
): { precision: number | null; recall: number | null; f1: number | null } {
	return {
		precision: tp + fp > 0 ? tp / (tp + fp) : null,
		recall: tp + fn > 0 ? tp / (tp + fn) : null,
		f1: 2 * tp + fp + fn > 0 ? (2 * tp) / (2 * tp + fp + fn) : null
	};
}

/**
 * Macro and support-weighted averages over the classes present in the labels or the predictions
 * (scikit-learn's default label set), an undefined per-class value counting as 0 (its
 * zero_division = 0).
 */
export function averages(
	perClass: { support: number; present: boolean; values: (number | null)[] }[]
): { macro: (number | null)[]; weighted: (number | null)[] } {
	const present = perClass.filter((c) => c.present);
	const width = perClass[0]?.values.length ?? 0;
	const total = present.reduce((s, c) => s + c.support, 0);
	const macro: (number | null)[] = [];
	const weighted: (number | null)[] = [];
	for (let j = 0; j < width; j++) {
		macro.push(
			present.length ? present.reduce((s, c) => s + (c.values[j] ?? 0), 0) / present.length : null
		);
		weighted.push(
			total > 0 ? present.reduce((s, c) => s + c.support * (c.values[j] ?? 0), 0) / total : null
		);
	}
	return { macro, weighted };
}

/**
 * Multiclass classification metrics by label (scikit-learn's classification_report conventions):
 * per class k with TP_k, FP_k, FN_k from the confusion matrix C (C[a][p] = rows of actual class a
 * predicted as p, prediction = arg max of the probabilities),
 *
 *   precision_k = TP_k/(TP_k + FP_k),  recall_k = TP_k/(TP_k + FN_k),  F1_k = 2TP_k/(2TP_k + FP_k + FN_k),
 *
 * null when the denominator is 0 (no predictions of k, no rows of k). Macro = unweighted mean over
 * the classes present in the labels or the predictions, weighted = mean weighted by support, an
 * undefined value counting as 0; micro precision = recall = F1 = accuracy (one label per row).
 * One-vs-rest ROC AUC per class (Mann–Whitney with midranks, Hanley & McNeil 1982) of p_k against
 * [y = k], null for a class with no rows (or only rows) of it; its macro mean and prevalence-weighted
 * mean over the classes where it is defined (Provost & Domingos 2000). Log loss −mean log p_y,
 * p clipped to [1e-15, 1 − 1e-15]. Rows with a missing label or probability are skipped.
 *
 * A class with no rows in the window keeps its row of zeros in the confusion matrix and null recall
 * and ROC AUC; it counts in the macro means only when the model predicted it.
 *
 * Reference: F. Pedregosa et al., "Scikit-learn", JMLR 12 (2011) (sklearn.metrics
 * precision_recall_fscore_support, roc_auc_score multi_class='ovr'); D. M. W. Powers (2011),
 * "Evaluation: from precision, recall and F-measure to ROC, informedness, markedness &
 * correlation", JMLT 2(1).
 *
 * @throws DriftInputError for labels that are not class indices of the model and probabilities
 * outside [0, 1] or not summing to 1.
 * @example
 * const m = multiclassMetrics(Float64Array.of(0, 1, 2), Float64Array.of(0.8, 0.1, 0.1, 0.2, 0.7, 0.1, 0.3, 0.3, 0.4), ['a', 'b', 'c']);
 * m.accuracy; // 1
 */
export function multiclassMetrics(
	y: ArrayLike<number>,
	probabilities: ArrayLike<number>,
	classes: readonly string[]
): MulticlassPerformance {
	const K = classes.length;
	const n = checkProbabilities(probabilities, K);
	if (y.length !== n)
		throw new DriftInputError(
			'invalid_option',
			`labels (${y.length}) and probability rows (${n}) differ in length`
		);
	checkClassLabels(y, classes);
	const predicted = argmaxRows(probabilities, K);
	const rows: number[] = [];
	for (let i = 0; i < n; i++) if (!Number.isNaN(y[i]) && predicted[i] >= 0) rows.push(i);
	const confusion = Array.from({ length: K }, () => new Array<number>(K).fill(0));
	let logLoss = 0;
	for (const i of rows) {
		confusion[y[i]][predicted[i]]++;
		const p = Math.min(Math.max(probabilities[i * K + y[i]], 1e-15), 1 - 1e-15);
		logLoss -= Math.log(p);
	}
	let correct = 0;
	for (let k = 0; k < K; k++) correct += confusion[k][k];
	const perClass = classes.map((name, k) => {
		const tp = confusion[k][k];
		let support = 0;
		let predictedK = 0;
		for (let j = 0; j < K; j++) {
			support += confusion[k][j];
			predictedK += confusion[j][k];
		}
		const s = classScores(tp, predictedK - tp, support - tp);
		const auc = rocAuc(
			Uint8Array.from(rows, (i) => (y[i] === k ? 1 : 0)),
			Float64Array.from(rows, (i) => probabilities[i * K + k])
		);
		return { class: name, support, predicted: predictedK, ...s, roc_auc: fin(auc) };
	});
	const { macro, weighted } = averages(
		perClass.map((c) => ({
			support: c.support,
			present: c.support > 0 || c.predicted > 0,
			values: [c.precision, c.recall, c.f1]
		}))
	);
	const withAuc = perClass.filter((c) => c.roc_auc !== null);
	const aucSupport = withAuc.reduce((s, c) => s + c.support, 0);
	const accuracy = rows.length ? correct / rows.length : null;
	return {
		task: 'multiclass',
		rows: rows.length,
		classes: [...classes],
		accuracy,
		log_loss: rows.length ? fin(logLoss / rows.length) : null,
		per_class: perClass.map(({ predicted: _p, ...c }) => c),
		macro: {
			precision: macro[0],
			recall: macro[1],
			f1: macro[2],
			roc_auc: withAuc.length ? withAuc.reduce((s, c) => s + c.roc_auc!, 0) / withAuc.length : null
		},
		micro: { precision: accuracy, recall: accuracy, f1: accuracy },
		weighted: {
			precision: weighted[0],
			recall: weighted[1],
			f1: weighted[2],
			roc_auc:
				aucSupport > 0 ? withAuc.reduce((s, c) => s + c.support * c.roc_auc!, 0) / aucSupport : null
		},
		confusion_matrix: confusion
	};
}
