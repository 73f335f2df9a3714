import { describe, expect, it } from 'vitest';
import { seededRandom } from './random';
import {
	advancedReferenceSchema,
	fitAdvancedReference,
	runAdvanced,
	streamStateSchema
} from './reference';
import { categoricalColumn, numericalColumn, type ColumnData } from '../types';

function features(n: number, seed: number): ColumnData[] {
	const rng = seededRandom(seed);
	const a = Float64Array.from({ length: n }, () => rng.normal());
	const b = Float64Array.from(a, (v) => v + 0.3 * rng.normal());
	return [
		numericalColumn('a', a),
		numericalColumn('b', b),
		categoricalColumn(
			'c',
			Array.from({ length: n }, (_, i) => (i % 4 ? 'x' : 'y'))
		)
	];
}

function scored(n: number, seed: number) {
	const rng = seededRandom(seed);
	const s = Float64Array.from({ length: n }, () => rng.uniform());
	const y = Float64Array.from(s, (p) => (rng.uniform() < p ? 1 : 0));
	return { s, y };
}

describe('advanced reference', () => {
	it('round-trips through JSON and the schema', () => {
		const { s, y } = scored(3000, 2);
		const ref = fitAdvancedReference({
			features: features(3000, 1),
			scores: s,
			labels: y,
			createdAt: '2026-11-22T00:00:00Z'
		});
		const back = advancedReferenceSchema.parse(JSON.parse(JSON.stringify(ref)));
		expect(back).toEqual(ref);
		expect(back.cbpe?.prediction).toBe('prediction');
		expect(back.rows).toBe(3000);
		const bad = { ...ref, pca: { ...ref.pca!, components: [...ref.pca!.components, 1] } };
		expect(() => advancedReferenceSchema.parse(bad)).toThrow(/components/);
	});

	it('runs every method, skips what cannot run with a reason, and carries detector state', () => {
		const { s, y } = scored(3000, 2);
		const ref = fitAdvancedReference({ features: features(3000, 1), scores: s, labels: y });
		const window = { index: 0, start: 0, end: 500 };
		const scores = scored(500, 3).s;
		const first = runAdvanced(ref, {
			window,
			columns: features(500, 4),
			scores,
			streams: { prediction: scores },
			modelVersion: '1'
		});
		expect(first.skipped).toEqual([]);
		expect(first.advanced.multivariate?.windows[0].result.status).toBe('ok');
		expect(first.advanced.cbpe?.windows[0].metrics.accuracy.status).toBe('ok');
		expect(first.advanced.streaming?.map((r) => r.detector)).toEqual(['page-hinkley', 'adwin']);
		expect(streamStateSchema.parse(first.state).detectors['adwin:prediction'].seen).toBe(500);

		// A missing column and scores outside [0, 1] skip those methods; the detectors continue.
		const second = runAdvanced(
			ref,
			{
				window,
				columns: features(500, 5).slice(0, 2),
				scores: Float64Array.from(scores, (v) => v * 10),
				streams: { prediction: scores },
				modelVersion: '1'
			},
			first.state
		);
		expect(second.advanced.multivariate).toBeUndefined();
		expect(second.advanced.cbpe).toBeUndefined();
		expect(second.skipped).toHaveLength(2);
		expect(second.skipped[0]).toMatch(/^multivariate: .*"c"/);
		expect(second.skipped[1]).toMatch(/^cbpe: /);
		expect(second.state.detectors['adwin:prediction'].seen).toBe(1000);

		// A new model version restarts the detectors.
		const third = runAdvanced(
			ref,
			{ window, columns: [], streams: { prediction: scores }, modelVersion: '2' },
			second.state
		);
		expect(third.state.detectors['page-hinkley:prediction'].seen).toBe(500);
	});
});
