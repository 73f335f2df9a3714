import { ApiError } from '../errors';
import { MemoryStore } from './memory-store';
import type { ObjectStore } from './object-store';
import { R2Store } from './r2-store';
import { S3Store } from './s3-store';

export * from './object-store';
export { MemoryStore, R2Store, S3Store };

/**
 * The ObjectStore the deployment is configured for: STORAGE_BACKEND `r2` (the STORE binding) or
 * `s3` (S3_ENDPOINT, S3_BUCKET, S3_REGION and the S3_ACCESS_KEY_ID / S3_SECRET_ACCESS_KEY secrets).
 *
 * @example
 * const store = storeFromEnv(c.env);
 */
export function storeFromEnv(env: Env): ObjectStore {
	if (env.STORAGE_BACKEND === 'r2') return new R2Store(env.STORE);
	if (env.STORAGE_BACKEND === 's3') {
		const missing = (
			['S3_ENDPOINT', 'S3_BUCKET', 'S3_ACCESS_KEY_ID', 'S3_SECRET_ACCESS_KEY'] as const
		).filter((name) => !env[name]);
		if (missing.length > 0)
			throw new ApiError(
				500,
				'misconfigured',
				`STORAGE_BACKEND is s3 but ${missing.join(', ')} unset`
			);
		return new S3Store({
			endpoint: env.S3_ENDPOINT!,
			bucket: env.S3_BUCKET!,
			accessKeyId: env.S3_ACCESS_KEY_ID!,
			secretAccessKey: env.S3_SECRET_ACCESS_KEY!,
			region: env.S3_REGION ?? 'auto'
		});
	}
	throw new ApiError(
		500,
		'misconfigured',
		`Unknown STORAGE_BACKEND "${env.STORAGE_BACKEND}" (r2 or s3)`
	);
}
