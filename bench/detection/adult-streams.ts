// Streaming detectors on the Adult model's prediction stream (scores) and error stream (0/1
// misclassifications, available once labels arrive): primed with the labelled reference, then fed the
// test rows in file order (no drift expected) and sorted by age (drift from the first rows on).
import { createDetector, type StreamingDetectorKind } from '../../src/lib/drift/advanced';
import { loadAdult, predictLogistic, trainLogistic } from './adult';

export interface AdultStreamRow {
	stream: 'prediction' | 'error';
	order: 'file-order' | 'by-age';
	detector: StreamingDetectorKind;
	drifts: number;
	/** Test row index of the first drift, null when none. */
	firstDrift: number | null;
}

function stats(x: Float64Array): { mean: number; sd: number } {
	const mean = x.reduce((a, b) => a + b, 0) / x.length;
	const sd = Math.sqrt(x.reduce((a, b) => a + (b - mean) ** 2, 0) / (x.length - 1));
	return { mean, sd };
}

/**
 * Runs Page-Hinkley, ADWIN and CUSUM on both streams in both orders.
 *
 * @example
 * const rows = adultStreams();
 */
export function adultStreams(): AdultStreamRow[] {
	const data = loadAdult('adult.data');
	const test = loadAdult('adult.test');
	const half = Math.floor(data.y.length / 2);
	const model = trainLogistic(data.x.subarray(0, half * data.d), data.d, data.y.subarray(0, half));
	const refScores = predictLogistic(model, data.x.subarray(half * data.d), data.d);
	const refY = data.y.subarray(half);
	const testScores = predictLogistic(model, test.x, test.d);
	const streams = {
		prediction: { ref: refScores, test: testScores },
		error: {
			ref: Float64Array.from(refScores, (s, i) => ((s >= 0.5 ? 1 : 0) !== refY[i] ? 1 : 0)),
			test: Float64Array.from(testScores, (s, i) => ((s >= 0.5 ? 1 : 0) !== test.y[i] ? 1 : 0))
		}
	};
	const byAge = Array.from({ length: test.y.length }, (_, i) => i).sort(
		(a, b) => test.age[a] - test.age[b] || a - b
	);
	const rows: AdultStreamRow[] = [];
	for (const [stream, { ref, test: values }] of Object.entries(streams) as [
		'prediction' | 'error',
		{ ref: Float64Array; test: Float64Array }
	][]) {
		const { mean, sd } = stats(ref);
		for (const order of ['file-order', 'by-age'] as const) {
			const seq = order === 'by-age' ? Float64Array.from(byAge, (i) => values[i]) : values;
			for (const kind of ['page-hinkley', 'adwin', 'cusum'] as const) {
				// PH and CUSUM read standardized values (λ and h assume unit scale); ADWIN reads raw ones.
				const z = (v: number) => (kind === 'adwin' ? v : (v - mean) / sd);
				const detector = createDetector(kind, kind === 'cusum' ? { mean: 0, sigma: 1 } : {});
				for (const v of ref) detector.update(z(v));
				let drifts = 0;
				let firstDrift: number | null = null;
				seq.forEach((v, i) => {
					if (detector.update(z(v)).drift) {
						drifts++;
						firstDrift ??= i;
					}
				});
				rows.push({ stream, order, detector: kind, drifts, firstDrift });
			}
		}
	}
	return rows;
}
