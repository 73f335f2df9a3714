/** One problem with one feature (and, when it is about a value, the row of that value). */
export interface InputIssue {
	feature: string;
	row?: number;
	message: string;
}

/**
 * Inputs that do not satisfy the model card: a missing feature, a string in a numerical feature,
 * a NaN the card rejects, a value outside the card's range, an unknown category. Lists the
 * issues per feature (at most a bounded number; `total` counts them all).
 */
export class ModelInputError extends Error {
	readonly model: string;
	readonly issues: InputIssue[];
	readonly total: number;

	constructor(model: string, issues: InputIssue[], total = issues.length) {
		const head = issues
			.slice(0, 3)
			.map((i) => `${i.feature}${i.row === undefined ? '' : ` (row ${i.row})`}: ${i.message}`)
			.join('; ');
		const more = total > 3 ? `; and ${total - 3} more` : '';
		super(`Input for model ${model} is invalid: ${head}${more}`);
		this.name = 'ModelInputError';
		this.model = model;
		this.issues = issues;
		this.total = total;
	}
}

/** Why a model could not be loaded; the model that was loaded before stays in use. */
export type ModelLoadReason = 'sha256' | 'corrupt' | 'graph-mismatch' | 'card' | 'fetch';

/** A model that could not be loaded: wrong checksum, unreadable ONNX, or a card that disagrees with the graph. */
export class ModelLoadError extends Error {
	readonly model: string;
	readonly reason: ModelLoadReason;

	constructor(model: string, reason: ModelLoadReason, message: string) {
		super(`Model ${model}: ${message}`);
		this.name = 'ModelLoadError';
		this.model = model;
		this.reason = reason;
	}
}

/** The model errors the page rebuilds from the worker's serialized errors (src/lib/worker-rpc). */
export const ML_ERRORS = { ModelInputError, ModelLoadError };
