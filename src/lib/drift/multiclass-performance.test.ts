import { describe, expect, it } from 'vitest';
import { multiclassPerformanceSchema } from '../contracts/report';
import { argmaxRows, multiclassMetrics } from './multiclass-performance';
import { DriftInputError } from './types';

// Eight rows of three classes; every expected value below is worked out by hand from the
// confusion matrix [[2, 1, 0], [0, 1, 1], [1, 0, 2]] (rows actual, columns predicted) and, for the
// ROC AUC, by counting the (positive, negative) pairs each class's probability orders correctly.
const classes = ['a', 'b', 'c'];
const y = Float64Array.of(0, 0, 1, 1, 2, 2, 2, 0);
const p = Float64Array.of(
	0.7, 0.2, 0.1,
	0.3, 0.6, 0.1,
	0.2, 0.7, 0.1,
	0.1, 0.3, 0.6,
	0.1, 0.1, 0.8,
	0.5, 0.2, 0.3,
	0.2, 0.2, 0.6,
	0.6, 0.3, 0.1
); // prettier-ignore

describe('multiclassMetrics', () => {
	it('matches the hand computation: per class, macro, micro, weighted, confusion matrix, OvR AUC', () => {
		const m = multiclassMetrics(y, p, classes);
		expect(multiclassPerformanceSchema.parse(m)).toEqual(m);
		expect(m.rows).toBe(8);
		expect(m.confusion_matrix).toEqual([
			[2, 1, 0],
			[0, 1, 1],
			[1, 0, 2]
		]);
		expect(m.accuracy).toBeCloseTo(5 / 8, 12);
		expect(m.micro).toEqual({ precision: 5 / 8, recall: 5 / 8, f1: 5 / 8 });
		const [a, b, c] = m.per_class;
		expect(a).toMatchObject({ class: 'a', support: 3 });
		expect(a.precision).toBeCloseTo(2 / 3, 12);
		expect(a.recall).toBeCloseTo(2 / 3, 12);
		expect(a.f1).toBeCloseTo(2 / 3, 12);
		expect(b.precision).toBeCloseTo(1 / 2, 12);
		expect(b.f1).toBeCloseTo(1 / 2, 12);
		expect(c.f1).toBeCloseTo(2 / 3, 12);
		// AUC: a 14 of 15 pairs; b 10.5 of 12 (one tie at 0.3); c 13.5 of 15 (one tie at 0.6).
		expect(a.roc_auc).toBeCloseTo(14 / 15, 12);
		expect(b.roc_auc).toBeCloseTo(0.875, 12);
		expect(c.roc_auc).toBeCloseTo(0.9, 12);
		expect(m.macro.f1).toBeCloseTo(11 / 18, 12);
		expect(m.weighted.f1).toBeCloseTo(5 / 8, 12);
		expect(m.macro.roc_auc).toBeCloseTo((14 / 15 + 0.875 + 0.9) / 3, 12);
		expect(m.weighted.roc_auc).toBeCloseTo((3 * (14 / 15) + 2 * 0.875 + 3 * 0.9) / 8, 12);
		const logs = [0.7, 0.3, 0.7, 0.3, 0.8, 0.3, 0.6, 0.6].map(Math.log);
		expect(m.log_loss).toBeCloseTo(-logs.reduce((s, v) => s + v, 0) / 8, 12);
	});

	it('a class with no rows in the window: zero row, null recall and AUC; macro over present classes', () => {
		// Rows of class a and b only; nothing is predicted as c.
		const y2 = Float64Array.of(0, 1, 1, 0);
		const p2 = Float64Array.of(0.8, 0.1, 0.1, 0.3, 0.6, 0.1, 0.6, 0.3, 0.1, 0.4, 0.5, 0.1);
		const m = multiclassMetrics(y2, p2, classes);
		const c = m.per_class[2];
		expect(c).toEqual({
			class: 'c',
			support: 0,
			precision: null,
			recall: null,
			f1: null,
			roc_auc: null
		});
		expect(m.confusion_matrix[2]).toEqual([0, 0, 0]);
		// a: tp 1, fp 1, fn 1 → F1 1/2; b: tp 1, fp 1, fn 1 → 1/2; c absent from labels and predictions.
		expect(m.macro.f1).toBeCloseTo(0.5, 12);
		// Predicted but absent: precision 0 counts in the macro mean (scikit-learn's zero_division 0).
		const p3 = Float64Array.of(0.1, 0.1, 0.8, 0.3, 0.6, 0.1, 0.2, 0.7, 0.1, 0.8, 0.1, 0.1);
		const m3 = multiclassMetrics(y2, p3, classes);
		expect(m3.per_class[2]).toMatchObject({ support: 0, precision: 0, recall: null, f1: 0 });
		expect(m3.macro.precision).toBeCloseTo((1 + 1 + 0) / 3, 12);
	});

	it('skips rows without a label or a probability', () => {
		const y3 = Float64Array.of(0, NaN, 2);
		const p3 = Float64Array.of(0.7, 0.2, 0.1, 0.2, 0.7, 0.1, NaN, NaN, NaN);
		expect(multiclassMetrics(y3, p3, classes).rows).toBe(1);
	});

	it('rejects labels of the wrong kind, unknown classes and scores that are not probabilities', () => {
		const row = Float64Array.of(0.2, 0.3, 0.5);
		expect(() => multiclassMetrics(Float64Array.of(1.5), row, classes)).toThrow(
			/row 0: label 1.5 is not a class index; a multiclass label is one of 0 \(a\), 1 \(b\), 2 \(c\)/
		);
		expect(() => multiclassMetrics(Float64Array.of(3), row, classes)).toThrow(
			/class index 3 is not a class of the model, which knows 3: a, b, c/
		);
		expect(() => multiclassMetrics(Float64Array.of(0), Float64Array.of(2, -1, 0), classes)).toThrow(
			DriftInputError
		);
		expect(() =>
			multiclassMetrics(Float64Array.of(0), Float64Array.of(0.5, 0.5, 0.5), classes)
		).toThrow(/sum to 1.5/);
		expect(() => multiclassMetrics(Float64Array.of(0, 1), row, classes)).toThrow(
			/differ in length/
		);
	});

	it('argmaxRows takes the first class on a tie and -1 for a missing row', () => {
		expect([...argmaxRows(Float64Array.of(0.5, 0.5, NaN, 0.5), 2)]).toEqual([0, -1]);
	});
});
