import { ApiError } from './errors';

/** Bindings and vars the Worker needs; `wrangler types` generates the full `Env` from wrangler.toml. */
export type AppEnv = { Bindings: Env };

const REQUIRED_VARS = ['VIGIL_VERSION', 'STORAGE_BACKEND'] as const;

/**
 * Checks the bindings and vars at the first request so that a broken deployment names what is
 * missing instead of failing somewhere deep inside a route.
 *
 * @example
 * assertEnv(c.env); // throws ApiError(500, 'misconfigured', 'Missing binding STORE ...')
 */
export function assertEnv(env: Partial<Env>): asserts env is Env {
	const missing: string[] = [];
	for (const name of REQUIRED_VARS) {
		if (typeof env[name] !== 'string' || env[name] === '') missing.push(`var ${name}`);
	}
	if (!env.FLEET) missing.push('Durable Object binding FLEET');
	if (env.STORAGE_BACKEND === 'r2' && !env.STORE) missing.push('R2 binding STORE');
	if (missing.length > 0) {
		throw new ApiError(
			500,
			'misconfigured',
			`Vigil is misconfigured: missing ${missing.join(', ')} (see wrangler.toml)`,
			{ missing }
		);
	}
}
