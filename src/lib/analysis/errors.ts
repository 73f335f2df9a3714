import { DriftInputError } from '../drift/types';

/** The reference data changed since its profile was frozen: the profile is not used. */
export class ReferenceMismatchError extends Error {
	constructor(
		readonly expected: string,
		readonly actual: string
	) {
		super(
			`The reference profile was frozen from data with SHA-256 ${actual.slice(0, 12)}…, but the reference is now ${expected.slice(0, 12)}…: rebuild the profile from the current reference.`
		);
		this.name = 'ReferenceMismatchError';
	}
}

/** The drift errors the page rebuilds from the worker's serialized errors (src/lib/worker-rpc). */
export const DRIFT_ERRORS = { DriftInputError, ReferenceMismatchError };
