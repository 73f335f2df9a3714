import { DriftInputError } from '../types';

/** What every streaming detector returns for each observation. */
export interface StreamingUpdate {
	/** True when this observation completed the evidence for a change. */
	drift: boolean;
	/** Observations since the detector last (re)started. */
	n: number;
	/** The detector's statistic after this observation (compare with `threshold`). */
	statistic: number;
	threshold: number;
	/** Total drifts signalled since creation. */
	drifts: number;
}

/**
 * Throws a DriftInputError ('invalid_option') naming the option unless `value` is a finite number > 0.
 *
 * @example
 * checkPositive('threshold', 50); // ok; checkPositive('threshold', 0) throws
 */
export function checkPositive(name: string, value: number): void {
	if (!Number.isFinite(value) || value <= 0) {
		throw new DriftInputError('invalid_option', `${name} must be a positive number, got ${value}`);
	}
}

/**
 * Throws a DriftInputError ('invalid_option') naming the option unless `value` is a finite number ≥ 0.
 *
 * @example
 * checkNonNegative('delta', 0); // ok; checkNonNegative('delta', -1) throws
 */
export function checkNonNegative(name: string, value: number): void {
	if (!Number.isFinite(value) || value < 0) {
		throw new DriftInputError(
			'invalid_option',
			`${name} must be a non-negative number, got ${value}`
		);
	}
}

/**
 * Throws a DriftInputError ('invalid_option') naming the option unless `value` is an integer ≥ `min`.
 *
 * @example
 * checkInteger('clock', 32, 1); // ok; checkInteger('clock', 0.5, 1) throws
 */
export function checkInteger(name: string, value: number, min: number): void {
	if (!Number.isInteger(value) || value < min) {
		throw new DriftInputError(
			'invalid_option',
			`${name} must be an integer ≥ ${min}, got ${value}`
		);
	}
}
