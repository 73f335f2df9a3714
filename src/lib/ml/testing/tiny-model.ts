import type { ModelCard } from '../../contracts/model-card';
import { sha256Hex } from '../model-session';
import { exportGbdtToOnnx } from '../onnx/export-gbdt';
import { trainGbdt, type GbdtModel, type GbdtObjective } from '../train/gbdt';

/** Deterministic pseudo-random numbers for test data (a 32-bit LCG). */
export function lcg(seed: number): () => number {
	let s = seed >>> 0;
	return () => {
		s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
		return s / 4294967296;
	};
}

/**
 * Synthetic data with a known structure: y = 10 sin(x0) + 3 x1 (+ noise); a share of x2 is NaN;
 * the binary label is y > 10; the softmax label is 0 for y < 0, 1 for 0 ≤ y < 10, 2 above.
 *
 * @example
 * const { columns, y } = syntheticData(1000, 'squared-error');
 */
export function syntheticData(
	n: number,
	objective: GbdtObjective,
	seed = 7
): { columns: Float32Array[]; y: Float64Array } {
	const rnd = lcg(seed);
	const columns = [new Float32Array(n), new Float32Array(n), new Float32Array(n)];
	const y = new Float64Array(n);
	for (let i = 0; i < n; i++) {
		columns[0][i] = rnd() * 6;
		columns[1][i] = rnd() * 4;
		columns[2][i] = rnd() < 0.1 ? Number.NaN : rnd();
		const v =
			10 * Math.sin(columns[0][i]) +
			3 * columns[1][i] +
			(Number.isNaN(columns[2][i]) ? 5 : 0) +
			rnd();
		y[i] =
			objective === 'log-loss'
				? v > 10
					? 1
					: 0
				: objective === 'softmax'
					? v < 0
						? 0
						: v < 10
							? 1
							: 2
					: v;
	}
	return { columns, y };
}

/**
 * A small trained model, its ONNX bytes and a matching model card, for tests.
 *
 * @example
 * const { card, bytes } = await tinyModel('squared-error');
 */
export async function tinyModel(
	objective: GbdtObjective = 'squared-error'
): Promise<{ model: GbdtModel; bytes: Uint8Array; card: ModelCard }> {
	const train = syntheticData(600, objective, 1);
	const validation = syntheticData(200, objective, 2);
	const { model } = trainGbdt(train, validation, {
		objective,
		maxTrees: 40,
		maxDepth: 4,
		minSamplesLeaf: 5
	});
	const exported = exportGbdtToOnnx(model);
	const card: ModelCard = {
		schema: 'vigil.model-card/1',
		name: 'tiny',
		version: '1',
		task: objective === 'log-loss' ? 'binary' : 'regression',
		features: [
			{ name: 'x0', dtype: 'float64', missing: 'reject', range: { min: 0, max: 6 } },
			{ name: 'x1', dtype: 'float32', missing: 'impute', impute_value: 2 },
			{ name: 'x2', dtype: 'float64', missing: 'allow' }
		],
		target: { name: 'y' },
		preprocessing: [],
		outputs: exported.outputNames.map((name) => ({
			name,
			dtype: name === 'label' ? 'int64' : 'float32',
			shape: name === 'probabilities' ? [-1, 2] : name === 'label' ? [-1] : [-1, 1],
			description: name
		})),
		onnx: {
			file: 'model.onnx',
			sha256: await sha256Hex(exported.bytes),
			bytes: exported.bytes.length,
			opset: exported.opsets,
			input_names: exported.inputNames,
			output_names: exported.outputNames
		},
		reference: {
			location: '/data/tiny.parquet',
			sha256: '0'.repeat(64),
			sha256_of: 'training-rows-csv',
			rows: 600
		},
		metrics: { train: {}, validation: {}, test: {} },
		training: {
			algorithm: 'gbdt',
			params: {},
			trained_at: '2026-01-01T00:00:00Z',
			rows: { train: 600, validation: 200, test: 0 },
			trees: model.trees.length
		},
		attribution: 'synthetic'
	};
	return { model, bytes: exported.bytes, card };
}
