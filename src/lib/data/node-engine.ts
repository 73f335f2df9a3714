import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { DuckDataEngine, type DuckDataEngineOptions } from './engine';
import { parquetCodec, type ParquetCodec, type ParquetWasmModule } from './parquet-codec';
import type { DuckDBBindings } from '@duckdb/duckdb-wasm/blocking';

/**
 * The data engine for Node (the CLI, the tests, the benchmark): DuckDB-WASM's Node build and
 * parquet-wasm's Node build, driving the same `DuckDataEngine` the browser's Web Worker runs.
 *
 * @example
 * const engine = await createNodeEngine();
 * const info = await engine.loadFile({ name: 'hour.csv', bytes: await readFile('hour.csv') });
 */
export async function createNodeEngine(
	options: DuckDataEngineOptions = {}
): Promise<DuckDataEngine> {
	const { db, parquet } = await createNodeBindings();
	return new DuckDataEngine(db, parquet, options);
}

/**
 * DuckDB-WASM's synchronous Node bindings (opened, in memory) and the parquet-wasm codec, for
 * code that needs SQL of its own (the demo-data build).
 *
 * @example
 * const { db, parquet } = await createNodeBindings();
 * const conn = db.connect();
 */
export async function createNodeBindings(): Promise<{ db: DuckDBBindings; parquet: ParquetCodec }> {
	const require = createRequire(import.meta.url);
	const duckdb =
		require('@duckdb/duckdb-wasm/dist/duckdb-node-blocking.cjs') as typeof import('@duckdb/duckdb-wasm/blocking');
	const dist = dirname(require.resolve('@duckdb/duckdb-wasm/dist/duckdb-eh.wasm'));
	const bundles = {
		mvp: { mainModule: join(dist, 'duckdb-mvp.wasm'), mainWorker: '' },
		eh: { mainModule: join(dist, 'duckdb-eh.wasm'), mainWorker: '' }
	};
	const db = await duckdb.createDuckDB(bundles, new duckdb.VoidLogger(), duckdb.NODE_RUNTIME);
	await db.instantiate(() => {});
	db.open({});
	const pq = (await import('parquet-wasm')) as unknown as ParquetWasmModule;
	return { db, parquet: parquetCodec(pq) };
}
