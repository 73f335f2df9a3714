import type { Context } from 'hono';
import { ulid } from 'ulid';
import { sha256Hex } from './body';
import { ApiError } from './errors';
import { fleetOf, type AppEnv } from './env';

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
 * Claims a batch upload in the Durable Object before anything is written: the batch id to store
 * it under, or the first answer to replay for a retry of the same body. A key reused with another
 * body, or one whose batch is being stored right now, is a 409.
 *
 * @example
 * const claim = await claimBatch<LabelIngestResult>(c, scopedKey, bytes);
 * if ('replay' in claim) return c.json({ ...claim.replay, replayed: true }, 200);
 */
export async function claimBatch<T>(
	c: Context<AppEnv>,
	scopedKey: string,
	bytes: Uint8Array
): Promise<{ replay: T } | { batch: string }> {
	const claim = await fleetOf(c.env).claim(scopedKey, await sha256Hex(bytes), ulid());
	if (claim.status === 'conflict')
		throw new ApiError(
			409,
			'conflict',
			'This Idempotency-Key was used for a different body; use a new key for a new batch'
		);
	if (claim.status === 'pending')
		throw new ApiError(
			409,
			'conflict',
			'A batch with this Idempotency-Key is being stored right now; retry in a few seconds',
			{ retry: true }
		);
	if (claim.status === 'replay') return { replay: JSON.parse(claim.response) as T };
	// The batch id belongs to the claim: a retry after a crash rewrites the same objects.
	return { batch: claim.batch };
}
