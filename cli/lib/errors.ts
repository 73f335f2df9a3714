import { DataError } from '../../src/lib/data/errors';
import { DriftInputError } from '../../src/lib/drift/types';
import { ModelInputError, ModelLoadError } from '../../src/lib/ml/errors';
import { CliError } from '../command.ts';

/**
 * Turns the libraries' input errors (data, drift, model) into a CliError with `context` in front,
 * so they are printed as the one-line reason of exit code 2; anything else is rethrown untouched.
 *
 * @example
 * try { await engine.loadFile(file); } catch (e) { throw asCliError(e, '--current'); }
 */
export function asCliError(err: unknown, context?: string): Error {
	if (err instanceof CliError) return err;
	if (
		err instanceof DataError ||
		err instanceof DriftInputError ||
		err instanceof ModelInputError ||
		err instanceof ModelLoadError
	)
		return new CliError(context ? `${context}: ${err.message}` : err.message);
	return err instanceof Error ? err : new Error(String(err));
}
