import { ApiClient, ApiClientError } from './api-client';
import { backoffDelay } from './backoff';
import {
	enqueue,
	flushOutbox,
	listOutbox,
	OutboxStorageError,
	type OutboxEntry,
	type OutboxKind
} from './outbox';
import { deleteLocalModel, listLocalModels, saveLocalModel } from './local-store';
import { syncRegistryModels, type ModelSyncResult } from './model-sync';
import { settings } from './settings.svelte';

export type SyncState = 'idle' | 'syncing' | 'offline' | 'waiting' | 'auth' | 'storage';

/**
 * A sentence for the user: what went wrong with the API and what to do about it.
 *
 * @example
 * adviceFor(new ApiClientError(401, 'unauthorized', 'Missing token'));
 */
export function adviceFor(err: unknown): string {
	if (err instanceof OutboxStorageError) return err.message;
	if (!(err instanceof ApiClientError)) {
		return `Something failed: ${err instanceof Error ? err.message : String(err)}.`;
	}
	if (err.status === 0) {
		return 'The Worker cannot be reached (offline, or the Worker URL in Settings is wrong). Work continues on this device; queued uploads are sent when it is back.';
	}
	if (err.status === 401) {
		return `The Worker refused the token (${err.message}). Set a valid token in Settings; queued uploads wait and are not lost.`;
	}
	if (err.status === 403) {
		return `The token lacks the permission for this (${err.message}). Ask for a token with the needed scope and set it in Settings.`;
	}
	if (err.status === 429) return 'The Worker is rate limiting this device; Vigil retries later.';
	if (err.status >= 500) {
		return `The Worker had a problem (${err.status}: ${err.message}). Vigil retries automatically; nothing queued is lost.`;
	}
	return `The Worker rejected the request (${err.status} ${err.code}): ${err.message}`;
}

/** Said instead of calling the API when no token is set (every /api/v1 route needs one). */
export const TOKEN_MISSING =
	'No token is set for the Worker: add one in Settings to read the fleet, reports and models.';

/**
 * Whether a token is set; pages skip authenticated calls without one instead of collecting 401s.
 *
 * @example
 * if (!hasToken()) error = TOKEN_MISSING;
 */
export function hasToken(): boolean {
	return settings.value.token.trim() !== '';
}

/**
 * An API client for the current settings (Worker URL, token).
 *
 * @example
 * const reports = await apiClient().listReports();
 */
export function apiClient(): ApiClient {
	const { workerUrl, token } = settings.value;
	return new ApiClient({ baseUrl: workerUrl, token: token || undefined });
}

/**
 * The outbox's reactive state and the loop that empties it: on start, when the browser comes back
 * online, when the tab becomes visible, and on a timer with exponential backoff after failures.
 *
 * @example
 * sync.start();
 * await sync.queue('report', report, { summary: 'drift report', model: 'penicillin' });
 */
class Sync {
	entries = $state.raw<OutboxEntry[]>([]);
	state = $state<SyncState>('idle');
	message = $state<string | null>(null);
	lastSyncedAt = $state<string | null>(null);
	nextRetryAt = $state<number | null>(null);

	pending = $derived(this.entries.filter((e) => e.state === 'pending').length);
	rejected = $derived(this.entries.filter((e) => e.state === 'rejected').length);

	/** The last model sync: when it ran, what it changed, what failed. */
	models = $state.raw<{ at: string; result: ModelSyncResult } | null>(null);
	#modelSync: Promise<void> | null = null;
	#modelSyncAt = 0;

	#failures = 0;
	#timer: ReturnType<typeof setTimeout> | null = null;
	#running: Promise<void> | null = null;
	#started = false;

	/** Starts listening for the network and sends what is queued. Safe to call more than once. */
	start(): void {
		if (this.#started || typeof window === 'undefined') return;
		this.#started = true;
		window.addEventListener('online', () => {
			this.#failures = 0;
			void this.flush();
			void this.syncModels(true);
		});
		window.addEventListener('offline', () => {
			this.state = 'offline';
		});
		document.addEventListener('visibilitychange', () => {
			if (document.visibilityState === 'visible') {
				void this.refresh();
				void this.syncModels();
			}
		});
		void this.flush();
		void this.syncModels(true);
	}

	/**
	 * Brings the device's copies of the registry's production and staging models up to date (at
	 * most once a minute unless `force`). Offline or without a token it does nothing; a failure is
	 * kept in `models` and the device keeps the models it has.
	 */
	syncModels(force = false): Promise<void> {
		if (this.#modelSync) return this.#modelSync;
		if (!hasToken() || (typeof navigator !== 'undefined' && !navigator.onLine))
			return Promise.resolve();
		if (!force && Date.now() - this.#modelSyncAt < 60_000) return Promise.resolve();
		this.#modelSyncAt = Date.now();
		this.#modelSync = syncRegistryModels(apiClient(), {
			list: listLocalModels,
			save: saveLocalModel,
			remove: deleteLocalModel
		})
			.then((result) => {
				this.models = { at: new Date().toISOString(), result };
			})
			.catch((err: unknown) => {
				this.models = {
					at: new Date().toISOString(),
					result: { updated: [], removed: [], problems: [adviceFor(err)] }
				};
			})
			.finally(() => {
				this.#modelSync = null;
			});
		return this.#modelSync;
	}

	/** Re-reads the outbox from IndexedDB (another tab may have changed it). */
	async refresh(): Promise<void> {
		try {
			this.entries = await listOutbox();
		} catch (err) {
			this.state = 'storage';
			this.message = `The outbox on this device cannot be read: ${err instanceof Error ? err.message : String(err)}`;
		}
	}

	/**
	 * Queues an upload (committed to IndexedDB first, so it survives a reload) and tries to send it.
	 * Throws `OutboxStorageError` when the device cannot store it; the caller still has the data.
	 */
	async queue(
		kind: OutboxKind,
		body: unknown,
		options: { summary: string; model?: string; html?: string }
	): Promise<OutboxEntry> {
		const entry = await enqueue(kind, body, options);
		await this.refresh();
		this.#failures = 0;
		void this.flush();
		return entry;
	}

	/** Sends what is pending now; concurrent calls share one pass. */
	flush(): Promise<void> {
		if (!this.#running) {
			this.#running = this.#flush().finally(() => {
				this.#running = null;
			});
		}
		return this.#running;
	}

	async #flush(): Promise<void> {
		this.#clearTimer();
		await this.refresh();
		if (this.state === 'storage') return;
		if (this.pending === 0) {
			this.state = navigator.onLine ? 'idle' : 'offline';
			if (this.rejected === 0) this.message = null;
			return;
		}
		if (!hasToken()) {
			this.state = 'auth';
			this.message = `${this.pending} upload(s) wait for a token: set one in Settings; nothing is lost.`;
			return;
		}
		this.state = 'syncing';
		let stopped;
		let sent = 0;
		try {
			const result = await flushOutbox(apiClient());
			sent = result.sent;
			stopped = result.stopped;
			if (result.sent > 0) this.lastSyncedAt = new Date().toISOString();
		} catch (err) {
			// IndexedDB itself failed mid-pass; nothing was deleted without an acknowledgement.
			stopped = {
				class: 'retry' as const,
				error: err instanceof Error ? err : new Error(String(err))
			};
		}
		await this.refresh();
		if (!stopped) {
			this.#failures = 0;
			// Entries queued while this pass ran were not in its listing: send them now. Only after a
			// pass that sent something, so this cannot spin.
			if (sent > 0 && this.pending > 0) {
				this.#schedule(0);
				return;
			}
			this.state = 'idle';
			void this.syncModels();
			this.message =
				this.rejected > 0
					? `${this.rejected} upload(s) were rejected by the Worker; see Settings → Outbox.`
					: null;
			return;
		}
		this.message = adviceFor(stopped.error);
		if (stopped.class === 'auth') {
			// Retrying with the same token fails the same way: wait for new settings.
			this.state = 'auth';
			return;
		}
		const offline = stopped.error instanceof ApiClientError && stopped.error.status === 0;
		this.state = offline ? 'offline' : 'waiting';
		this.#schedule(backoffDelay(this.#failures++));
	}

	#schedule(delayMs: number): void {
		this.#clearTimer();
		this.nextRetryAt = Date.now() + delayMs;
		this.#timer = setTimeout(() => void this.flush(), delayMs);
	}

	#clearTimer(): void {
		if (this.#timer) clearTimeout(this.#timer);
		this.#timer = null;
		this.nextRetryAt = null;
	}

	/** After the user changed the Worker URL or token: try again now. */
	retryNow(): Promise<void> {
		this.#failures = 0;
		return this.flush();
	}
}

export const sync = new Sync();
