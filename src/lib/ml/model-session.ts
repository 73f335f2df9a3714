import type { InferenceSession, Tensor } from 'onnxruntime-web';
import type { ModelCard } from '../contracts/model-card';
import { ModelLoadError } from './errors';
import { prepareInput, type InputColumns } from './validate-input';

/**
 * The part of the onnxruntime module API used here; `onnxruntime-node`, `onnxruntime-web` and
 * `onnxruntime-web/wasm` all satisfy it, so the same code runs in Node, in tests and in the
 * browser's Web Worker.
 */
export interface OrtModule {
	InferenceSession: {
		create(
			buffer: Uint8Array,
			options?: InferenceSession.SessionOptions
		): Promise<InferenceSession>;
	};
	Tensor: new (type: 'float32', data: Float32Array, dims: readonly number[]) => Tensor;
}

/** Output arrays by output name, concatenated over every batch, with their shapes. */
export interface ModelOutputs {
	rows: number;
	outputs: Record<string, { data: Float32Array | BigInt64Array; dims: number[] }>;
}

export interface PredictOptions {
	/** Rows per session.run call (default 10,000). */
	batchSize?: number;
	signal?: AbortSignal;
	onProgress?: (progress: { done: number; total: number }) => void;
}

/**
 * Hex SHA-256 of bytes with Web Crypto (available in browsers, Web Workers and Node ≥ 20).
 *
 * @example
 * await sha256Hex(new TextEncoder().encode('abc')); // 'ba7816bf…'
 */
export async function sha256Hex(bytes: Uint8Array): Promise<string> {
	const digest = await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>);
	return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

function sameNames(a: readonly string[], b: readonly string[]): boolean {
	return a.length === b.length && a.every((name, i) => name === b[i]);
}

function abortError(): Error {
	const err = new Error('Inference was cancelled');
	err.name = 'AbortError';
	return err;
}

/**
 * An ONNX session checked against its model card. Create with `TabularModel.load`.
 *
 * @example
 * const model = await TabularModel.load(ort, card, bytes);
 * const { outputs } = await model.predict(columns, { batchSize: 1000 });
 */
export class TabularModel {
	private constructor(
		readonly card: ModelCard,
		private readonly ort: OrtModule,
		readonly session: InferenceSession
	) {}

	/** `name@version`, the identity used in errors and logs. */
	get id(): string {
		return `${this.card.name}@${this.card.version}`;
	}

	/**
	 * Checks the SHA-256 of the bytes against the card, opens the session, and checks that the
	 * graph's input and output names (and input width, when the runtime reports it) agree with the
	 * card. Throws ModelLoadError naming the model otherwise.
	 *
	 * @example
	 * const model = await TabularModel.load(ort, card, new Uint8Array(await res.arrayBuffer()));
	 */
	static async load(
		ort: OrtModule,
		card: ModelCard,
		bytes: Uint8Array,
		options: InferenceSession.SessionOptions = {}
	): Promise<TabularModel> {
		const id = `${card.name}@${card.version}`;
		const actual = await sha256Hex(bytes);
		if (actual !== card.onnx.sha256) {
			throw new ModelLoadError(
				id,
				'sha256',
				`ONNX file ${card.onnx.file} has SHA-256 ${actual}, the model card expects ${card.onnx.sha256} (${bytes.length} bytes; corrupt, truncated or a different model)`
			);
		}
		let session: InferenceSession;
		try {
			session = await ort.InferenceSession.create(bytes, options);
		} catch (err) {
			throw new ModelLoadError(
				id,
				'corrupt',
				`ONNX file ${card.onnx.file} could not be opened (corrupt or truncated?): ${(err as Error).message ?? String(err)}`
			);
		}
		const problems: string[] = [];
		if (!sameNames(session.inputNames, card.onnx.input_names)) {
			problems.push(
				`graph inputs [${session.inputNames.join(', ')}], card says [${card.onnx.input_names.join(', ')}]`
			);
		}
		if (!sameNames(session.outputNames, card.onnx.output_names)) {
			problems.push(
				`graph outputs [${session.outputNames.join(', ')}], card says [${card.onnx.output_names.join(', ')}]`
			);
		}
		const meta = session.inputMetadata?.[0];
		if (meta && meta.isTensor && meta.shape.length === 2 && typeof meta.shape[1] === 'number') {
			if (meta.shape[1] !== card.features.length) {
				problems.push(
					`graph input has ${meta.shape[1]} columns, card lists ${card.features.length} features`
				);
			}
		}
		if (card.onnx.input_names.length !== 1) {
			problems.push('the card must name exactly one input tensor [N, features]');
		}
		if (problems.length > 0) {
			await session.release().catch(() => undefined);
			throw new ModelLoadError(
				id,
				'graph-mismatch',
				`model card and ONNX graph disagree: ${problems.join('; ')}`
			);
		}
		return new TabularModel(card, ort, session);
	}

	/**
	 * Validates the columns against the card (ModelInputError on bad input), then runs the
	 * session batch by batch, reporting progress and stopping with an AbortError when the signal
	 * fires between batches.
	 *
	 * @example
	 * const ac = new AbortController();
	 * const res = await model.predict(columns, { signal: ac.signal, onProgress: (p) => console.log(p.done) });
	 */
	async predict(columns: InputColumns, options: PredictOptions = {}): Promise<ModelOutputs> {
		const { signal, onProgress } = options;
		const batchSize = Math.max(1, Math.floor(options.batchSize ?? 10_000));
		if (signal?.aborted) throw abortError();
		const input = prepareInput(this.card, columns);
		return this.runPrepared(input.data, input.rows, { batchSize, signal, onProgress });
	}

	/**
	 * Runs already-validated row-major float32 input [rows, features] (what prepareInput returns).
	 *
	 * @example
	 * const res = await model.runPrepared(prepareInput(card, cols).data, rows);
	 */
	async runPrepared(
		data: Float32Array,
		rows: number,
		options: PredictOptions = {}
	): Promise<ModelOutputs> {
		const { signal, onProgress } = options;
		const batchSize = Math.max(1, Math.floor(options.batchSize ?? 10_000));
		const F = this.card.features.length;
		const inputName = this.card.onnx.input_names[0];
		const outputs: ModelOutputs['outputs'] = {};
		for (let start = 0; start < rows || (rows === 0 && start === 0); start += batchSize) {
			if (signal?.aborted) throw abortError();
			const end = Math.min(rows, start + batchSize);
			if (end === start) break;
			const tensor = new this.ort.Tensor('float32', data.subarray(start * F, end * F), [
				end - start,
				F
			]);
			const result = await this.session.run({ [inputName]: tensor });
			for (const name of this.session.outputNames) {
				const t = result[name];
				const width = t.dims.slice(1).reduce((a, b) => a * b, 1);
				if (!outputs[name]) {
					const Ctor = t.type === 'int64' ? BigInt64Array : Float32Array;
					outputs[name] = {
						data: new Ctor(rows * width) as Float32Array | BigInt64Array,
						dims: [rows, ...t.dims.slice(1)]
					};
				}
				(outputs[name].data as Float32Array).set(t.data as Float32Array, start * width);
				t.dispose?.();
			}
			tensor.dispose?.();
			onProgress?.({ done: end, total: rows });
			// Yield to the event loop so a cancel message posted meanwhile is seen before the next batch.
			if (signal && end < rows) await new Promise((resolve) => setTimeout(resolve, 0));
		}
		return { rows, outputs };
	}

	/** Frees the session's native or wasm memory. */
	async release(): Promise<void> {
		await this.session.release();
	}
}
