import type { Context } from 'hono';
import type { z } from 'zod';
import { ApiError } from '../errors';
import { limits, type AppEnv } from '../env';
import { readBody, validateBatch, type BatchNames } from './body';

const IDEMPOTENCY_KEY = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * The request's Idempotency-Key, required by the batch upload `route` (400 when missing or not
 * 1–128 characters of letters, digits, ".", "_", ":" and "-").
 *
 * @example
 * const key = idempotencyKey(c, 'POST /api/v1/labels');
 */
export function idempotencyKey(c: Context<AppEnv>, route: string): string {
	const key = c.req.header('idempotency-key');
	if (key === undefined)
		throw new ApiError(
			400,
			'bad_request',
			`${route} needs an Idempotency-Key header (e.g. the batch ULID)`
		);
	if (!IDEMPOTENCY_KEY.test(key))
		throw new ApiError(
			400,
			'bad_request',
			'The Idempotency-Key must be 1–128 characters of letters, digits, ".", "_", ":" and "-"'
		);
	return key;
}

/**
 * Reads a batch upload: its Idempotency-Key (400 without one), the body up to MAX_BODY_BYTES,
 * its items split by `split` (by media type) and validated against `schema`, and the caller's
 * token name, which scopes the key.
 *
 * @example
 * const upload = await readBatchUpload(c, 'POST /api/v1/labels', labelSchema, names, (bytes) => batchItems(c, bytes, shape));
 */
export async function readBatchUpload<T extends { id: string }>(
	c: Context<AppEnv>,
	route: string,
	schema: z.ZodType<T>,
	names: BatchNames,
	split: (bytes: Uint8Array) => unknown[] | Promise<unknown[]>
): Promise<{ caller: string; key: string; bytes: Uint8Array; items: T[] }> {
	const key = idempotencyKey(c, route);
	const { maxBodyBytes, maxBatchRecords } = limits(c.env);
	const bytes = await readBody(c, maxBodyBytes);
	const items = validateBatch(await split(bytes), schema, maxBatchRecords, names);
	return { caller: c.get('caller')!.name, key, bytes, items };
}
