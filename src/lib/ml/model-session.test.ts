import * as ortNode from 'onnxruntime-node';
import * as ortWeb from 'onnxruntime-web';
import { describe, expect, it } from 'vitest';
import { ModelLoadError } from './errors';
import { sha256Hex, TabularModel } from './model-session';
import { tinyModel } from './testing/tiny-model';
import { predictGbdt } from './train/gbdt';

ortWeb.env.wasm.numThreads = 1;

async function loadError(promise: Promise<unknown>): Promise<ModelLoadError> {
	try {
		await promise;
	} catch (err) {
		expect(err).toBeInstanceOf(ModelLoadError);
		return err as ModelLoadError;
	}
	throw new Error('expected a ModelLoadError');
}

describe('TabularModel', () => {
	for (const [runtime, ort] of [
		['onnxruntime-node', ortNode],
		['onnxruntime-web', ortWeb]
	] as const) {
		it(`${runtime}: loads, validates and predicts in batches with progress`, async () => {
			const { card, bytes, model } = await tinyModel('log-loss');
			const tabular = await TabularModel.load(ort, card, bytes);
			const n = 2500;
			const x0 = Float64Array.from({ length: n }, (_, i) => (i % 60) / 10);
			const x1 = Float64Array.from({ length: n }, (_, i) => (i % 40) / 10);
			const x2 = Float64Array.from({ length: n }, (_, i) =>
				i % 7 === 0 ? Number.NaN : (i % 10) / 10
			);
			const progress: number[] = [];
			const res = await tabular.predict(
				{ x0, x1, x2 },
				{ batchSize: 1000, onProgress: (p) => progress.push(p.done) }
			);
			expect(progress).toEqual([1000, 2000, 2500]);
			expect(res.outputs.probabilities.dims).toEqual([n, 2]);
			expect(res.outputs.label.data).toBeInstanceOf(BigInt64Array);
			const expected = predictGbdt(model, [
				Float32Array.from(x0),
				Float32Array.from(x1),
				Float32Array.from(x2)
			]);
			const p = res.outputs.probabilities.data as Float32Array;
			for (let i = 0; i < n; i++)
				expect(Math.abs(p[2 * i + 1] - expected[i])).toBeLessThanOrEqual(1e-6);
			await tabular.release();
		});
	}

	it('rejects bytes whose SHA-256 differs from the card, naming the model', async () => {
		const { card, bytes } = await tinyModel();
		const changed = bytes.slice();
		changed[changed.length - 1] ^= 1;
		const err = await loadError(TabularModel.load(ortNode, card, changed));
		expect(err.reason).toBe('sha256');
		expect(err.message).toContain('Model tiny@1');
		expect(err.message).toContain(card.onnx.sha256);
	});

	it('reports a truncated or corrupt file (checksum matching the broken bytes) as corrupt', async () => {
		const { card, bytes } = await tinyModel();
		for (const broken of [
			bytes.subarray(0, Math.floor(bytes.length / 2)),
			new TextEncoder().encode('not an onnx file')
		]) {
			const err = await loadError(
				TabularModel.load(
					ortNode,
					{ ...card, onnx: { ...card.onnx, sha256: await sha256Hex(broken) } },
					broken
				)
			);
			expect(err.reason).toBe('corrupt');
			expect(err.message).toMatch(/^Model tiny@1: ONNX file model.onnx could not be opened/);
		}
	});

	it('rejects a card whose outputs, inputs or feature count disagree with the graph', async () => {
		const { card, bytes } = await tinyModel();
		const outputs = await loadError(
			TabularModel.load(
				ortNode,
				{ ...card, onnx: { ...card.onnx, output_names: ['variable'] } },
				bytes
			)
		);
		expect(outputs.reason).toBe('graph-mismatch');
		expect(outputs.message).toContain('graph outputs [prediction], card says [variable]');
		const inputs = await loadError(
			TabularModel.load(ortNode, { ...card, onnx: { ...card.onnx, input_names: ['X'] } }, bytes)
		);
		expect(inputs.message).toContain('graph inputs [input], card says [X]');
		const width = await loadError(
			TabularModel.load(ortNode, { ...card, features: card.features.slice(0, 2) }, bytes)
		);
		expect(width.message).toContain('graph input has 3 columns, card lists 2 features');
	});

	it('stops between batches when the signal aborts', async () => {
		const { card, bytes } = await tinyModel();
		const tabular = await TabularModel.load(ortNode, card, bytes);
		const n = 5000;
		const cols = { x0: new Float64Array(n), x1: new Float64Array(n), x2: new Float64Array(n) };
		const controller = new AbortController();
		const seen: number[] = [];
		const run = tabular.predict(cols, {
			batchSize: 1000,
			signal: controller.signal,
			onProgress: (p) => {
				seen.push(p.done);
				if (p.done === 2000) controller.abort();
			}
		});
		await expect(run).rejects.toMatchObject({ name: 'AbortError' });
		expect(seen).toEqual([1000, 2000]);
	});
});
