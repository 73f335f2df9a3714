import type { ModelCard } from '../contracts/model-card';
import type { ColumnData } from '../drift/types';
import type { InputColumns } from '../ml/validate-input';

/**
 * The model's input columns from data-engine columns: numbers stay typed arrays, categories
 * become their strings (null for missing), so the card's validation sees the raw values.
 * Features absent from the data are left out; the validation then names each one.
 *
 * @example
 * const input = modelInput(card, await data.columns(id, names, window));
 */
export function modelInput(card: ModelCard, columns: ColumnData[]): InputColumns {
	const byName = new Map(columns.map((c) => [c.name, c]));
	const out: InputColumns = {};
	for (const f of card.features) {
		const c = byName.get(f.name);
		if (!c) continue;
		if (c.type === 'numerical') out[f.name] = c.values;
		else if (f.dtype === 'string')
			out[f.name] = Array.from(c.codes, (k) => (k < 0 ? null : c.categories[k]));
		else
			// A numerical feature stored as categories (e.g. codes read from CSV text): parse the text.
			out[f.name] = Array.from(c.codes, (k) => {
				if (k < 0) return null;
				const n = Number(c.categories[k]);
				return Number.isFinite(n) && c.categories[k].trim() !== '' ? n : c.categories[k];
			});
	}
	return out;
}

/**
 * The first output of a model as one number per row: the regression value, or for a classifier
 * the probability of the positive (last) class when probabilities exist, else the label.
 *
 * @example
 * const y = primaryOutput(card, outputs); // Float64Array
 */
export function primaryOutput(
	card: ModelCard,
	outputs: Record<string, { data: ArrayLike<number | bigint>; dims: readonly number[] }>
): Float64Array {
	const probs = card.outputs.find((o) => o.labels && o.shape.length === 2 && o.shape[1] > 1);
	const chosen = card.task !== 'regression' && probs ? probs : card.outputs[0];
	const t = outputs[chosen.name];
	if (!t) throw new Error(`The model gave no output named "${chosen.name}".`);
	const width = t.dims.length > 1 ? Number(t.dims[t.dims.length - 1]) : 1;
	const rows = Math.floor(t.data.length / Math.max(1, width));
	const col = chosen === probs ? width - 1 : 0;
	return Float64Array.from({ length: rows }, (_, i) => Number(t.data[i * width + col]));
}
