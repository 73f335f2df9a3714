import type { ModelCard } from '../../src/lib/contracts/model-card';
import {
	fitAdvancedReference,
	type AdvancedReference
} from '../../src/lib/drift/advanced/reference';
import type { ColumnData } from '../../src/lib/drift/types';
import { CliError } from '../command.ts';
import { asCliError } from './errors.ts';

/** What `vigil profile build --advanced-out` reports about the fitted reference. */
export interface AdvancedSummary {
	pca_columns: string[];
	pca_components: number;
	explained_variance: number;
	cbpe: boolean;
	cbpe_rows?: number;
}

/** 0/1 labels of the target column: numbers as they are, categories by the card's class order. */
function labelsOf(target: ColumnData, card?: ModelCard): Float64Array {
	if (target.type === 'numerical') return Float64Array.from(target.values);
	const classes = card?.target.classes;
	if (!classes || classes.length !== 2)
		throw new CliError(
			`--target '${target.name}' is categorical: the card must list its two classes (target.classes) to map them to 0 and 1`
		);
	// Trailing dots appear in some exports of the same classes (adult.test writes '>50K.').
	const index = Array.from(target.categories, (c) => classes.indexOf(c.replace(/\.$/, '')));
	return Float64Array.from(target.codes, (code) =>
		code < 0 ? NaN : index[code] < 0 ? NaN : index[code]
	);
}

function rowsOf(c: ColumnData | undefined): number {
	return !c ? 0 : c.type === 'numerical' ? c.values.length : c.codes.length;
}

/**
 * The methods' default chunk size (rows per reference window for the thresholds) when the reference
 * holds at least ten such chunks; smaller references are cut into ten chunks so thresholds exist.
 */
function chunkSizeFor(rows: number, preferred: number): number {
	return rows >= 10 * preferred ? preferred : Math.max(2, Math.floor(rows / 10));
}

/**
 * Fits the advanced reference over the reference rows already loaded for the profile: PCA on the
 * feature columns, and CBPE on the `prediction` score when the card's task is binary and the target
 * column was loaded. Rows without a 0/1 label are left out of the CBPE fit.
 *
 * @example
 * const { reference, summary } = fitAdvancedFile(columns, { features, target: 'income', card });
 */
export function fitAdvancedFile(
	columns: ColumnData[],
	options: { features?: string[]; target?: string; card?: ModelCard; createdAt?: string }
): { reference: AdvancedReference; summary: AdvancedSummary } {
	const byName = new Map(columns.map((c) => [c.name, c]));
	const featureNames =
		options.features ??
		columns.map((c) => c.name).filter((n) => n !== options.target && n !== 'prediction');
	const features = featureNames.map((n) => {
		const c = byName.get(n);
		if (!c) throw new CliError(`--advanced-out: the reference has no column '${n}'`);
		return c;
	});
	let scores: Float64Array | undefined;
	let labels: Float64Array | undefined;
	const target = options.target ? byName.get(options.target) : undefined;
	const prediction = byName.get('prediction');
	if (options.card?.task === 'binary' && target && prediction?.type === 'numerical') {
		const all = labelsOf(target, options.card);
		const keep: number[] = [];
		for (let i = 0; i < all.length; i++)
			if ((all[i] === 0 || all[i] === 1) && Number.isFinite(prediction.values[i])) keep.push(i);
		scores = Float64Array.from(keep, (i) => prediction.values[i]);
		labels = Float64Array.from(keep, (i) => all[i]);
	}
	try {
		const reference = fitAdvancedReference({
			features,
			scores,
			labels,
			prediction: 'prediction',
			createdAt: options.createdAt,
			pcaOptions: { chunkSize: chunkSizeFor(rowsOf(features[0]), 1000) },
			cbpeOptions: scores ? { chunkSize: chunkSizeFor(scores.length, 500) } : undefined
		});
		return {
			reference,
			summary: {
				pca_columns: reference.pca?.columns.map((c) => c.name) ?? [],
				pca_components: reference.pca?.componentCount ?? 0,
				explained_variance: reference.pca?.explainedVariance ?? 0,
				cbpe: reference.cbpe !== undefined,
				...(labels ? { cbpe_rows: labels.length } : {})
			}
		};
	} catch (err) {
		throw asCliError(err, '--advanced-out');
	}
}
