// Secrets, and optional vars with defaults in code, are not in wrangler.toml, so `wrangler types`
// cannot see them.
interface __BaseEnv_Env {
	/** JSON array of `{ name, sha256, scopes }`: the SHA-256 of each API token and what it may do. */
	VIGIL_TOKENS?: string;
	S3_ENDPOINT?: string;
	S3_BUCKET?: string;
	S3_REGION?: string;
	S3_ACCESS_KEY_ID?: string;
	S3_SECRET_ACCESS_KEY?: string;
	/** Optional limits (see workers/api/src/env.ts for the defaults). */
	MAX_BODY_BYTES?: string;
	MAX_MODEL_BYTES?: string;
	MAX_BATCH_RECORDS?: string;
}
