import type { ModelCard } from '../contracts/model-card';
import type { ColumnData } from '../drift/types';
import { tensorScores, type OutputTensor } from './prediction';

/** The model's input columns by feature name: numbers as typed arrays, text and missing as values. */
export type ModelInputColumns = Record<string, Float64Array | (number | string | null)[]>;

/** The parts of a model card that reading its input and output needs. */
export type CardShape = Pick<ModelCard, 'task' | 'features' | 'outputs'>;

/**
 * Reads category text as the number it spells ("3" → 3, " 2.5" → 2.5), or keeps the text when it
 * is not one (the model's input check then names the value).
 */
function numberOrText(text: string): number | string {
	const n = Number(text);
	return text.trim() !== '' && Number.isFinite(n) ? n : text;
}

/**
 * The model's input from data columns, the same in the browser and the CLI: numbers stay typed
 * arrays; categories become their strings (null for missing) for string features, and the numbers
 * they spell for numerical features (integer codes with few values, such as hour or weekday, are
 * typed categorical for drift, yet the model takes them as numbers). Features absent from the data
 * are left out, so the card's input validation names each one.
 *
 * @example
 * const input = modelInput(card, columns); // { hr: Float64Array, season: [1, 2, …], … }
 */
export function modelInput(
	card: Pick<CardShape, 'features'>,
	columns: ColumnData[]
): ModelInputColumns {
	const byName = new Map(columns.map((c) => [c.name, c]));
	const out: ModelInputColumns = {};
	for (const f of card.features) {
		const c = byName.get(f.name);
		if (!c) continue;
		if (c.type === 'numerical') {
			out[f.name] = c.values;
			continue;
		}
		const categories: (number | string)[] =
			f.dtype === 'string' ? c.categories : c.categories.map(numberOrText);
		out[f.name] = Array.from(c.codes, (k) => (k < 0 ? null : categories[k]));
	}
	return out;
}

/**
 * One monitored score per row from a model run's outputs (see prediction.ts for the reading): the
 * regression value of the card's first output; for a classifier, its probability output (the
 * card's output with class labels and more than one column, or else any `[rows, ≥2]` output), read
 * as P(class 1) for binary and P(last class) for multiclass; a classifier without probabilities
 * gives its predicted class.
 *
 * @example
 * const scores = modelScores(card, result.outputs); // Float64Array, one per row
 */
export function modelScores(card: CardShape, outputs: Record<string, OutputTensor>): Float64Array {
	let name = card.outputs[0].name;
	if (card.task !== 'regression') {
		const declared = card.outputs.find(
			(o) => o.labels && o.shape.length === 2 && o.shape[1] > 1 && outputs[o.name]
		);
		const found = Object.entries(outputs).find(
			([, t]) => t.dims.length === 2 && Number(t.dims[1]) >= 2
		);
		name = declared?.name ?? found?.[0] ?? name;
	}
	const tensor = outputs[name];
	if (!tensor) throw new Error(`The model gave no output named "${name}".`);
	return tensorScores(tensor, card.task);
}
