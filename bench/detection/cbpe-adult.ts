// CBPE validated on the Adult data: a logistic regression trained on the first half of adult.data,
// CBPE fitted on the second half (scores + labels), then estimated on windows of adult.test and
// compared with the realized metrics of those windows.
import {
	CBPE_METRICS,
	estimateCbpe,
	fitCbpe,
	realizedMetrics,
	type CbpeMetric
} from '../../src/lib/drift/advanced/cbpe';
import { loadAdult, predictLogistic, trainLogistic } from './adult';

export interface CbpeAdultValidation {
	trainRows: number;
	referenceRows: number;
	testRows: number;
	windowSize: number;
	calibrationApplied: boolean;
	/** Per window ordering: 'random' keeps the file order, 'by-age' sorts the test rows by age. */
	orderings: Record<
		'file-order' | 'by-age',
		{
			windows: number;
			mae: Record<CbpeMetric, number>;
			realizedRange: Record<CbpeMetric, [number, number]>;
			insideBand: Record<CbpeMetric, number>;
		}
	>;
}

/**
 * Runs the validation and returns the mean absolute error of each estimated metric over windows.
 *
 * @example
 * const v = validateCbpeOnAdult(1000);
 * v.orderings['by-age'].mae.accuracy; // ≈ 0.01
 */
export function validateCbpeOnAdult(windowSize = 1000): CbpeAdultValidation {
	const data = loadAdult('adult.data');
	const test = loadAdult('adult.test');
	const half = Math.floor(data.y.length / 2);
	const d = data.d;
	const model = trainLogistic(data.x.subarray(0, half * d), d, data.y.subarray(0, half));
	const refScores = predictLogistic(model, data.x.subarray(half * d), d);
	const cbpe = fitCbpe(refScores, data.y.subarray(half), { chunkSize: windowSize });
	const testScores = predictLogistic(model, test.x, d);
	const result = {} as CbpeAdultValidation['orderings'];
	for (const ordering of ['file-order', 'by-age'] as const) {
		const order = Array.from({ length: test.y.length }, (_, i) => i);
		if (ordering === 'by-age') order.sort((a, b) => test.age[a] - test.age[b] || a - b);
		const s = Float64Array.from(order, (i) => testScores[i]);
		const y = Uint8Array.from(order, (i) => test.y[i]);
		const errors = Object.fromEntries(CBPE_METRICS.map((k) => [k, [] as number[]])) as Record<
			CbpeMetric,
			number[]
		>;
		const realized = Object.fromEntries(CBPE_METRICS.map((k) => [k, [] as number[]])) as Record<
			CbpeMetric,
			number[]
		>;
		const inside = Object.fromEntries(CBPE_METRICS.map((k) => [k, 0])) as Record<
			CbpeMetric,
			number
		>;
		const windows = Math.floor(s.length / windowSize);
		for (let w = 0; w < windows; w++) {
			const ws = s.subarray(w * windowSize, (w + 1) * windowSize);
			const wy = y.subarray(w * windowSize, (w + 1) * windowSize);
			const est = estimateCbpe(cbpe, ws);
			const real = realizedMetrics(ws, wy, cbpe.threshold);
			for (const k of CBPE_METRICS) {
				const m = est.metrics[k];
				if (m.status !== 'ok' || !Number.isFinite(real[k])) continue;
				errors[k].push(Math.abs(m.value - real[k]));
				realized[k].push(real[k]);
				if (real[k] >= m.lowerBand && real[k] <= m.upperBand) inside[k]++;
			}
		}
		const mean = (a: number[]) => a.reduce((x, y) => x + y, 0) / a.length;
		result[ordering] = {
			windows,
			mae: Object.fromEntries(CBPE_METRICS.map((k) => [k, mean(errors[k])])) as Record<
				CbpeMetric,
				number
			>,
			realizedRange: Object.fromEntries(
				CBPE_METRICS.map((k) => [k, [Math.min(...realized[k]), Math.max(...realized[k])]])
			) as Record<CbpeMetric, [number, number]>,
			insideBand: Object.fromEntries(
				CBPE_METRICS.map((k) => [k, inside[k] / errors[k].length])
			) as Record<CbpeMetric, number>
		};
	}
	return {
		trainRows: half,
		referenceRows: data.y.length - half,
		testRows: test.y.length,
		windowSize,
		calibrationApplied: cbpe.calibration.applied,
		orderings: result
	};
}
