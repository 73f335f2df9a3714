import { DriftInputError, type ColumnData } from '../types';
import { symmetricEigen } from './symmetric-eigen';

/**
 * Multivariate drift by PCA reconstruction error (NannyML's DataReconstructionDriftCalculator).
 *
 * Method: on the reference, each row becomes a feature vector z (below), PCA is fitted on the
 * covariance of z (eigendecomposition by Jacobi), and the smallest number K of principal components
 * whose eigenvalues explain at least `varianceExplained` (default 0.65) of the total variance is
 * kept (V_K, d×K, orthonormal). A row's reconstruction error is the Euclidean distance between z
 * and its projection back from the K-dimensional space:
 *
 *   e(z) = ‖z − V_K V_Kᵀ z‖₂.
 *
 * A window's statistic is the mean error ē over its rows, with sampling error σ_e/√n where σ_e is
 * the standard deviation of the row errors on the reference. Alert thresholds are mean ± 3σ of ē
 * over consecutive reference chunks of `chunkSize` rows (lower clipped at 0). Because PCA captures
 * the reference's correlations, a change in the correlations raises ē even when every marginal
 * distribution stays the same.
 *
 * Features z (all fitted on the reference):
 * - numerical: z = (x − mean)/sd; missing (NaN, ±Infinity) is imputed with the mean (z = 0).
 * - constant numerical columns (sd = 0): z = (x − c)/|c| (relative change; (x − c) when c = 0).
 *   They add nothing to the reference's variance, so any departure from the constant shows up
 *   entirely in the reconstruction error.
 * - categorical: one-hot over the `maxCategories` most frequent reference categories, each
 *   indicator standardized like a numerical column; rarer or unseen categories are all-zero
 *   indicators (an implicit "other"), missing (-1) is imputed with the most frequent category.
 * Imputation means missing values pull rows towards the reference mean: a rise in missing values is
 * for the univariate missing-value checks to report, not for this statistic.
 *
 * Reference: NannyML, "Data Reconstruction with PCA",
 * https://nannyml.readthedocs.io/en/stable/how_it_works/multivariate_drift.html ; I. T. Jolliffe,
 * *Principal Component Analysis*, 2nd ed., Springer 2002.
 */
export interface PcaReconstructionOptions {
	/** Share of variance the kept components must explain. */
	varianceExplained?: number;
	/** Reference rows per chunk for the alert thresholds. */
	chunkSize?: number;
	/** Most frequent categories one-hot encoded per categorical column. */
	maxCategories?: number;
	/** Fewest rows for a window statistic. */
	minWindowSize?: number;
}

export type PcaFeature =
	| { kind: 'numerical'; column: string; center: number; scale: number; constant: boolean }
	| {
			kind: 'category';
			column: string;
			category: string;
			center: number;
			scale: number;
			constant: boolean;
	  };

/** A fitted reconstruction model: plain data, safe to store as JSON. */
export interface PcaReconstructionModel {
	kind: 'pca-reconstruction';
	columns: { name: string; type: 'numerical' | 'categorical'; imputeCategory?: string }[];
	features: PcaFeature[];
	/** Kept components, row-major d×K. */
	components: number[];
	componentCount: number;
	/** Share of variance explained by the kept components. */
	explainedVariance: number;
	referenceSize: number;
	referenceMean: number;
	/** Standard deviation of the row errors on the reference (σ_e). */
	referenceRowSd: number;
	chunkSize: number;
	referenceChunks: number;
	lowerThreshold: number;
	upperThreshold: number;
	minWindowSize: number;
}

export type PcaReconstructionResult =
	| {
			status: 'ok';
			n: number;
			meanError: number;
			samplingError: number;
			lowerThreshold: number;
			upperThreshold: number;
			alert: boolean;
	  }
	| { status: 'not_enough_data'; n: number; reason: string };

function rowCount(columns: ColumnData[], what: string): number {
	if (columns.length === 0) throw new DriftInputError('empty_column', `${what}: no columns given`);
	const n = columns[0].type === 'numerical' ? columns[0].values.length : columns[0].codes.length;
	for (const c of columns) {
		const len = c.type === 'numerical' ? c.values.length : c.codes.length;
		if (len !== n) {
			throw new DriftInputError(
				'invalid_option',
				`${what}: column "${c.name}" has ${len} rows, "${columns[0].name}" has ${n}`,
				{ column: c.name }
			);
		}
	}
	return n;
}

/** Per row, the feature index of each kept category code (-1 for "other"), after imputation. */
function categoryMap(model: PcaReconstructionModel, column: ColumnData & { type: 'categorical' }) {
	const first = model.features.findIndex((f) => f.kind === 'category' && f.column === column.name);
	const byName = new Map<string, number>();
	for (let j = first; j >= 0 && j < model.features.length; j++) {
		const f = model.features[j];
		if (f.kind !== 'category' || f.column !== column.name) break;
		byName.set(f.category, j);
	}
	const impute = model.columns.find((c) => c.name === column.name)?.imputeCategory;
	const missingTarget = impute === undefined ? -1 : (byName.get(impute) ?? -1);
	const codeToFeature = Int32Array.from(column.categories, (c) => byName.get(c) ?? -1);
	return { codeToFeature, missingTarget, first, count: byName.size };
}

/** Fills `z` (length d) with the standardized features of every row, calling `visit(z, row)`. */
function forEachRow(
	model: PcaReconstructionModel,
	columns: ColumnData[],
	visit: (z: Float64Array, row: number) => void
): number {
	const byName = new Map(columns.map((c) => [c.name, c]));
	const n = rowCount(columns, 'pca reconstruction');
	const d = model.features.length;
	type Plan =
		| { kind: 'numerical'; values: Float64Array; j: number; center: number; scale: number }
		| {
				kind: 'categorical';
				codes: Int32Array;
				codeToFeature: Int32Array;
				missingTarget: number;
				first: number;
				count: number;
		  };
	const plans: Plan[] = [];
	for (const spec of model.columns) {
		const col = byName.get(spec.name);
		if (!col) {
			throw new DriftInputError(
				'column_missing',
				`column "${spec.name}" of the reference is missing`,
				{
					column: spec.name
				}
			);
		}
		if (col.type !== spec.type) {
			throw new DriftInputError(
				'type_mismatch',
				`column "${spec.name}" is ${col.type}, the reference has it ${spec.type}`,
				{ column: spec.name }
			);
		}
		if (col.type === 'numerical') {
			const j = model.features.findIndex((f) => f.kind === 'numerical' && f.column === spec.name);
			const f = model.features[j];
			plans.push({ kind: 'numerical', values: col.values, j, center: f.center, scale: f.scale });
		} else {
			plans.push({ kind: 'categorical', codes: col.codes, ...categoryMap(model, col) });
		}
	}
	// Baseline of the categorical indicators (all zero) in standardized units.
	const base = new Float64Array(d);
	for (let j = 0; j < d; j++) {
		const f = model.features[j];
		if (f.kind === 'category') base[j] = -f.center / f.scale;
	}
	const z = new Float64Array(d);
	for (let r = 0; r < n; r++) {
		for (const p of plans) {
			if (p.kind === 'numerical') {
				const x = p.values[r];
				z[p.j] = Number.isFinite(x) ? (x - p.center) / p.scale : 0;
			} else {
				for (let j = p.first; j < p.first + p.count; j++) z[j] = base[j];
				const code = p.codes[r];
				const target =
					code >= 0 && code < p.codeToFeature.length ? p.codeToFeature[code] : p.missingTarget;
				if (target >= 0) {
					const f = model.features[target];
					z[target] = (1 - f.center) / f.scale;
				}
			}
		}
		visit(z, r);
	}
	return n;
}

/** Per-row reconstruction error ‖z − V V ᵀz‖ of every row. */
function rowErrors(model: PcaReconstructionModel, columns: ColumnData[]): Float64Array {
	const d = model.features.length;
	const k = model.componentCount;
	const v = Float64Array.from(model.components);
	const proj = new Float64Array(k);
	const n = rowCount(columns, 'pca reconstruction');
	const errors = new Float64Array(n);
	forEachRow(model, columns, (z, r) => {
		for (let c = 0; c < k; c++) {
			let s = 0;
			for (let i = 0; i < d; i++) s += z[i] * v[i * k + c];
			proj[c] = s;
		}
		let e = 0;
		for (let i = 0; i < d; i++) {
			let rec = 0;
			for (let c = 0; c < k; c++) rec += v[i * k + c] * proj[c];
			e += (z[i] - rec) ** 2;
		}
		errors[r] = Math.sqrt(e);
	});
	return errors;
}

function meanSd(x: ArrayLike<number>): { mean: number; sd: number } {
	let mean = 0;
	for (let i = 0; i < x.length; i++) mean += (x[i] - mean) / (i + 1);
	let ss = 0;
	for (let i = 0; i < x.length; i++) ss += (x[i] - mean) ** 2;
	return { mean, sd: x.length > 1 ? Math.sqrt(ss / (x.length - 1)) : 0 };
}

/**
 * Fits the reconstruction model on reference columns (numerical and categorical).
 *
 * @example
 * const model = fitPcaReconstruction(referenceColumns, { chunkSize: 1000 });
 * model.componentCount; // components kept for 65 % of the variance
 */
export function fitPcaReconstruction(
	reference: ColumnData[],
	options: PcaReconstructionOptions = {}
): PcaReconstructionModel {
	const varianceExplained = options.varianceExplained ?? 0.65;
	const chunkSize = options.chunkSize ?? 1000;
	const maxCategories = options.maxCategories ?? 20;
	const minWindowSize = options.minWindowSize ?? 50;
	if (!(varianceExplained > 0 && varianceExplained <= 1)) {
		throw new DriftInputError(
			'invalid_option',
			`varianceExplained must be in (0, 1], got ${varianceExplained}`
		);
	}
	for (const [name, value] of [
		['chunkSize', chunkSize],
		['maxCategories', maxCategories],
		['minWindowSize', minWindowSize]
	] as const) {
		if (!Number.isInteger(value) || value < 2) {
			throw new DriftInputError('invalid_option', `${name} must be an integer ≥ 2, got ${value}`);
		}
	}
	const n = rowCount(reference, 'reference');
	const names = new Set<string>();
	for (const c of reference) {
		if (names.has(c.name))
			throw new DriftInputError('invalid_option', `column "${c.name}" is given twice`);
		names.add(c.name);
	}
	const chunks = Math.floor(n / chunkSize);
	if (chunks < 2) {
		throw new DriftInputError(
			'invalid_option',
			`reference has ${n} rows: at least 2 chunks of chunkSize ${chunkSize} are needed for thresholds`
		);
	}

	const columns: PcaReconstructionModel['columns'] = [];
	const features: PcaFeature[] = [];
	for (const col of reference) {
		if (col.type === 'numerical') {
			let count = 0;
			let mean = 0;
			let m2 = 0;
			for (const x of col.values) {
				if (!Number.isFinite(x)) continue;
				count++;
				const delta = x - mean;
				mean += delta / count;
				m2 += delta * (x - mean);
			}
			if (count === 0) {
				throw new DriftInputError(
					'all_missing',
					`column "${col.name}" has no finite value in the reference`,
					{
						column: col.name
					}
				);
			}
			const sd = count > 1 ? Math.sqrt(m2 / (count - 1)) : 0;
			const constant = !(sd > 1e-12 * Math.max(1, Math.abs(mean)));
			const scale = constant ? (mean !== 0 ? Math.abs(mean) : 1) : sd;
			columns.push({ name: col.name, type: 'numerical' });
			features.push({ kind: 'numerical', column: col.name, center: mean, scale, constant });
		} else {
			const counts = new Float64Array(col.categories.length);
			let present = 0;
			for (const code of col.codes) {
				if (code >= 0 && code < counts.length) {
					counts[code]++;
					present++;
				}
			}
			if (present === 0) {
				throw new DriftInputError(
					'all_missing',
					`column "${col.name}" has no category in the reference`,
					{
						column: col.name
					}
				);
			}
			const kept = Array.from(counts.keys())
				.filter((c) => counts[c] > 0)
				.sort((a, b) => counts[b] - counts[a] || a - b)
				.slice(0, maxCategories);
			const mode = kept[0];
			// Imputed rows count towards the most frequent category.
			for (const c of kept) {
				const p = (counts[c] + (c === mode ? n - present : 0)) / n;
				const sd = Math.sqrt((p * (1 - p) * n) / Math.max(1, n - 1));
				const constant = !(sd > 1e-12);
				features.push({
					kind: 'category',
					column: col.name,
					category: col.categories[c],
					center: p,
					scale: constant ? 1 : sd,
					constant
				});
			}
			columns.push({ name: col.name, type: 'categorical', imputeCategory: col.categories[mode] });
		}
	}

	const d = features.length;
	const partial: PcaReconstructionModel = {
		kind: 'pca-reconstruction',
		columns,
		features,
		components: [],
		componentCount: 0,
		explainedVariance: 0,
		referenceSize: n,
		referenceMean: 0,
		referenceRowSd: 0,
		chunkSize,
		referenceChunks: chunks,
		lowerThreshold: 0,
		upperThreshold: 0,
		minWindowSize
	};
	// Covariance of the standardized features (upper triangle, then mirrored).
	const mean = new Float64Array(d);
	forEachRow(partial, reference, (z) => {
		for (let i = 0; i < d; i++) mean[i] += z[i];
	});
	for (let i = 0; i < d; i++) mean[i] /= n;
	const cov = new Float64Array(d * d);
	const centered = new Float64Array(d);
	forEachRow(partial, reference, (z) => {
		for (let i = 0; i < d; i++) centered[i] = z[i] - mean[i];
		for (let i = 0; i < d; i++) {
			const ci = centered[i];
			if (ci === 0) continue;
			for (let j = i; j < d; j++) cov[i * d + j] += ci * centered[j];
		}
	});
	for (let i = 0; i < d; i++) {
		for (let j = i; j < d; j++) {
			cov[i * d + j] /= n - 1;
			cov[j * d + i] = cov[i * d + j];
		}
	}
	const { values, vectors } = symmetricEigen(cov, d);
	let total = 0;
	for (const v of values) total += Math.max(0, v);
	let k = 0;
	let explained = 0;
	if (total > 0) {
		while (k < d && explained < varianceExplained - 1e-12) {
			explained += Math.max(0, values[k]) / total;
			k++;
		}
	}
	const components: number[] = [];
	for (let i = 0; i < d; i++) for (let c = 0; c < k; c++) components.push(vectors[i * d + c]);
	const model: PcaReconstructionModel = {
		...partial,
		components,
		componentCount: k,
		explainedVariance: explained
	};

	const errors = rowErrors(model, reference);
	const rows = meanSd(errors);
	const chunkMeans = new Float64Array(chunks);
	for (let c = 0; c < chunks; c++) {
		chunkMeans[c] = meanSd(errors.subarray(c * chunkSize, (c + 1) * chunkSize)).mean;
	}
	const byChunk = meanSd(chunkMeans);
	model.referenceMean = rows.mean;
	model.referenceRowSd = rows.sd;
	model.lowerThreshold = Math.max(0, byChunk.mean - 3 * byChunk.sd);
	model.upperThreshold = byChunk.mean + 3 * byChunk.sd;
	return model;
}

/**
 * Mean reconstruction error of one window, its sampling error and whether it leaves the thresholds.
 *
 * @example
 * const r = pcaReconstructionDrift(model, windowColumns);
 * if (r.status === 'ok' && r.alert) console.log('multivariate drift', r.meanError);
 */
export function pcaReconstructionDrift(
	model: PcaReconstructionModel,
	window: ColumnData[]
): PcaReconstructionResult {
	const errors = rowErrors(model, window);
	const n = errors.length;
	if (n < model.minWindowSize) {
		return {
			status: 'not_enough_data',
			n,
			reason: `window has ${n} rows, fewer than minWindowSize ${model.minWindowSize}`
		};
	}
	const { mean } = meanSd(errors);
	return {
		status: 'ok',
		n,
		meanError: mean,
		samplingError: model.referenceRowSd / Math.sqrt(n),
		lowerThreshold: model.lowerThreshold,
		upperThreshold: model.upperThreshold,
		alert: mean < model.lowerThreshold || mean > model.upperThreshold
	};
}

/**
 * Per-row reconstruction errors of a window (for plots and for streaming them into a detector).
 *
 * @example
 * const errors = pcaReconstructionErrors(model, windowColumns); // Float64Array, one per row
 */
export function pcaReconstructionErrors(
	model: PcaReconstructionModel,
	window: ColumnData[]
): Float64Array {
	return rowErrors(model, window);
}
