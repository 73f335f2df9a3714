import { dirname, join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { parseModelCard, type ModelCard } from '../../src/lib/contracts/model-card';
import type { ColumnData } from '../../src/lib/drift/types';
import { TabularModel, type OrtModule } from '../../src/lib/ml/model-session';
import type { InputColumns } from '../../src/lib/ml/validate-input';
import { CliError } from '../command.ts';
import { asCliError } from './errors.ts';
import { readInput } from './files.ts';

/**
 * Loads a model from its card file: the card is validated, the ONNX file named by the card is read
 * from beside it and checked against the card's SHA-256 by TabularModel, then opened with
 * onnxruntime-node.
 *
 * @example
 * const model = await loadModel('static/models/bike-demand/1.0.0/card.json');
 */
export async function loadModel(cardPath: string, option = '--model'): Promise<TabularModel> {
	const text = new TextDecoder().decode(await readInput(option, cardPath));
	let card: ModelCard;
	try {
		card = parseModelCard(JSON.parse(text));
	} catch (err) {
		const detail =
			err instanceof SyntaxError
				? 'not JSON'
				: ((err as { issues?: { path: PropertyKey[]; message: string }[] }).issues ?? [])
						.slice(0, 2)
						.map((i) => `${i.path.join('.')}: ${i.message}`)
						.join('; ');
		throw new CliError(`${option}: '${cardPath}' is not a model card (${detail})`);
	}
	const onnx = await readInput(option, join(dirname(cardPath), card.onnx.file));
	try {
		return await TabularModel.load(ort as unknown as OrtModule, card, onnx);
	} catch (err) {
		throw asCliError(err, option);
	}
}

/**
 * Turns data-engine columns into the model's input: numbers stay typed arrays, category codes
 * become their strings (null for missing).
 *
 * @example
 * const input = toModelInput(table.columns);
 */
export function toModelInput(columns: ColumnData[], card?: ModelCard): InputColumns {
	const numeric = new Set(card?.features.filter((f) => f.dtype !== 'string').map((f) => f.name));
	const out: InputColumns = {};
	for (const c of columns) {
		if (c.type === 'numerical') {
			out[c.name] = c.values;
			continue;
		}
		// Integer codes with few values (hour, weekday) are typed categorical for drift; the model
		// still takes them as numbers. A category that is not a number is passed on as text, so the
		// model's input check names it.
		const categories = numeric.has(c.name)
			? c.categories.map((v) => (v.trim() !== '' && Number.isFinite(Number(v)) ? Number(v) : v))
			: c.categories;
		out[c.name] = Array.from(c.codes, (k) => (k < 0 ? null : categories[k]));
	}
	return out;
}

/** One number per row: the regression output, or the positive class's probability of a classifier. */
export interface ModelScores {
	/** Regression prediction or P(positive class). */
	score: Float64Array;
	/** Predicted class index (classifiers only). */
	label?: Float64Array;
	task: ModelCard['task'];
}

/**
 * Runs the model on columns and returns one score per row (see ModelScores).
 *
 * @example
 * const { score } = await scoreColumns(model, table.columns);
 */
export async function scoreColumns(
	model: TabularModel,
	columns: ColumnData[],
	onProgress?: (p: { done: number; total: number }) => void
): Promise<ModelScores> {
	let result;
	try {
		result = await model.predict(toModelInput(columns, model.card), {
			batchSize: 5000,
			onProgress
		});
	} catch (err) {
		throw asCliError(err, '--model');
	}
	const card = model.card;
	const rows = result.rows;
	if (card.task === 'regression') {
		const out = result.outputs[card.onnx.output_names[0]];
		return { score: Float64Array.from(out.data as Float32Array), task: card.task };
	}
	const probs = Object.entries(result.outputs).find(
		([, o]) => o.dims.length === 2 && o.dims[1] >= 2
	);
	const labels = Object.entries(result.outputs).find(([, o]) => o.data instanceof BigInt64Array);
	const score = new Float64Array(rows);
	if (probs) {
		const width = probs[1].dims[1];
		const data = probs[1].data as Float32Array;
		for (let i = 0; i < rows; i++) score[i] = data[i * width + width - 1];
	} else if (labels) {
		const data = labels[1].data as BigInt64Array;
		for (let i = 0; i < rows; i++) score[i] = Number(data[i]);
	}
	const label = labels
		? Float64Array.from(labels[1].data as BigInt64Array, (v) => Number(v))
		: Float64Array.from(score, (p) => (p > 0.5 ? 1 : 0));
	return { score, label, task: card.task };
}
