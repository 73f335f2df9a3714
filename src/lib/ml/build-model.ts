import { modelCardSchema, type ModelCard } from '../contracts/model-card';
import type { DemoModelSpec, EncodedSplit } from './demo/spec';
import { sha256Hex, type OrtModule } from './model-session';
import { exportGbdtToOnnx } from './onnx/export-gbdt';
import { predictGbdt, predictGbdtProbabilities, trainGbdt, type GbdtModel } from './train/gbdt';
import { classification, logLoss, mae, r2, rmse, rocAuc } from './train/metrics';

export interface BuiltModel {
	card: ModelCard;
	onnx: Uint8Array;
	model: GbdtModel;
	trainSeconds: number;
	/** Largest |ONNX − TypeScript| over the training rows, per runtime checked. */
	equivalence: Record<string, { maxAbsDiff: number; rows: number }>;
}

/** Tolerance of the ONNX ↔ TypeScript check: 1e-5, relative for values beyond ±1. */
export const EQUIVALENCE_TOLERANCE = 1e-5;

function metricsOf(
	spec: DemoModelSpec,
	model: GbdtModel,
	split: EncodedSplit
): Record<string, number> {
	const yhat = predictGbdt(model, split.columns);
	const round = (v: number): number => Number(v.toPrecision(6));
	if (spec.task === 'regression') {
		return {
			rmse: round(rmse(split.y, yhat)),
			mae: round(mae(split.y, yhat)),
			r2: round(r2(split.y, yhat)),
			rows: split.y.length
		};
	}
	const c = classification(split.y, yhat);
	return {
		roc_auc: round(rocAuc(split.y, yhat)),
		f1: round(c.f1),
		accuracy: round(c.accuracy),
		precision: round(c.precision),
		recall: round(c.recall),
		log_loss: round(logLoss(split.y, yhat)),
		rows: split.y.length
	};
}

function rowMajor(columns: Float32Array[]): Float32Array {
	const n = columns[0].length;
	const F = columns.length;
	const out = new Float32Array(n * F);
	for (let j = 0; j < F; j++) for (let i = 0; i < n; i++) out[i * F + j] = columns[j][i];
	return out;
}

/**
 * Runs the ONNX bytes on every row of a split with one onnxruntime module and compares with the
 * TypeScript model's own prediction (the positive-class probability for classifiers). Throws when
 * any row differs by more than EQUIVALENCE_TOLERANCE (relative beyond ±1).
 *
 * @example
 * const { maxAbsDiff } = await verifyOnnxEquivalence(ortNode, bytes, model, train, 'onnxruntime-node');
 */
export async function verifyOnnxEquivalence(
	ort: OrtModule,
	bytes: Uint8Array,
	model: GbdtModel,
	split: EncodedSplit,
	runtime: string
): Promise<{ maxAbsDiff: number; rows: number }> {
	// One thread: onnxruntime then sums the trees in tree order, exactly as predictGbdt does.
	const session = await ort.InferenceSession.create(bytes, { intraOpNumThreads: 1 } as never);
	try {
		const n = split.y.length;
		const F = split.columns.length;
		const out = await session.run({
			[session.inputNames[0]]: new ort.Tensor('float32', rowMajor(split.columns), [n, F])
		});
		if (model.objective === 'softmax') return compareMulticlass(out, model, split, runtime);
		const expected = predictGbdt(model, split.columns);
		const binary = model.objective === 'log-loss';
		const got = binary
			? (out.probabilities.data as Float32Array)
			: (out.prediction.data as Float32Array);
		const labels = binary ? (out.label.data as BigInt64Array) : undefined;
		let maxAbsDiff = 0;
		for (let i = 0; i < n; i++) {
			const g = binary ? got[i * 2 + 1] : got[i];
			maxAbsDiff = Math.max(maxAbsDiff, checkRow(runtime, g, expected[i], i));
			if (labels && Number(labels[i]) !== (g > 0.5 ? 1 : 0) && Math.abs(g - 0.5) > 1e-6) {
				throw new Error(
					`${runtime}: ONNX label ${labels[i]} disagrees with probability ${g} on training row ${i}`
				);
			}
		}
		return { maxAbsDiff, rows: n };
	} finally {
		await session.release();
	}
}

/** |ONNX − TypeScript| of one value, throwing past EQUIVALENCE_TOLERANCE (relative beyond ±1). */
function checkRow(runtime: string, got: number, expected: number, row: number, what = ''): number {
	const d = Math.abs(got - expected);
	if (!(d <= EQUIVALENCE_TOLERANCE * Math.max(1, Math.abs(expected))))
		throw new Error(
			`${runtime}: ONNX output${what} ${got} differs from the TypeScript model's ${expected} on training row ${row}`
		);
	return d;
}

/** Every class probability of every row, and the label against the TypeScript arg max. */
function compareMulticlass(
	out: Record<string, { data: unknown; dims: readonly number[] }>,
	model: GbdtModel,
	split: EncodedSplit,
	runtime: string
): { maxAbsDiff: number; rows: number } {
	const { probabilities, label, classCount: K } = predictGbdtProbabilities(model, split.columns);
	const got = out.probabilities.data as Float32Array;
	const labels = out.label.data as BigInt64Array;
	const n = label.length;
	if (got.length !== n * K)
		throw new Error(
			`${runtime}: ONNX probabilities have ${got.length} values, expected ${n} × ${K}`
		);
	let maxAbsDiff = 0;
	for (let i = 0; i < n; i++) {
		for (let k = 0; k < K; k++)
			maxAbsDiff = Math.max(
				maxAbsDiff,
				checkRow(runtime, got[i * K + k], probabilities[i * K + k], i, ` for class ${k}`)
			);
		if (Number(labels[i]) !== label[i])
			throw new Error(
				`${runtime}: ONNX label ${labels[i]} differs from the TypeScript arg max ${label[i]} on training row ${i}`
			);
	}
	return { maxAbsDiff, rows: n };
}

export interface BuildModelOptions {
	/** Runtimes to verify the export with, e.g. { 'onnxruntime-node': ortNode, 'onnxruntime-web': ortWeb }. */
	runtimes: Record<string, OrtModule>;
	trainedAt: string;
	/** SHA-256 of the reference Parquet when it exists; otherwise the training rows' CSV is hashed. */
	referenceParquetSha256?: string;
	/** After each boosting round (rounds done, round limit); throwing stops the training. */
	onRound?: (round: number, maxRounds: number) => void;
	/** After training, before the export is checked. */
	onTrained?: () => void;
}

/**
 * Trains a demo model, exports it to ONNX, verifies the export on every training row with each
 * runtime, and writes its model card (metrics on train, validation, test and the extra sets).
 *
 * @example
 * const built = await buildModel(indpensimSpec(csv, attribution), { runtimes: { 'onnxruntime-node': ort }, trainedAt });
 */
export async function buildModel(
	spec: DemoModelSpec,
	options: BuildModelOptions
): Promise<BuiltModel> {
	const trained = trainGbdt(spec.train, spec.validation, spec.params, {
		onRound: options.onRound
	});
	options.onTrained?.();
	const { model } = trained;
	const exported = exportGbdtToOnnx(model, {
		inputName: 'input',
		metadata: { 'vigil.model': spec.name, 'vigil.version': spec.version },
		docString: `${spec.title}: gradient-boosted trees trained by vigil`
	});
	const equivalence: BuiltModel['equivalence'] = {};
	for (const [name, ort] of Object.entries(options.runtimes)) {
		equivalence[name] = await verifyOnnxEquivalence(ort, exported.bytes, model, spec.train, name);
	}
	const referenceSha =
		options.referenceParquetSha256 ??
		(await sha256Hex(new TextEncoder().encode(spec.referenceCsv)));
	const p = { ...spec.params };
	const card: ModelCard = {
		schema: 'vigil.model-card/1',
		name: spec.name,
		version: spec.version,
		title: spec.title,
		description: spec.description,
		task: spec.task,
		features: spec.features,
		target: spec.target,
		preprocessing: spec.preprocessing,
		outputs:
			spec.task === 'regression'
				? [
						{
							name: 'prediction',
							dtype: 'float32',
							shape: [-1, 1],
							description: spec.outputDescription,
							unit: spec.outputUnit
						}
					]
				: [
						{
							name: 'label',
							dtype: 'int64',
							shape: [-1],
							description: 'predicted class index (probability > 0.5)',
							labels: spec.classes
						},
						{
							name: 'probabilities',
							dtype: 'float32',
							shape: [-1, 2],
							description: `class probabilities [P(${spec.classes?.[0]}), P(${spec.classes?.[1]})]`,
							labels: spec.classes
						}
					],
		onnx: {
			file: 'model.onnx',
			sha256: await sha256Hex(exported.bytes),
			bytes: exported.bytes.length,
			opset: exported.opsets,
			input_names: exported.inputNames,
			output_names: exported.outputNames
		},
		reference: {
			location: spec.reference.location,
			sha256: referenceSha,
			sha256_of: options.referenceParquetSha256 ? 'parquet-file' : 'training-rows-csv',
			rows: spec.reference.rows ?? spec.train.y.length,
			filter: spec.reference.filter,
			description: spec.reference.description
		},
		metrics: {
			train: metricsOf(spec, model, spec.train),
			validation: metricsOf(spec, model, spec.validation),
			test: metricsOf(spec, model, spec.test),
			...(spec.extra
				? {
						extra: Object.fromEntries(
							Object.entries(spec.extra).map(([k, s]) => [k, metricsOf(spec, model, s)])
						)
					}
				: {})
		},
		training: {
			algorithm: 'histogram gradient-boosted trees (vigil, TypeScript)',
			params: Object.fromEntries(Object.entries(p).filter(([, v]) => v !== undefined)) as Record<
				string,
				number | string
			>,
			trained_at: options.trainedAt,
			rows: {
				train: spec.train.y.length,
				validation: spec.validation.y.length,
				test: spec.test.y.length
			},
			trees: model.trees.length,
			data: spec.dataDescription
		},
		attribution: spec.attribution
	};
	return {
		card: modelCardSchema.parse(card),
		onnx: exported.bytes,
		model,
		trainSeconds: trained.seconds,
		equivalence
	};
}
