import { describe, expect, it } from 'vitest';
import { classification, logLoss, mae, r2, rmse, rocAuc } from './metrics';

describe('metrics', () => {
	it('ROC AUC: scikit-learn roc_auc_score docs example gives 0.75', () => {
		expect(rocAuc([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8])).toBeCloseTo(0.75, 12);
	});

	it('ROC AUC counts ties as one half', () => {
		expect(rocAuc([0, 1], [0.5, 0.5])).toBe(0.5);
	});

	it('F1, accuracy, precision, recall from a confusion matrix worked by hand (TP 2, FP 1, FN 1, TN 1)', () => {
		const c = classification([1, 1, 1, 0, 0], [0.9, 0.8, 0.1, 0.7, 0.2]);
		expect(c.f1).toBeCloseTo(4 / 6, 12);
		expect(c.accuracy).toBeCloseTo(3 / 5, 12);
		expect(c.precision).toBeCloseTo(2 / 3, 12);
		expect(c.recall).toBeCloseTo(2 / 3, 12);
	});

	it('RMSE, MAE and R² (scikit-learn r2_score docs example: 0.948…)', () => {
		const y = [3, -0.5, 2, 7];
		const yhat = [2.5, 0.0, 2, 8];
		expect(r2(y, yhat)).toBeCloseTo(0.9486081370449679, 12);
		expect(rmse(y, yhat)).toBeCloseTo(Math.sqrt(0.375), 12);
		expect(mae(y, yhat)).toBeCloseTo(0.5, 12);
	});

	it('log loss of p = 0.5 is ln 2', () => {
		expect(logLoss([1, 0], [0.5, 0.5])).toBeCloseTo(Math.LN2, 12);
	});
});
