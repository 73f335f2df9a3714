/** The checks of the data-quality suite (docs/drift.md, "Data-quality suite"). */
export const QUALITY_CHECKS = [
	'missing_share',
	'out_of_range',
	'new_categories',
	'constant_column',
	'duplicated_columns',
	'duplicated_rows'
] as const;
export type QualityCheckName = (typeof QUALITY_CHECKS)[number];
export type Severity = 'warn' | 'fail';

/**
 * One check's outcome: `pass`, its severity (`warn` or `fail`) when its condition is violated, or
 * `skipped` with the reason in `message`. `value` is what was measured, `bound` what it was
 * compared with (both derived from the reference as `condition` says).
 */
export interface QualityCheckResult {
	check: QualityCheckName;
	column?: string;
	severity: Severity;
	status: 'pass' | Severity | 'skipped';
	value: number | null;
	bound: number | null;
	condition: string;
	message: string;
}

/** A result with `status` set from `violated` (or skipped when `skipped` names a reason). */
export function outcome(
	base: Omit<QualityCheckResult, 'status' | 'message'>,
	violated: boolean,
	message: string
): QualityCheckResult {
	return { ...base, status: violated ? base.severity : 'pass', message };
}
