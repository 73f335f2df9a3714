/// <reference lib="webworker" />
import { createBrowserEngine } from './browser-engine';
import { defaultMaxBytes, type DuckDataEngine } from './engine';
import { serializeError } from '../worker-rpc';
import { DataError } from './errors';
import type { DataRequest, DataResponse } from './protocol';
import type { CallContext, Column } from './types';

// The data Web Worker: owns DuckDB-WASM and parquet-wasm, answers DataClient's requests.
const scope = self as unknown as DedicatedWorkerGlobalScope;
let engine: Promise<DuckDataEngine> | undefined;
const running = new Map<number, AbortController>();

function post(message: DataResponse, transfer: Transferable[] = []) {
	scope.postMessage(message, transfer);
}

/**
 * Buffers of typed arrays in a result, moved rather than copied to the page; each once, as the
 * numerical columns of one call share one buffer (listing it twice fails the transfer).
 */
function transferables(value: unknown): Transferable[] {
	if (value instanceof Uint8Array) return [value.buffer];
	if (Array.isArray(value)) {
		return [
			...new Set(
				(value as Column[]).flatMap((c) =>
					c && typeof c === 'object' && 'type' in c
						? [c.type === 'numerical' ? c.values.buffer : c.codes.buffer]
						: []
				)
			)
		];
	}
	return [];
}

scope.onmessage = async (event: MessageEvent<DataRequest>) => {
	const request = event.data;
	if (request.type === 'cancel') {
		running.get(request.id)?.abort();
		return;
	}
	const controller = new AbortController();
	running.set(request.id, controller);
	const ctx: CallContext = {
		signal: controller.signal,
		onProgress: (progress) => post({ type: 'progress', id: request.id, progress })
	};
	try {
		let value: unknown;
		if (request.type === 'init') {
			const { config } = request;
			engine ??= createBrowserEngine({
				baseUrl: config.baseUrl,
				maxBytes: config.maxBytes ?? defaultMaxBytes(config.deviceMemory)
			});
			value = (await engine).maxBytes;
		} else {
			if (!engine) throw new DataError('engine', 'The data worker was used before init.');
			const e = await engine;
			switch (request.type) {
				case 'close':
					value = await e.close();
					break;
				case 'loadFile':
					value = await e.loadFile(request.args[0], request.args[1], ctx);
					break;
				case 'loadUrl':
					value = await e.loadUrl(request.args[0], request.args[1], ctx);
					break;
				case 'columns':
					value = await e.columns(request.args[0], request.args[1], request.args[2], ctx);
					break;
				case 'datasets':
					value = await e.datasets();
					break;
				case 'dataset':
					value = await e.dataset(...request.args);
					break;
				case 'drop':
					value = await e.drop(...request.args);
					break;
				case 'setColumnType':
					value = await e.setColumnType(...request.args);
					break;
				case 'count':
					value = await e.count(...request.args);
					break;
				case 'validateWhere':
					value = await e.validateWhere(...request.args);
					break;
				case 'exportParquet':
					value = await e.exportParquet(...request.args);
					break;
				case 'exportCsv':
					value = await e.exportCsv(...request.args);
					break;
				case 'predictionRows':
					value = await e.predictionRows(...request.args);
					break;
				default: {
					const never: never = request;
					throw new DataError('engine', `Unknown request ${JSON.stringify(never)}`);
				}
			}
		}
		post({ type: 'result', id: request.id, value }, transferables(value));
	} catch (err) {
		post({ type: 'error', id: request.id, error: serializeError(err) });
	} finally {
		running.delete(request.id);
	}
};
