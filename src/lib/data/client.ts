import { deserializeError } from '../worker-rpc';
import { DATA_ERRORS, DataError } from './errors';
import type { CallArgs, DataRequest, DataResponse, EngineMethod, WorkerConfig } from './protocol';
import type {
	CallContext,
	Column,
	ColumnType,
	DataEngine,
	DatasetInfo,
	ExportOptions,
	ExtraColumn,
	LoadOptions,
	NamedBytes,
	PredictionRow,
	Window
} from './types';

interface Pending {
	resolve: (value: unknown) => void;
	reject: (error: Error) => void;
	ctx?: CallContext;
}

/**
 * The page's handle on the data Web Worker: every `DataEngine` call becomes one typed message;
 * errors come back as `DataError`/`ReferenceChangedError`, progress through `ctx.onProgress`, and
 * `ctx.signal` cancels (between the worker's steps; a running DuckDB query finishes first).
 *
 * @example
 * const data = new DataClient();
 * const info = await data.loadUrl('/data/bike-hour.parquet', {}, { onProgress: (p) => console.log(p) });
 * const columns = await data.columns(info.id, ['cnt'], { kind: 'batch', column: 'month', values: ['2012-01'] });
 */
export class DataClient implements DataEngine {
	private readonly worker: Worker;
	private readonly pending = new Map<number, Pending>();
	private nextId = 1;
	private readonly ready: Promise<number>;

	constructor(options: { worker?: Worker; maxBytes?: number } = {}) {
		this.worker =
			options.worker ??
			new Worker(new URL('./data.worker.ts', import.meta.url), {
				type: 'module',
				name: 'vigil-data'
			});
		this.worker.onmessage = (event: MessageEvent<DataResponse>) => this.receive(event.data);
		this.worker.onerror = (event) => {
			const error = new DataError(
				'engine',
				`The data worker failed: ${event.message || 'unknown error'}`
			);
			for (const p of this.pending.values()) p.reject(error);
			this.pending.clear();
		};
		const nav = globalThis.navigator as Navigator & { deviceMemory?: number };
		const config: WorkerConfig = {
			deviceMemory: nav?.deviceMemory,
			maxBytes: options.maxBytes,
			baseUrl: globalThis.document?.baseURI ?? globalThis.location?.href ?? 'http://localhost/'
		};
		this.ready = this.send({ type: 'init', id: this.nextId++, config }) as Promise<number>;
	}

	/** The size limit the worker applies (bytes), once it has started. */
	maxBytes(): Promise<number> {
		return this.ready;
	}

	loadFile(
		file: Blob | NamedBytes,
		options: LoadOptions = {},
		ctx?: CallContext
	): Promise<DatasetInfo> {
		return this.call('loadFile', [file, options], ctx) as Promise<DatasetInfo>;
	}

	loadUrl(url: string, options: LoadOptions = {}, ctx?: CallContext): Promise<DatasetInfo> {
		const absolute = new URL(url, globalThis.document?.baseURI ?? globalThis.location?.href).href;
		return this.call('loadUrl', [absolute, options], ctx) as Promise<DatasetInfo>;
	}

	datasets(): Promise<DatasetInfo[]> {
		return this.call('datasets', []) as Promise<DatasetInfo[]>;
	}

	dataset(id: string): Promise<DatasetInfo> {
		return this.call('dataset', [id]) as Promise<DatasetInfo>;
	}

	drop(id: string): Promise<void> {
		return this.call('drop', [id]) as Promise<void>;
	}

	setColumnType(id: string, column: string, type: ColumnType): Promise<DatasetInfo> {
		return this.call('setColumnType', [id, column, type]) as Promise<DatasetInfo>;
	}

	count(id: string, window?: Window): Promise<number> {
		return this.call('count', [id, window]) as Promise<number>;
	}

	columns(id: string, names?: string[], window?: Window, ctx?: CallContext): Promise<Column[]> {
		return this.call('columns', [id, names, window], ctx) as Promise<Column[]>;
	}

	validateWhere(id: string, sql: string): Promise<void> {
		return this.call('validateWhere', [id, sql]) as Promise<void>;
	}

	exportParquet(id: string, options?: ExportOptions): Promise<Uint8Array> {
		return this.call('exportParquet', [id, options]) as Promise<Uint8Array>;
	}

	exportCsv(id: string, options?: ExportOptions): Promise<Uint8Array> {
		return this.call('exportCsv', [id, options]) as Promise<Uint8Array>;
	}

	predictionRows(
		id: string,
		prediction: ExtraColumn,
		options?: { window?: Window; columns?: string[]; batchSize?: number }
	): Promise<PredictionRow[][]> {
		return this.call('predictionRows', [id, prediction, options]) as Promise<PredictionRow[][]>;
	}

	/** Drops every data set and stops the worker. */
	async close(): Promise<void> {
		try {
			await this.send({ type: 'close', id: this.nextId++ });
		} finally {
			this.worker.terminate();
		}
	}

	private async call<M extends EngineMethod>(method: M, args: CallArgs<M>, ctx?: CallContext) {
		await this.ready;
		if (ctx?.signal?.aborted) throw new DataError('cancelled', 'Cancelled.');
		const id = this.nextId++;
		const onAbort = () => this.worker.postMessage({ type: 'cancel', id } satisfies DataRequest);
		ctx?.signal?.addEventListener('abort', onAbort, { once: true });
		try {
			return await this.send({ type: method, id, args } as DataRequest, ctx);
		} finally {
			ctx?.signal?.removeEventListener('abort', onAbort);
		}
	}

	private send(request: DataRequest, ctx?: CallContext): Promise<unknown> {
		return new Promise((resolve, reject) => {
			this.pending.set(request.id, { resolve, reject, ctx });
			this.worker.postMessage(request);
		});
	}

	private receive(message: DataResponse) {
		const pending = this.pending.get(message.id);
		if (!pending) return;
		if (message.type === 'progress') {
			pending.ctx?.onProgress?.(message.progress);
			return;
		}
		this.pending.delete(message.id);
		if (message.type === 'result') pending.resolve(message.value);
		else pending.reject(deserializeError(message.error, DATA_ERRORS));
	}
}
