import { describe, expect, it } from 'vitest';
import { numericalColumn, type ColumnData } from '../types';
import { seededRandom } from './random';
import { dleModelSchema } from './dle-schema';
import { advancedReferenceSchema, fitAdvancedReference, runAdvanced } from './reference';

function regression(n: number, seed: number) {
	const rng = seededRandom(seed);
	const a = Float64Array.from({ length: n }, () => rng.uniform());
	const b = Float64Array.from({ length: n }, () => rng.normal());
	const predictions = Float64Array.from(a, (v, i) => 2 * v + b[i]);
	const targets = Float64Array.from(predictions, (p, i) => p + a[i] * rng.normal());
	const features: ColumnData[] = [numericalColumn('a', a), numericalColumn('b', b)];
	return { features, predictions, targets };
}

describe('DLE in the advanced reference', () => {
	const ref = regression(1500, 1);
	const reference = fitAdvancedReference({
		features: ref.features,
		dle: { predictions: ref.predictions, targets: ref.targets, target: 'y' },
		pcaOptions: { chunkSize: 300 },
		dleOptions: { chunkSize: 100 },
		createdAt: '2026-12-01T00:00:00Z'
	});

	it('is stored with the PCA model, survives JSON and runs on a window of records', () => {
		const back = advancedReferenceSchema.parse(JSON.parse(JSON.stringify(reference)));
		expect(back.dle?.target).toBe('y');
		expect(back.dle?.model.columns.map((c) => c.name)).toEqual(['a', 'b']);
		const w = regression(300, 2);
		const { advanced, skipped } = runAdvanced(back, {
			window: { index: 0, start: 0, end: 300, label: 'job' },
			columns: w.features,
			predictions: w.predictions,
			streams: {},
			modelVersion: '1'
		});
		expect(skipped).toEqual([]);
		expect(advanced.dle?.windows[0].metrics.mae.status).toBe('ok');
		expect(advanced.multivariate?.windows[0].result.status).toBe('ok');
	});

	it('is skipped with its reason when the records have no predictions or a column is missing', () => {
		const w = regression(300, 3);
		const input = { window: { index: 0, start: 0, end: 300 }, streams: {}, modelVersion: '1' };
		expect(runAdvanced(reference, { ...input, columns: w.features }).skipped).toEqual([
			'dle: no prediction predictions in the records'
		]);
		const { skipped, advanced } = runAdvanced(reference, {
			...input,
			columns: [w.features[0]],
			predictions: w.predictions
		});
		expect(advanced.dle).toBeUndefined();
		expect(skipped.some((s) => s.startsWith('dle: DLE: column "b" is missing'))).toBe(true);
	});

	it('refuses a damaged nanny tree with the field that is wrong (a walk could never end)', () => {
		const damaged = structuredClone(reference.dle!.model);
		const tree = damaged.nanny.abs.trees[0];
		tree.left[0] = 0;
		const parsed = dleModelSchema.safeParse(damaged);
		expect(parsed.success).toBe(false);
		expect(parsed.error?.issues[0].path).toEqual(['nanny', 'abs', 'trees']);
		expect(parsed.error?.issues[0].message).toMatch(/tree 0 node 0: child 0 is not a later node/);
		const wide = structuredClone(reference.dle!.model);
		wide.nanny.squared.featureCount = 7;
		expect(dleModelSchema.safeParse(wide).error?.issues[0].message).toMatch(
			/take every column plus the prediction/
		);
	});
});
