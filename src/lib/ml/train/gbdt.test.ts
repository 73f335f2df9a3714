import { describe, expect, it } from 'vitest';
import { syntheticData } from '../testing/tiny-model';
import { binValues, featureBins, MISSING_BIN } from './binning';
import { predictGbdt, predictGbdtProbabilities, rawScores, trainGbdt } from './gbdt';
import { r2, rocAuc } from './metrics';

describe('featureBins / binValues', () => {
	it('uses every distinct value as an edge when there are few, NaN in the missing bin', () => {
		const bins = featureBins(Float32Array.of(3, 1, 2, 2, Number.NaN));
		expect([...bins.edges]).toEqual([1, 2, 3]);
		expect([...binValues(Float32Array.of(0.5, 1, 1.5, 3, 9, Number.NaN), bins)]).toEqual([
			0,
			0,
			1,
			2,
			2,
			MISSING_BIN
		]);
	});

	it('caps the number of bins with quantile edges', () => {
		const values = Float32Array.from({ length: 10_000 }, (_, i) => i);
		const bins = featureBins(values, 16);
		expect(bins.edges.length).toBe(16);
		expect(bins.edges[15]).toBe(9999);
	});
});

describe('trainGbdt', () => {
	it('fits a non-linear regression (R² > 0.95 on held-out rows)', () => {
		const train = syntheticData(3000, 'squared-error', 1);
		const test = syntheticData(1000, 'squared-error', 3);
		const { model } = trainGbdt(train, syntheticData(500, 'squared-error', 2), { maxDepth: 4 });
		expect(r2(test.y, predictGbdt(model, test.columns))).toBeGreaterThan(0.95);
	});

	it('learns where missing values go (x2 = NaN adds 5 to y)', () => {
		const train = syntheticData(3000, 'squared-error', 1);
		const { model } = trainGbdt(train, syntheticData(500, 'squared-error', 2), { maxDepth: 4 });
		const withNaN = rawScores(model, [
			Float32Array.of(1),
			Float32Array.of(1),
			Float32Array.of(Number.NaN)
		])[0];
		const without = rawScores(model, [
			Float32Array.of(1),
			Float32Array.of(1),
			Float32Array.of(0.5)
		])[0];
		expect(withNaN - without).toBeGreaterThan(3.5);
	});

	it('classifies with log loss (ROC AUC > 0.95)', () => {
		const train = syntheticData(3000, 'log-loss', 1);
		const test = syntheticData(1000, 'log-loss', 3);
		const { model } = trainGbdt(train, syntheticData(500, 'log-loss', 2), {
			objective: 'log-loss'
		});
		const p = predictGbdt(model, test.columns);
		expect(Math.min(...p)).toBeGreaterThanOrEqual(0);
		expect(Math.max(...p)).toBeLessThanOrEqual(1);
		expect(rocAuc(test.y, p)).toBeGreaterThan(0.95);
	});

	it('is deterministic for a seed, also with row subsampling', () => {
		const train = syntheticData(800, 'squared-error', 1);
		const val = syntheticData(200, 'squared-error', 2);
		const a = trainGbdt(train, val, { subsample: 0.7, seed: 42, maxTrees: 30 }).model;
		const b = trainGbdt(train, val, { subsample: 0.7, seed: 42, maxTrees: 30 }).model;
		const c = trainGbdt(train, val, { subsample: 0.7, seed: 43, maxTrees: 30 }).model;
		expect(predictGbdt(a, val.columns)).toEqual(predictGbdt(b, val.columns));
		expect(predictGbdt(a, val.columns)).not.toEqual(predictGbdt(c, val.columns));
	});

	it('stops early and keeps the best round on the validation set', () => {
		const train = syntheticData(400, 'squared-error', 1);
		// A validation set with unrelated targets stops improving almost at once.
		const val = syntheticData(200, 'squared-error', 2);
		val.y.reverse();
		const res = trainGbdt(train, val, { maxTrees: 300, earlyStoppingRounds: 10 });
		expect(res.validationLoss.length).toBeLessThan(300);
		expect(res.model.trees.length).toBe(res.bestRound);
		const best = Math.min(...res.validationLoss);
		expect(res.validationLoss[res.bestRound - 1]).toBe(best);
	});

	it('respects min samples per leaf and max depth', () => {
		const train = syntheticData(500, 'squared-error', 1);
		const { model } = trainGbdt(train, syntheticData(100, 'squared-error', 2), {
			maxDepth: 2,
			minSamplesLeaf: 100,
			maxTrees: 5
		});
		for (const tree of model.trees) expect(tree.feature.length).toBeLessThanOrEqual(7);
		const leaves = new Map<number, number>();
		for (let i = 0; i < 500; i++) {
			const leaf = leafIndex(model.trees[0], train.columns, i);
			leaves.set(leaf, (leaves.get(leaf) ?? 0) + 1);
		}
		expect(leaves.size).toBeGreaterThan(1);
		for (const count of leaves.values()) expect(count).toBeGreaterThanOrEqual(100);
	});

	it('rejects mismatched columns and non-binary targets for log loss', () => {
		const train = syntheticData(100, 'squared-error', 1);
		expect(() =>
			trainGbdt({ columns: [train.columns[0].subarray(0, 50)], y: train.y }, train)
		).toThrow(/feature 0 has 50 rows/);
		expect(() => trainGbdt(train, train, { objective: 'log-loss' })).toThrow(/targets 0 or 1/);
	});
});

function leafIndex(
	tree: {
		feature: Int32Array;
		threshold: Float32Array;
		left: Int32Array;
		right: Int32Array;
		missingLeft: Uint8Array;
	},
	columns: Float32Array[],
	row: number
): number {
	let node = 0;
	while (tree.feature[node] !== -1) {
		const x = columns[tree.feature[node]][row];
		node = (Number.isNaN(x) ? tree.missingLeft[node] === 1 : x <= tree.threshold[node])
			? tree.left[node]
			: tree.right[node];
	}
	return node;
}

describe('trainGbdt with softmax', () => {
	const params = { objective: 'softmax' as const, classCount: 3, maxDepth: 4, maxTrees: 150 };

	it('classifies three classes (accuracy > 0.9 on held-out rows), probabilities summing to 1', () => {
		const train = syntheticData(3000, 'softmax', 1);
		const test = syntheticData(1000, 'softmax', 3);
		const { model } = trainGbdt(train, syntheticData(500, 'softmax', 2), params);
		expect(model.classCount).toBe(3);
		expect(model.trees.length % 3).toBe(0);
		const { probabilities, label } = predictGbdtProbabilities(model, test.columns);
		let correct = 0;
		for (let i = 0; i < test.y.length; i++) {
			const sum = probabilities[i * 3] + probabilities[i * 3 + 1] + probabilities[i * 3 + 2];
			expect(sum).toBeCloseTo(1, 5);
			if (label[i] === test.y[i]) correct++;
		}
		expect(correct / test.y.length).toBeGreaterThan(0.9);
	});

	it('starts from the log class shares and keeps whole rounds when it stops early', () => {
		const train = syntheticData(600, 'softmax', 1);
		const val = syntheticData(200, 'softmax', 2);
		val.y.reverse();
		const res = trainGbdt(train, val, { ...params, earlyStoppingRounds: 5 });
		expect(res.model.trees.length).toBe(res.bestRound * 3);
		const shares = [0, 1, 2].map((k) => train.y.filter((v) => v === k).length / train.y.length);
		res.model.baseScores!.forEach((b, k) => expect(b).toBeCloseTo(Math.log(shares[k]), 12));
		// The float64 raw scores of a model without trees are its base scores.
		const bare = { ...res.model, trees: [] };
		const raw = rawScores(bare, train.columns);
		expect([...raw.subarray(0, 3)]).toEqual(res.model.baseScores);
	});

	it('rejects targets that are not class indices and a missing class count', () => {
		const train = syntheticData(100, 'softmax', 1);
		const bad = {
			columns: train.columns,
			y: Float64Array.from(train.y, (v, i) => (i === 7 ? 0.5 : v))
		};
		expect(() => trainGbdt(bad, train, params)).toThrow(/training row 7 is 0.5/);
		expect(() => trainGbdt(train, train, { objective: 'softmax' })).toThrow(/classCount ≥ 2/);
		const { model } = trainGbdt(train, train, { ...params, maxTrees: 2 });
		expect(() => predictGbdt(model, train.columns)).toThrow(/predictGbdtProbabilities/);
	});
});
