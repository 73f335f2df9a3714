import { describe, expect, it } from 'vitest';
import { fitCbpe } from './cbpe';
import { fitPcaReconstruction } from './pca-reconstruction';
import { seededRandom } from './random';
import {
	advancedDriftSchema,
	cbpeResult,
	cbpeResultSchema,
	createDetector,
	multivariateDriftResult,
	multivariateDriftResultSchema,
	restoreDetector,
	runStreamingDetector,
	streamingDriftResultSchema
} from './schemas';
import type { ColumnData } from '../types';

function scores(seed: number, n: number) {
	const rng = seededRandom(seed);
	const s = new Float64Array(n);
	const y = new Uint8Array(n);
	for (let i = 0; i < n; i++) {
		s[i] = rng.uniform();
		y[i] = rng.uniform() < s[i] ? 1 : 0;
	}
	return { s, y };
}

describe('advanced result schemas', () => {
	it('validates the CBPE result, including not_enough_data windows', () => {
		const ref = scores(1, 3000);
		const model = fitCbpe(ref.s, ref.y);
		const result = cbpeResult(model, [
			{ window: { index: 0, start: 0, end: 1000 }, scores: scores(2, 1000).s },
			{ window: { index: 1, start: 1000, end: 1010, label: 'tail' }, scores: scores(3, 10).s }
		]);
		const parsed = cbpeResultSchema.parse(JSON.parse(JSON.stringify(result)));
		expect(parsed.windows[1].metrics.accuracy.status).toBe('not_enough_data');
		expect(parsed.windows[0].metrics.roc_auc.status).toBe('ok');
		// A number where the union demands a status object is rejected.
		const broken = structuredClone(result) as unknown as {
			windows: { metrics: { f1: unknown } }[];
		};
		broken.windows[1].metrics.f1 = 0.5;
		expect(cbpeResultSchema.safeParse(broken).success).toBe(false);
	});

	it('validates the multivariate result', () => {
		const rng = seededRandom(4);
		const cols = (n: number): ColumnData[] => [
			{
				name: 'a',
				type: 'numerical',
				values: Float64Array.from({ length: n }, () => rng.normal())
			},
			{ name: 'b', type: 'numerical', values: new Float64Array(n).fill(3) }
		];
		const model = fitPcaReconstruction(cols(3000));
		const result = multivariateDriftResult(model, [
			{ window: { index: 0, start: 0, end: 400 }, columns: cols(400) }
		]);
		expect(result.constant_columns).toEqual(['b']);
		expect(multivariateDriftResultSchema.parse(result).windows[0].result.status).toBe('ok');
	});

	it('summarizes a streaming run and restores validated state', () => {
		const xs = [...Array(200).fill(0), ...Array(200).fill(1)].map((v, i) => v + 0.01 * Math.sin(i));
		for (const kind of ['page-hinkley', 'adwin', 'cusum'] as const) {
			const detector = createDetector(kind);
			const result = runStreamingDetector(detector, xs.slice(0, 300), 'prediction');
			expect(streamingDriftResultSchema.parse(result).detector).toBe(kind);
			const restored = restoreDetector(JSON.parse(JSON.stringify(detector.toJSON())));
			const a = runStreamingDetector(detector, xs.slice(300), 'prediction');
			const b = runStreamingDetector(restored, xs.slice(300), 'prediction');
			expect(b).toEqual(a);
		}
		expect(() => restoreDetector({ kind: 'adwin', rows: 'nope' })).toThrow();
		expect(advancedDriftSchema.parse({}).cbpe).toBeUndefined();
	});
});
