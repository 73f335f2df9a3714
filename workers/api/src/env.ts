import { ApiError } from './errors';
import type { TokenScope } from '../../../src/lib/contracts/api';

/** The authenticated caller: the token's name (never the token) and its scopes. */
export interface Caller {
	name: string;
	scopes: readonly TokenScope[];
}

/** Bindings and vars the Worker needs; `wrangler types` generates the full `Env` from wrangler.toml. */
export type AppEnv = { Bindings: Env; Variables: { caller?: Caller } };

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
	if (!env.GATES) missing.push('Durable Object binding GATES');
	if (!env.METRICS_SHARDS) missing.push('Durable Object binding METRICS_SHARDS');
	if (!env.TOKEN_LIMITER) missing.push('rate limiting binding TOKEN_LIMITER');
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

/** Reads a positive number var, or the default when it is unset or not a positive number. */
export function numberVar(value: string | undefined, fallback: number): number {
	const n = Number(value);
	return value !== undefined && value !== '' && Number.isFinite(n) && n > 0 ? n : fallback;
}

/** The limits of the API; each can be changed with the var of the same name. */
export function limits(env: Env) {
	return {
		/** Largest request body of JSON/NDJSON/Parquet uploads (bytes). */
		maxBodyBytes: numberVar(env.MAX_BODY_BYTES, 8 * 1024 * 1024),
		/** Largest model upload (bytes). */
		maxModelBytes: numberVar(env.MAX_MODEL_BYTES, 64 * 1024 * 1024),
		/** Most records in one prediction batch. */
		maxBatchRecords: numberVar(env.MAX_BATCH_RECORDS, 10_000)
	};
}

/** The registry Durable Object (one per deployment; models, stages, the report and batch index). */
export function fleetOf(env: Env) {
	return env.FLEET.get(env.FLEET.idFromName('fleet'));
}

/**
 * The Durable Object holding one token's idempotency keys.
 *
 * @example
 * await gateOf(env, 'plant-tablets').claim(key, sha256, batch);
 */
export function gateOf(env: Env, token: string) {
	return env.GATES.get(env.GATES.idFromName(`token:${token}`));
}

/** How many shards the API's own request metrics are spread over. */
export const METRICS_SHARDS = 4;

/**
 * One shard (0 … METRICS_SHARDS − 1) of the API's request metrics.
 *
 * @example
 * await metricsShardOf(env, 2).snapshot();
 */
export function metricsShardOf(env: Env, shard: number) {
	return env.METRICS_SHARDS.get(env.METRICS_SHARDS.idFromName(`http:${shard}`));
}
