import { dirname, join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { parseModelCard, type ModelCard } from '../../src/lib/contracts/model-card';
import type { ColumnData } from '../../src/lib/drift/types';
import { TabularModel, type OrtModule } from '../../src/lib/ml/model-session';
import { modelInput, modelScores } from '../../src/lib/pipeline';
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
 * Runs the model on data columns and returns one monitored score per row, read by the pipeline
 * (src/lib/pipeline, modelScores): the regression output, P(class 1) of a binary classifier, P(last
 * class) of a multiclass one, the same numbers the browser stores in a reference profile.
 *
 * @example
 * const score = await scoreColumns(model, table.columns);
 */
export async function scoreColumns(
	model: TabularModel,
	columns: ColumnData[],
	onProgress?: (p: { done: number; total: number }) => void
): Promise<Float64Array> {
	let result;
	try {
		result = await model.predict(modelInput(model.card, columns), { batchSize: 5000, onProgress });
	} catch (err) {
		throw asCliError(err, '--model');
	}
	return modelScores(model.card, result.outputs);
}
