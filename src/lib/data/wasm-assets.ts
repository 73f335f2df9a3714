import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';

/** DuckDB-WASM builds the app ships, gzip-compressed: Cloudflare serves assets of 25 MiB at most. */
export const DUCKDB_WASM = ['duckdb-mvp.wasm', 'duckdb-eh.wasm'] as const;

const here = new URL('./wasm/', import.meta.url);

function installed(name: string): string {
	return createRequire(import.meta.url).resolve(`@duckdb/duckdb-wasm/dist/${name}`);
}

/**
 * Writes src/lib/data/wasm/<name>.gz from the installed @duckdb/duckdb-wasm, so the app serves
 * the exact version it was built with. Returns the compressed sizes.
 *
 * @example
 * await writeDuckdbWasmAssets(); // { 'duckdb-mvp.wasm': 8694093, 'duckdb-eh.wasm': 7639897 }
 */
export async function writeDuckdbWasmAssets(): Promise<Record<string, number>> {
	const sizes: Record<string, number> = {};
	for (const name of DUCKDB_WASM) {
		const gz = gzipSync(await readFile(installed(name)), { level: 9 });
		await writeFile(join(here.pathname, `${name}.gz`), gz);
		sizes[name] = gz.byteLength;
	}
	return sizes;
}

/**
 * Names of shipped .gz files that no longer match the installed DuckDB-WASM (empty when all do).
 *
 * @example
 * expect(await staleDuckdbWasmAssets()).toEqual([]);
 */
export async function staleDuckdbWasmAssets(): Promise<string[]> {
	const stale: string[] = [];
	for (const name of DUCKDB_WASM) {
		const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
		let shipped: Uint8Array;
		try {
			shipped = gunzipSync(await readFile(join(here.pathname, `${name}.gz`)));
		} catch {
			stale.push(name);
			continue;
		}
		if (sha(shipped) !== sha(await readFile(installed(name)))) stale.push(name);
	}
	return stale;
}
