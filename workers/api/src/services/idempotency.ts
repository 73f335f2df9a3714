import { ulid } from 'ulid';
import { sha256Hex } from '../http/body';
import { ApiError } from '../errors';
import { gateOf } from '../env';

/**
 * Claims a batch upload in the token's Durable Object (IngestGate) before anything is written: the batch id to store
 * it under, or the first answer to replay for a retry of the same body. A key reused with another
 * body, or one whose batch is being stored right now, is a 409.
 *
 * @example
 * const claim = await claimBatch<LabelIngestResult>(env, 'lab', scopedKey, bytes);
 * if ('replay' in claim) return { ...claim.replay, replayed: true };
 */
export async function claimBatch<T>(
	env: Env,
	caller: string,
	scopedKey: string,
	bytes: Uint8Array
): Promise<{ replay: T } | { batch: string }> {
	const claim = await gateOf(env, caller).claim(caller, scopedKey, await sha256Hex(bytes), ulid());
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
