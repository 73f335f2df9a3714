// The package's `./blocking` export names a browser file it does not ship
// (dist/duckdb-node-blocking.mjs), so the synchronous browser build is imported by its path; its
// types are those of the blocking entry (BrowserBlocking below).
// @ts-expect-error -- no declaration file sits beside the .mjs
import * as browserBlocking from '../../../node_modules/@duckdb/duckdb-wasm/dist/duckdb-browser-blocking.mjs';
import type * as Blocking from '@duckdb/duckdb-wasm/blocking';
import type {
	DuckDBBindings,
	DuckDBBundles,
	DuckDBRuntime,
	Logger
} from '@duckdb/duckdb-wasm/blocking';
// Gzip-compressed copies (wasm-assets.ts): Cloudflare serves assets of at most 25 MiB, and the
// raw builds are 33 and 38 MiB.
import ehWasm from './wasm/duckdb-eh.wasm.gz?url';
import mvpWasm from './wasm/duckdb-mvp.wasm.gz?url';
import initParquet, * as parquetWasm from 'parquet-wasm/esm';
import parquetWasmUrl from 'parquet-wasm/esm/parquet_wasm_bg.wasm?url';
import { DuckDataEngine, type DuckDataEngineOptions } from './engine';
import { parquetCodec, type ParquetWasmModule } from './parquet-codec';

/**
 * What `@duckdb/duckdb-wasm/blocking` is in a browser bundle (its published types describe the
 * Node build of the same entry).
 */
interface BrowserBlocking extends Pick<typeof Blocking, 'selectBundle' | 'VoidLogger'> {
	BROWSER_RUNTIME: DuckDBRuntime;
	createDuckDB(
		bundles: DuckDBBundles,
		logger: Logger,
		runtime: DuckDBRuntime
	): Promise<DuckDBBindings>;
}

/**
 * The data engine inside a Web Worker: DuckDB-WASM's synchronous browser build and parquet-wasm,
 * both loaded from the app's own assets (Vite `?url` imports), never from a CDN, so loading
 * works offline once the service worker has them.
 *
 * @example
 * const engine = await createBrowserEngine({ baseUrl: location.href });
 */
export async function createBrowserEngine(
	options: DuckDataEngineOptions = {}
): Promise<DuckDataEngine> {
	const bundles: DuckDBBundles = {
		mvp: { mainModule: mvpWasm, mainWorker: '' },
		eh: { mainModule: ehWasm, mainWorker: '' }
	};
	const duckdb = browserBlocking as BrowserBlocking;
	const bundle = await duckdb.selectBundle(bundles);
	// createDuckDB picks the JavaScript glue by the bundle's key, so the chosen module keeps its key.
	const moduleUrl = await wasmObjectUrl(bundle.mainModule);
	const picked: DuckDBBundles =
		bundle.mainModule === ehWasm
			? { mvp: bundles.mvp, eh: { mainModule: moduleUrl, mainWorker: '' } }
			: { mvp: { mainModule: moduleUrl, mainWorker: '' } };
	const [db] = await Promise.all([
		duckdb.createDuckDB(picked, new duckdb.VoidLogger(), duckdb.BROWSER_RUNTIME),
		initParquet({ module_or_path: parquetWasmUrl })
	]);
	await db.instantiate(() => {});
	db.open({});
	return new DuckDataEngine(db, parquetCodec(parquetWasm as unknown as ParquetWasmModule), options);
}

/**
 * Fetches a gzip-compressed .wasm and returns a blob: URL of the module, ready for streaming
 * instantiation. A server that already decoded it (Content-Encoding) is handled too.
 *
 * @example
 * const url = await wasmObjectUrl('/_app/immutable/assets/duckdb-eh.wasm.gz');
 */
export async function wasmObjectUrl(url: string): Promise<string> {
	const response = await fetch(url);
	if (!response.ok) {
		throw new Error(`Could not load the database engine (${url}): ${response.status}`);
	}
	let bytes: ArrayBuffer = await response.arrayBuffer();
	const head = new Uint8Array(bytes, 0, 2);
	if (head[0] === 0x1f && head[1] === 0x8b) {
		const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'));
		bytes = await new Response(stream).arrayBuffer();
	}
	return URL.createObjectURL(new Blob([bytes], { type: 'application/wasm' }));
}
