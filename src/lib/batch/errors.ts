/** Machine-readable reasons for {@link BatchInputError}. */
export type BatchInputErrorCode =
	| 'missing_column'
	| 'missing_batch_id'
	| 'invalid_time'
	| 'duplicate_time'
	| 'duplicate_batch'
	| 'too_few_batches'
	| 'no_variables'
	| 'variable_mismatch'
	| 'invalid_option'
	| 'invalid_reference'
	| 'reference_changed'
	| 'source_changed'
	| 'time_order';

/**
 * The one error class of the batch core: bad input is reported with a code and, where it applies,
 * the batch, the column and the row that caused it, never as a crash deep inside the statistics.
 *
 * @example
 * try {
 * 	buildBatchReference(twoBatches, options);
 * } catch (e) {
 * 	if (e instanceof BatchInputError) console.log(e.code); // 'too_few_batches'
 * }
 */
export class BatchInputError extends Error {
	readonly code: BatchInputErrorCode;
	readonly batch: string | undefined;
	readonly column: string | undefined;
	readonly row: number | undefined;
	constructor(
		code: BatchInputErrorCode,
		message: string,
		where: { batch?: string; column?: string; row?: number } = {}
	) {
		super(message);
		this.name = 'BatchInputError';
		this.code = code;
		this.batch = where.batch;
		this.column = where.column;
		this.row = where.row;
	}
}
