import * as ortNode from 'onnxruntime-node';
import * as ortWeb from 'onnxruntime-web';
import { describe, expect, it } from 'vitest';
import { verifyOnnxEquivalence } from '../build-model';
import { syntheticData } from '../testing/tiny-model';
import { trainGbdt, type GbdtModel } from '../train/gbdt';
import { exportGbdtToOnnx } from './export-gbdt';

ortWeb.env.wasm.numThreads = 1;
const runtimes = { 'onnxruntime-node': ortNode, 'onnxruntime-web': ortWeb } as const;

describe('exportGbdtToOnnx', () => {
	for (const objective of ['squared-error', 'log-loss'] as const) {
		for (const [runtime, ort] of Object.entries(runtimes)) {
			it(`${objective}: ${runtime} reproduces the TypeScript model on every training row (NaN included)`, async () => {
				const train = syntheticData(2000, objective, 1);
				const { model } = trainGbdt(train, syntheticData(300, objective, 2), {
					objective,
					maxTrees: 120
				});
				expect(model.trees.length).toBeGreaterThan(10);
				const { bytes } = exportGbdtToOnnx(model);
				const res = await verifyOnnxEquivalence(ort, bytes, model, train, runtime);
				expect(res.rows).toBe(2000);
				expect(res.maxAbsDiff).toBeLessThanOrEqual(1e-5);
			});
		}
	}

	for (const [runtime, ort] of Object.entries(runtimes)) {
		it(`softmax: ${runtime} reproduces every class probability and the arg max label on every training row`, async () => {
			const train = syntheticData(1500, 'softmax', 1);
			const { model } = trainGbdt(train, syntheticData(300, 'softmax', 2), {
				objective: 'softmax',
				classCount: 3,
				maxTrees: 60
			});
			expect(model.trees.length).toBeGreaterThan(30);
			const exported = exportGbdtToOnnx(model);
			expect(exported.outputNames).toEqual(['label', 'probabilities']);
			const res = await verifyOnnxEquivalence(ort, exported.bytes, model, train, runtime);
			expect(res.rows).toBe(1500);
			expect(res.maxAbsDiff).toBeLessThanOrEqual(1e-5);
		});
	}

	it('softmax: the graph outputs [N, K] probabilities and an int64 label; a wrong class fails the check', async () => {
		const train = syntheticData(400, 'softmax', 1);
		const { model } = trainGbdt(train, train, {
			objective: 'softmax',
			classCount: 3,
			maxTrees: 10
		});
		const session = await ortNode.InferenceSession.create(exportGbdtToOnnx(model).bytes);
		const out = await session.run({
			input: new ortNode.Tensor('float32', new Float32Array(6), [2, 3])
		});
		expect(out.probabilities.dims).toEqual([2, 3]);
		expect(out.label.type).toBe('int64');
		expect(out.label.dims).toEqual([2]);
		// Base scores swapped between two classes: the graph no longer matches the model.
		const [a, b, c] = model.baseScores!;
		const swapped = { ...model, baseScores: [b, a, c] };
		await expect(
			verifyOnnxEquivalence(
				ortNode,
				exportGbdtToOnnx(swapped).bytes,
				model,
				train,
				'onnxruntime-node'
			)
		).rejects.toThrow(/differs from the TypeScript/);
	});

	it('declares the input [N, F] and the outputs the card will list (no ZipMap)', async () => {
		const train = syntheticData(300, 'log-loss', 1);
		const { model } = trainGbdt(train, train, { objective: 'log-loss', maxTrees: 5 });
		const exported = exportGbdtToOnnx(model, { inputName: 'features' });
		expect(exported.outputNames).toEqual(['label', 'probabilities']);
		const session = await ortNode.InferenceSession.create(exported.bytes);
		expect(session.inputNames).toEqual(['features']);
		expect(session.outputNames).toEqual(['label', 'probabilities']);
		const input = new ortNode.Tensor('float32', new Float32Array(6), [2, 3]);
		const out = await session.run({ features: input });
		expect(out.label.type).toBe('int64');
		expect(out.label.dims).toEqual([2]);
		expect(out.probabilities.dims).toEqual([2, 2]);
		const p = out.probabilities.data as Float32Array;
		expect(p[0] + p[1]).toBeCloseTo(1, 6);
	});

	it('exports a model without trees as its base score', async () => {
		const model: GbdtModel = {
			objective: 'squared-error',
			featureCount: 2,
			baseScore: 4.25,
			trees: []
		};
		const session = await ortNode.InferenceSession.create(exportGbdtToOnnx(model).bytes);
		const out = await session.run({
			input: new ortNode.Tensor('float32', new Float32Array(2), [1, 2])
		});
		expect([...(out.prediction.data as Float32Array)]).toEqual([4.25]);
	});

	it('fails the equivalence check when the graph does not match the model', async () => {
		const train = syntheticData(500, 'squared-error', 1);
		const { model } = trainGbdt(train, train, { maxTrees: 20 });
		const other = { ...model, baseScore: model.baseScore + 1 };
		const { bytes } = exportGbdtToOnnx(other);
		await expect(
			verifyOnnxEquivalence(ortNode, bytes, model, train, 'onnxruntime-node')
		).rejects.toThrow(/differs from the TypeScript model/);
	});
});
