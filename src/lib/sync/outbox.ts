import { ulid } from 'ulid';
import { ApiClientError, type ApiClient, type IngestAck } from './api-client';
import { transact } from './device-db';

export type OutboxKind = 'predictions' | 'report';

/**
 * An upload waiting for the Worker's acknowledgement. `pending` entries are retried; `rejected`
 * ones were refused as invalid (a 4xx other than auth) and wait for the user, with the message.
 */
export interface OutboxEntry {
	id: string;
	kind: OutboxKind;
	/** Sent as the Idempotency-Key header on every attempt, so the Worker stores the batch once. */
	idempotencyKey: string;
	body: unknown;
	/** A report's rendered HTML page, sent with it. */
	html?: string;
	summary: string;
	model?: string;
	createdAt: string;
	state: 'pending' | 'rejected';
	attempts: number;
	lastAttemptAt?: string;
	lastError?: { status: number; code: string; message: string };
}

/** How a failed attempt is handled: retried later, or kept aside for the user. */
export type FailureClass = 'retry' | 'auth' | 'rejected';

/**
 * Classifies an upload failure: network/timeouts/rate limits/5xx are retried, 401/403 wait for a
 * token, and other 4xx mean the batch itself is invalid (retrying would fail the same way).
 *
 * @example
 * classifyFailure(new ApiClientError(503, 'storage_unavailable', '…')); // 'retry'
 */
export function classifyFailure(err: unknown): FailureClass {
	if (!(err instanceof ApiClientError)) return 'retry';
	if (err.status === 0 || err.status === 408 || err.status === 429 || err.status >= 500)
		return 'retry';
	if (err.status === 401 || err.status === 403) return 'auth';
	return 'rejected';
}

/** A failure to write to the outbox (quota, IndexedDB unavailable), phrased for the user. */
export class OutboxStorageError extends Error {
	constructor(message: string, options?: { cause?: unknown }) {
		super(message, options);
		this.name = 'OutboxStorageError';
	}
}

function storageError(err: unknown): OutboxStorageError {
	const quota =
		err instanceof DOMException &&
		(err.name === 'QuotaExceededError' || err.name === 'UnknownError');
	return new OutboxStorageError(
		quota
			? 'The device storage is full, so this upload could not be queued. It is still on the page: download it, or free space (Settings → Outbox, browser site data) and try again.'
			: `The upload could not be queued on this device (${err instanceof Error ? err.message : String(err)}). It is still on the page: download it and try again.`,
		{ cause: err }
	);
}

/**
 * Queues an upload on the device. Resolves only after IndexedDB has committed it.
 *
 * @example
 * const entry = await enqueue('predictions', records, { summary: '120 predictions', model: 'penicillin' });
 */
export async function enqueue(
	kind: OutboxKind,
	body: unknown,
	{
		summary,
		model,
		html,
		now = new Date()
	}: { summary: string; model?: string; html?: string; now?: Date }
): Promise<OutboxEntry> {
	const id = ulid(now.getTime());
	const entry: OutboxEntry = {
		id,
		kind,
		idempotencyKey: `${kind}-${id}`,
		body,
		...(html === undefined ? {} : { html }),
		summary,
		model,
		createdAt: now.toISOString(),
		state: 'pending',
		attempts: 0
	};
	try {
		await transact('outbox', 'readwrite', (store) => store.add(entry));
	} catch (err) {
		throw storageError(err);
	}
	return entry;
}

/**
 * Every queued upload, oldest first (ULIDs sort by time).
 *
 * @example
 * const entries = await listOutbox();
 */
export async function listOutbox(): Promise<OutboxEntry[]> {
	const all = await transact<OutboxEntry[]>('outbox', 'readonly', (store) => store.getAll());
	return (all ?? []).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/**
 * Removes an entry: after the Worker acknowledged it, or when the user discards a rejected one.
 *
 * @example
 * await removeFromOutbox(entry.id);
 */
export async function removeFromOutbox(id: string): Promise<void> {
	await transact('outbox', 'readwrite', (store) => store.delete(id));
}

/**
 * Puts a rejected entry back in the queue (after the user fixed the cause, e.g. registered the model).
 *
 * @example
 * await requeue(entry.id);
 */
export async function requeue(id: string): Promise<void> {
	await updateEntry(id, (entry) => ({ ...entry, state: 'pending', lastError: undefined }));
}

async function updateEntry(id: string, change: (entry: OutboxEntry) => OutboxEntry): Promise<void> {
	const entry = await transact<OutboxEntry | undefined>('outbox', 'readonly', (store) =>
		store.get(id)
	);
	if (!entry) return;
	await transact('outbox', 'readwrite', (store) => store.put(change(entry)));
}

/** The result of one pass over the outbox. */
export interface FlushResult {
	sent: number;
	rejected: number;
	/** Set when the pass stopped early: the failure that stopped it and its class. */
	stopped?: { class: Exclude<FailureClass, 'rejected'>; error: ApiClientError | Error };
}

/**
 * Sends every pending entry, oldest first, one at a time. An acknowledged entry is deleted; a
 * retryable failure or an auth failure stops the pass (the rest would fail the same way); an invalid
 * entry is marked rejected and the pass goes on. Across tabs the pass holds a Web Lock so two tabs
 * never send the same entry at once (the idempotency key makes a repeat harmless anyway).
 *
 * @example
 * const { sent } = await flushOutbox(new ApiClient({ token }));
 */
export async function flushOutbox(api: ApiClient): Promise<FlushResult> {
	const run = () => flushUnlocked(api);
	const locks = typeof navigator !== 'undefined' ? navigator.locks : undefined;
	if (locks) return locks.request('vigil-outbox-flush', run);
	return run();
}

async function flushUnlocked(api: ApiClient): Promise<FlushResult> {
	const result: FlushResult = { sent: 0, rejected: 0 };
	for (const entry of await listOutbox()) {
		if (entry.state !== 'pending') continue;
		const attemptAt = new Date().toISOString();
		try {
			await send(api, entry);
		} catch (err) {
			const failure = classifyFailure(err);
			const error =
				err instanceof ApiClientError
					? { status: err.status, code: err.code, message: err.message }
					: { status: 0, code: 'error', message: err instanceof Error ? err.message : String(err) };
			await updateEntry(entry.id, (e) => ({
				...e,
				attempts: e.attempts + 1,
				lastAttemptAt: attemptAt,
				lastError: error,
				state: failure === 'rejected' ? 'rejected' : 'pending'
			}));
			if (failure === 'rejected') {
				result.rejected++;
				continue;
			}
			result.stopped = {
				class: failure,
				error: err instanceof Error ? err : new Error(String(err))
			};
			return result;
		}
		await removeFromOutbox(entry.id);
		result.sent++;
	}
	return result;
}

function send(api: ApiClient, entry: OutboxEntry): Promise<IngestAck> {
	if (entry.kind === 'predictions') {
		return api.postPredictions(entry.body as unknown[], entry.idempotencyKey);
	}
	return api.postReport(entry.body, entry.idempotencyKey, entry.html);
}
