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

/** An error as it crosses the Web Worker boundary (structured clone keeps no class). */
export interface SerializedError {
	name: string;
	message: string;
	stack?: string;
	model?: string;
	reason?: ModelLoadReason;
	issues?: InputIssue[];
	total?: number;
}

/**
 * Turns any thrown value into a plain object that survives postMessage.
 *
 * @example
 * postMessage({ type: 'error', id, error: serializeError(err) });
 */
export function serializeError(err: unknown): SerializedError {
	if (err instanceof ModelInputError) {
		return {
			name: err.name,
			message: err.message,
			stack: err.stack,
			model: err.model,
			issues: err.issues,
			total: err.total
		};
	}
	if (err instanceof ModelLoadError) {
		return {
			name: err.name,
			message: err.message,
			stack: err.stack,
			model: err.model,
			reason: err.reason
		};
	}
	if (err instanceof Error) return { name: err.name, message: err.message, stack: err.stack };
	return { name: 'Error', message: String(err) };
}

/**
 * Rebuilds the error class from its serialized form, so callers can use `instanceof`.
 *
 * @example
 * throw deserializeError(message.error);
 */
export function deserializeError(e: SerializedError): Error {
	let err: Error;
	if (e.name === 'ModelInputError' && e.model && e.issues) {
		err = new ModelInputError(e.model, e.issues, e.total);
	} else if (e.name === 'ModelLoadError' && e.model && e.reason) {
		err = new ModelLoadError(e.model, e.reason, '');
		err.message = e.message;
	} else {
		err = new Error(e.message);
		err.name = e.name;
	}
	if (e.stack) err.stack = e.stack;
	return err;
}
