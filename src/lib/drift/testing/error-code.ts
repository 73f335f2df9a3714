import { DriftInputError } from '../types';

/**
 * The `DriftInputError` code that `fn` throws, or 'none' when it returns. Any other exception is
 * rethrown, so a test that expects bad input to be refused fails on a crash.
 *
 * @example
 * driftErrorCode(() => ksTwoSampleSorted(new Float64Array(), new Float64Array([1]))); // 'empty_column'
 */
export function driftErrorCode(fn: () => unknown): string {
	try {
		fn();
	} catch (e) {
		if (e instanceof DriftInputError) return e.code;
		throw e;
	}
	return 'none';
}
