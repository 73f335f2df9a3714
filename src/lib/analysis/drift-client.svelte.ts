import type { Report } from '../contracts/report';
import type { ColumnData } from '../drift/types';
import { abortError, deserializeError } from '../worker-rpc';
import { DRIFT_ERRORS } from './errors';
import { columnBuffers } from './transfer';
import type {
	DriftEndpoint,
	DriftRequest,
	DriftResponse,
	DriftStage,
	ProfileInfo,
	ReportJob
} from './protocol';

interface Pending {
	resolve: (value: never) => void;
	reject: (err: Error) => void;
}

/** A request without its id (distributes over the union so each variant keeps its fields). */
type RequestBody = DriftRequest extends infer R
	? R extends unknown
		? Omit<R, 'id'>
		: never
	: never;

export interface DriftProgress {
	stage: DriftStage;
	done: number;
	total: number;
}

/**
 * Typed client of the drift worker, with reactive state (`$state.raw`) the pages render: the
 * latest report, the progress of the running job, whether one is running, and the last error.
 * Each call posts one request and resolves with its answer; cancelled jobs reject with an
 * AbortError. A crashed worker rejects everything pending and is restarted on the next call.
 *
 * @example
 * const drift = new DriftClient(() => new Worker(new URL('./drift.worker.ts', import.meta.url), { type: 'module' }));
 * const info = await drift.freeze('penicillin', 'IndPenSim batches 1–7', sha, columns);
 * const report = await drift.report({ key: info.key, expectedSha256: sha, current, currentName: 'batch 9' });
 */
export class DriftClient {
	latest = $state.raw<Report | null>(null);
	progress = $state.raw<DriftProgress | null>(null);
	busy = $state(false);
	error = $state.raw<Error | null>(null);

	private endpoint: DriftEndpoint | null = null;
	private nextId = 1;
	private running: number | null = null;
	// Bookkeeping of requests in flight, never rendered.
	// eslint-disable-next-line svelte/prefer-svelte-reactivity
	private readonly pending = new Map<number, Pending>();

	constructor(private readonly spawn: () => DriftEndpoint) {}

	private connect(): DriftEndpoint {
		if (this.endpoint) return this.endpoint;
		const endpoint = this.spawn();
		endpoint.addEventListener('message', (event: MessageEvent<DriftResponse>) =>
			this.receive(event.data)
		);
		endpoint.addEventListener('error', (event: ErrorEvent) => {
			const err = new Error(
				`The drift worker stopped (${event.message || 'it could not start'}). Nothing on the page was lost: try again, or reload the page.`
			);
			err.name = 'WorkerError';
			this.fail(err);
			this.endpoint?.terminate?.();
			this.endpoint = null;
		});
		this.endpoint = endpoint;
		return endpoint;
	}

	private fail(err: Error): void {
		for (const p of this.pending.values()) p.reject(err);
		this.pending.clear();
		this.busy = false;
		this.progress = null;
		this.running = null;
		this.error = err;
	}

	private receive(message: DriftResponse): void {
		const pending = this.pending.get(message.id);
		if (!pending) return;
		if (message.type === 'progress') {
			if (this.running === message.id)
				this.progress = { stage: message.stage, done: message.done, total: message.total };
			return;
		}
		this.pending.delete(message.id);
		if (this.running === message.id) {
			this.running = null;
			this.busy = false;
		}
		switch (message.type) {
			case 'error':
				pending.reject(deserializeError(message.error, DRIFT_ERRORS));
				return;
			case 'profiled':
				pending.resolve(message.info as never);
				return;
			case 'profile-bytes':
				pending.resolve({ info: message.info, bytes: message.bytes } as never);
				return;
			case 'report':
				pending.resolve({ report: message.report, seconds: message.seconds } as never);
		}
	}

	private request<T>(body: RequestBody, transfer: Transferable[] = []): Promise<T> {
		const endpoint = this.connect();
		const id = this.nextId++;
		const promise = new Promise<T>((resolve, reject) => {
			this.pending.set(id, { resolve: resolve as (v: never) => void, reject });
		});
		this.running = id;
		this.busy = true;
		this.error = null;
		this.progress = null;
		endpoint.postMessage({ ...body, id } as DriftRequest, transfer);
		return promise.catch((err: Error) => {
			if (err.name !== 'AbortError') this.error = err;
			throw err;
		});
	}

	/**
	 * Freezes a reference profile in the worker from the reference columns and the SHA-256 of
	 * their source; `transfer` hands the column buffers over instead of copying them.
	 *
	 * @example
	 * const info = await drift.freeze('bike@1', 'bike-hour 2011', sha, columns, { multivariate: true });
	 */
	freeze(
		key: string,
		name: string,
		sha256: string,
		columns: ColumnData[],
		options: { multivariate?: boolean; transfer?: boolean } = {}
	): Promise<ProfileInfo> {
		return this.request<ProfileInfo>(
			{ type: 'profile', key, name, sha256, columns, multivariate: options.multivariate },
			options.transfer ? columnBuffers(columns) : []
		);
	}

	/**
	 * Loads a frozen profile file (VGPF bytes, as `exportProfile` gives them) under a key.
	 *
	 * @example
	 * const info = await drift.loadProfile('uploaded', new Uint8Array(await file.arrayBuffer()));
	 */
	loadProfile(key: string, bytes: Uint8Array): Promise<ProfileInfo> {
		return this.request<ProfileInfo>({ type: 'load-profile', key, bytes });
	}

	/**
	 * The serialized profile held under a key, to save as a file.
	 *
	 * @example
	 * const { bytes } = await drift.exportProfile(info.key);
	 */
	exportProfile(key: string): Promise<{ info: ProfileInfo; bytes: Uint8Array }> {
		return this.request({ type: 'export-profile', key });
	}

	/**
	 * Computes a report in the worker; the result is also kept in `latest`. Aborting the signal
	 * rejects at once with an AbortError and tells the worker to stop at its next stage.
	 *
	 * @example
	 * const { report } = await drift.report({ key, expectedSha256: sha, current, currentName: 'today' });
	 */
	async report(
		job: ReportJob,
		options: { signal?: AbortSignal } = {}
	): Promise<{ report: Report; seconds: number }> {
		const { signal } = options;
		if (signal?.aborted) throw abortError('Drift computation was cancelled');
		const id = this.nextId;
		const result = this.request<{ report: Report; seconds: number }>({ type: 'report', ...job });
		const onAbort = (): void => this.cancel(id);
		signal?.addEventListener('abort', onAbort, { once: true });
		try {
			const out = await result;
			this.latest = out.report;
			return out;
		} finally {
			signal?.removeEventListener('abort', onAbort);
		}
	}

	/**
	 * Cancels a running request (the latest one when no id is given).
	 *
	 * @example
	 * drift.cancel();
	 */
	cancel(id = this.running ?? -1): void {
		const pending = this.pending.get(id);
		if (!pending) return;
		this.endpoint?.postMessage({ type: 'cancel', id });
		this.pending.delete(id);
		if (this.running === id) {
			this.running = null;
			this.busy = false;
			this.progress = null;
		}
		pending.reject(abortError('Drift computation was cancelled'));
	}

	/** Rejects pending calls and stops the worker. */
	dispose(): void {
		this.fail(new Error('DriftClient was disposed'));
		this.error = null;
		this.endpoint?.terminate?.();
		this.endpoint = null;
	}
}
