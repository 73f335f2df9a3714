import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Float64, Int32, Table, makeVector, tableToIPC } from 'apache-arrow';
import * as pq from 'parquet-wasm';
import { DataError, ReferenceChangedError } from './errors';
import { createNodeEngine } from './node-engine';
import type { DuckDataEngine } from './engine';
import { parquetCodec, type ParquetWasmModule } from './parquet-codec';
import { columnChunks } from './parquet-ranges';
import { sha256Hex } from './sha256';

const codec = parquetCodec(pq as unknown as ParquetWasmModule);
const ROWS = 20_000;

/** Four columns of 20,000 rows, compressible very little, so each column chunk is sizeable. */
function wideParquet(): Uint8Array {
	const col = (seed: number) =>
		makeVector({
			type: new Float64(),
			data: Float64Array.from({ length: ROWS }, (_, i) => Math.sin(i * seed + seed) * 1e6)
		});
	const table = new Table({
		id: makeVector({ type: new Int32(), data: Int32Array.from({ length: ROWS }, (_, i) => i) }),
		a: col(1.1),
		b: col(2.3),
		c: col(3.7)
	});
	return codec.fromIpc(tableToIPC(table, 'stream'));
}

type Mode = 'ranges' | 'none' | 'liar' | 'truncate' | 'auth';

interface Logged {
	method: string;
	range?: string;
	authorization?: string;
	status: number;
	sent: number;
}

describe('loadUrl with HTTP range requests', () => {
	const file = wideParquet();
	let server: Server;
	let base: string;
	const log: Logged[] = [];
	let engine: DuckDataEngine;

	beforeAll(async () => {
		server = createServer((req: IncomingMessage, res: ServerResponse) => {
			const mode = (req.url ?? '').split('/')[1] as Mode;
			const entry: Logged = {
				method: req.method ?? '',
				range: req.headers.range,
				authorization: req.headers.authorization,
				status: 200,
				sent: 0
			};
			log.push(entry);
			const send = (
				status: number,
				headers: Record<string, string | number>,
				body?: Uint8Array
			) => {
				entry.status = status;
				entry.sent = req.method === 'HEAD' || !body ? 0 : body.byteLength;
				res.writeHead(status, headers);
				res.end(req.method === 'HEAD' ? undefined : body);
			};
			if (mode === 'auth' && req.headers.authorization !== 'Bearer t0ken') {
				return send(401, { 'content-length': 0 });
			}
			const advertise: Record<string, string> =
				mode === 'none' ? {} : { 'accept-ranges': 'bytes', etag: '"v1"' };
			const m = /^bytes=(\d+)-(\d+)$/.exec(req.headers.range ?? '');
			if (!m || mode === 'none' || mode === 'liar') {
				return send(200, { 'content-length': file.byteLength, ...advertise }, file);
			}
			const start = Number(m[1]);
			const end = Math.min(Number(m[2]), file.byteLength - 1);
			let body = file.subarray(start, end + 1);
			// The column-chunk request (the third) comes back short.
			if (mode === 'truncate' && log.filter((l) => l.range).length >= 3) {
				body = body.subarray(0, body.byteLength >> 1);
			}
			send(
				206,
				{
					'content-range': `bytes ${start}-${end}/${file.byteLength}`,
					'content-length': body.byteLength,
					...advertise
				},
				body
			);
		});
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
		engine = await createNodeEngine({ maxBytes: 64 * 1024 * 1024 });
	});
	afterAll(async () => {
		await engine.close();
		await new Promise((resolve) => server.close(resolve));
	});

	const requests = (fn: () => Promise<unknown>) => async () => {
		log.length = 0;
		await fn();
		return [...log];
	};

	it('parses the column chunks of the footer', () => {
		const footerLength = new DataView(file.buffer, file.byteOffset).getUint32(
			file.byteLength - 8,
			true
		);
		const chunks = columnChunks(
			file.subarray(file.byteLength - 8 - footerLength, file.byteLength - 8)
		);
		expect(chunks.filter((c) => !c.index).map((c) => c.column)).toEqual(['id', 'a', 'b', 'c']);
		for (const c of chunks) {
			expect(c.start).toBeGreaterThanOrEqual(4);
			expect(c.end).toBeGreaterThan(c.start);
			expect(c.end).toBeLessThan(file.byteLength);
		}
	});

	it('fetches only the footer and the projected column chunks', async () => {
		let info;
		const calls = await requests(async () => {
			info = await engine.loadUrl(`${base}/ranges/wide.parquet`, { columns: ['b'], id: 'ranged' });
		})();
		expect(calls[0].method).toBe('HEAD');
		const gets = calls.filter((c) => c.method === 'GET');
		expect(gets.every((c) => c.status === 206 && c.range)).toBe(true);
		expect(gets).toHaveLength(4); // trailer, footer, one column chunk, the page indexes
		const sent = gets.reduce((n, c) => n + c.sent, 0);
		expect(sent).toBeLessThan(file.byteLength / 2);
		expect(info).toMatchObject({
			rows: ROWS,
			bytes: file.byteLength,
			bytesRead: sent,
			hashed: 'ranges',
			etag: '"v1"'
		});
		expect(info!.columns.map((c: { name: string }) => c.name)).toEqual(['b']);
		expect(info!.sha256).not.toBe(await sha256Hex(file));
		const [b] = await engine.columns('ranged', ['b']);
		expect(b.type).toBe('numerical');
		const values = (b as { values: Float64Array }).values;
		expect(values).toHaveLength(ROWS);
		expect(values[7]).toBeCloseTo(Math.sin(7 * 2.3 + 2.3) * 1e6, 6);
		// SQL on it makes the DuckDB table from the bytes read (the rest of the buffer is zeros).
		let positive = 0;
		for (let i = 0; i < ROWS; i++) if (Math.sin(i * 2.3 + 2.3) * 1e6 > 0) positive++;
		expect(await engine.count('ranged', { kind: 'where', sql: 'b > 0' })).toBe(positive);
		const [one] = await engine.columns('ranged', ['b'], { kind: 'rows', start: 7, end: 8 });
		expect(Array.from((one as { values: Float64Array }).values)).toEqual([values[7]]);
	});

	it('sends the given headers (a bearer token) with the HEAD and every range request', async () => {
		const calls = await requests(() =>
			engine.loadUrl(`${base}/auth/wide.parquet`, {
				columns: ['a'],
				id: 'authed',
				headers: { authorization: 'Bearer t0ken' }
			})
		)();
		expect(calls.map((c) => c.method)).toEqual(['HEAD', 'GET', 'GET', 'GET', 'GET']);
		expect(calls.every((c) => c.authorization === 'Bearer t0ken')).toBe(true);
		expect(calls.filter((c) => c.method === 'GET').every((c) => c.status === 206)).toBe(true);
		const [a] = await engine.columns('authed');
		expect((a as { values: Float64Array }).values[7]).toBeCloseTo(Math.sin(7 * 1.1 + 1.1) * 1e6, 6);
		// Without the header the server refuses, and the load says so.
		await expect(
			engine.loadUrl(`${base}/auth/wide.parquet`, { columns: ['a'], id: 'anon' })
		).rejects.toMatchObject({ code: 'fetch_failed' });
	});

	it('downloads the whole file without projection, keeping the file hash', async () => {
		let info;
		const calls = await requests(async () => {
			info = await engine.loadUrl(`${base}/ranges/wide.parquet`);
		})();
		expect(calls.map((c) => c.method)).toEqual(['GET']);
		expect(info).toMatchObject({ hashed: 'file', sha256: await sha256Hex(file) });
	});

	it('downloads the whole file when a hash is expected, and still refuses a changed file', async () => {
		const sha = await sha256Hex(file);
		const calls = await requests(async () => {
			const info = await engine.loadUrl(`${base}/ranges/wide.parquet`, {
				columns: ['a'],
				expectedSha256: sha
			});
			expect(info.sha256).toBe(sha);
			expect(info.columns.map((c) => c.name)).toEqual(['a']);
		})();
		expect(calls.map((c) => [c.method, c.range])).toEqual([['GET', undefined]]);
		const err = await engine
			.loadUrl(`${base}/ranges/wide.parquet`, { columns: ['a'], expectedSha256: 'f'.repeat(64) })
			.catch((e: unknown) => e);
		expect(err).toBeInstanceOf(ReferenceChangedError);
	});

	it('falls back to one download when the server does not serve ranges', async () => {
		const calls = await requests(async () => {
			const info = await engine.loadUrl(`${base}/none/wide.parquet`, { columns: ['c'] });
			expect(info).toMatchObject({ rows: ROWS, hashed: 'file', sha256: await sha256Hex(file) });
			expect(info.columns.map((c) => c.name)).toEqual(['c']);
		})();
		expect(calls.map((c) => c.method)).toEqual(['HEAD', 'GET']);
		expect(calls[1].range).toBeUndefined();
	});

	it('falls back when the server advertises ranges but answers 200 to a range request', async () => {
		const calls = await requests(async () => {
			const info = await engine.loadUrl(`${base}/liar/wide.parquet`, { columns: ['c'] });
			expect(info).toMatchObject({ rows: ROWS, hashed: 'file', sha256: await sha256Hex(file) });
		})();
		expect(calls.map((c) => [c.method, c.status, Boolean(c.range)])).toEqual([
			['HEAD', 200, false],
			['GET', 200, true],
			['GET', 200, false]
		]);
	});

	it('gives a clear DataError for a truncated range response and keeps loaded data', async () => {
		const err = await engine
			.loadUrl(`${base}/truncate/wide.parquet`, { columns: ['a'], id: 'ranged' })
			.catch((e: unknown) => e);
		expect(err).toBeInstanceOf(DataError);
		expect((err as DataError).code).toBe('fetch_failed');
		expect((err as DataError).message).toMatch(/truncated/);
		expect((await engine.dataset('ranged')).columns.map((c) => c.name)).toEqual(['b']);
	});

	it('names a projected column the file does not have', async () => {
		const err = await engine
			.loadUrl(`${base}/ranges/wide.parquet`, { columns: ['nope'] })
			.catch((e: unknown) => e);
		expect((err as DataError).code).toBe('unknown_column');
		expect((err as DataError).message).toMatch(/'nope'/);
	});
});
