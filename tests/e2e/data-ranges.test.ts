import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test, type Page, type Request } from '@playwright/test';
import { Float64, Int32, Table, makeVector, tableToIPC } from 'apache-arrow';
import * as pq from 'parquet-wasm';
import { parquetCodec, type ParquetWasmModule } from '../../src/lib/data/parquet-codec';
import type { DataClient } from '../../src/lib/data/client';
import { AUTH } from './app-helpers';

// The browser's data worker reading a Parquet object stored by the Worker with HTTP range
// requests (HEAD, the footer, the projected column chunks), and falling back to one download
// from a server that does not serve ranges.

type DataWindow = Window & { vigilData: DataClient };

const ROWS = 40_000;
const COLUMNS = ['a', 'b', 'c', 'd'];
const value = (column: number, row: number) => Math.sin(row * (column + 1.3) + column) * 1e6;

/** An id column and four float columns that barely compress, so each column chunk is sizeable. */
function testParquet(): Buffer {
	const columns: Record<string, ReturnType<typeof makeVector>> = {
		id: makeVector({ type: new Int32(), data: Int32Array.from({ length: ROWS }, (_, i) => i) })
	};
	COLUMNS.forEach((name, c) => {
		columns[name] = makeVector({
			type: new Float64(),
			data: Float64Array.from({ length: ROWS }, (_, i) => value(c, i))
		});
	});
	const codec = parquetCodec(pq as unknown as ParquetWasmModule);
	return Buffer.from(codec.fromIpc(tableToIPC(new Table(columns), 'stream')));
}

interface Seen {
	method: string;
	range: string | null;
	status: number;
	length: number;
}

/**
 * Every request of the page and its workers to URLs containing `part`, in the order they were
 * sent, each completed with its answer's status and length (`status` 0 until it came).
 */
function watch(page: Page, part: string): Seen[] {
	const seen: Seen[] = [];
	const entries = new Map<Request, Seen>();
	page.on('request', (request) => {
		if (!request.url().includes(part)) return;
		const entry: Seen = {
			method: request.method(),
			range: request.headers()['range'] ?? null,
			status: 0,
			length: NaN
		};
		entries.set(request, entry);
		seen.push(entry);
	});
	page.on('response', async (response) => {
		const entry = entries.get(response.request());
		if (!entry) return;
		entry.length = Number((await response.allHeaders())['content-length'] ?? NaN);
		entry.status = response.status();
	});
	return seen;
}

async function ready(page: Page) {
	await page.goto('/dev/data');
	await expect(page.getByTestId('data-status')).toHaveText(/^ready/, { timeout: 30_000 });
}

/** Loads `url` projected to `columns` in the page and returns what the test checks. */
function load(page: Page, url: string, columns: string[], headers?: Record<string, string>) {
	return page.evaluate(
		async ([url, columns, headers]) => {
			const data = (window as unknown as DataWindow).vigilData;
			const info = await data.loadUrl(url, { columns, headers, id: `ds-${Date.now()}` });
			const handed = await data.columns(info.id);
			return {
				info: {
					rows: info.rows,
					bytes: info.bytes,
					bytesRead: info.bytesRead,
					hashed: info.hashed,
					sha256: info.sha256,
					columns: info.columns.map((c) => `${c.name}:${c.type}`)
				},
				columns: handed.map((c) => {
					if (c.type !== 'numerical') throw new Error(`${c.name} is ${c.type}`);
					let sum = 0;
					for (const v of c.values) sum += v;
					return {
						name: c.name,
						length: c.values.length,
						head: Array.from(c.values.subarray(0, 3)),
						last: c.values[c.values.length - 1],
						sum
					};
				})
			};
		},
		[url, columns, headers] as const
	);
}

function expected(name: string) {
	const c = COLUMNS.indexOf(name);
	let sum = 0;
	for (let i = 0; i < ROWS; i++) sum += value(c, i);
	return { head: [0, 1, 2].map((i) => value(c, i)), last: value(c, ROWS - 1), sum };
}

function expectColumn(
	got: { name: string; length: number; head: number[]; last: number; sum: number },
	name: string
) {
	const want = expected(name);
	expect(got.name).toBe(name);
	expect(got.length).toBe(ROWS);
	expect(got.head).toEqual(want.head);
	expect(got.last).toBe(want.last);
	expect(got.sum).toBeCloseTo(want.sum, 3);
}

const file = testParquet();
const fileSha = createHash('sha256').update(file).digest('hex');

test('reads a Parquet object stored by the Worker with HTTP range requests', async ({
	page,
	request
}) => {
	const name = `ranges-${Date.now()}.parquet`;
	const stored = await request.put(`/api/v1/datasets/${name}`, {
		headers: { ...AUTH, 'content-type': 'application/vnd.apache.parquet' },
		data: file
	});
	expect(stored.status()).toBe(201);
	expect(await stored.json()).toMatchObject({ size: file.byteLength, sha256: fileSha });

	const seen = watch(page, `/api/v1/datasets/${name}`);
	await ready(page);
	const out = await load(page, `/api/v1/datasets/${name}`, ['c'], AUTH);

	expect(out.info).toMatchObject({
		rows: ROWS,
		bytes: file.byteLength,
		hashed: 'ranges',
		columns: ['c:numerical']
	});
	expect(out.columns).toHaveLength(1);
	expectColumn(out.columns[0], 'c');

	await expect.poll(() => seen.length > 0 && seen.every((r) => r.status > 0)).toBe(true);
	const [head, ...gets] = seen;
	expect(head).toMatchObject({ method: 'HEAD', status: 200, length: file.byteLength });
	// The trailer, the footer, the column chunk (and the page indexes): each a 206 of its range.
	expect(gets.length).toBeGreaterThanOrEqual(3);
	for (const g of gets) {
		expect(g.method).toBe('GET');
		expect(g.range).toMatch(/^bytes=\d+-\d+$/);
		expect(g.status).toBe(206);
	}
	const moved = gets.reduce((n, g) => n + g.length, 0);
	expect(moved).toBe(out.info.bytesRead);
	// One column of four, plus metadata: far less than the file crossed the network.
	expect(moved).toBeLessThan(file.byteLength * 0.4);
	console.log(
		`range read: ${seen.length} requests, ${moved} of ${file.byteLength} bytes (${((100 * moved) / file.byteLength).toFixed(1)} %)`
	);

	// Asked for every column, the same object is downloaded whole and keeps the file's hash.
	const whole = await load(page, `/api/v1/datasets/${name}`, [], AUTH);
	expect(whole.info).toMatchObject({ hashed: 'file', sha256: fileSha });
	expect(whole.columns.map((c) => c.name)).toEqual(['id', ...COLUMNS]);
	expectColumn(whole.columns[2], 'b');

	// Without the token the Worker refuses, and the page says so.
	const refused = await page.evaluate(async (url) => {
		const data = (window as unknown as DataWindow).vigilData;
		return data.loadUrl(url, { columns: ['a'] }).then(
			() => 'loaded',
			(e: { code?: string; message?: string }) => `${e.code}: ${e.message}`
		);
	}, `/api/v1/datasets/${name}`);
	expect(refused).toMatch(/^fetch_failed: .*401/);
});

test.describe('a server without range support', () => {
	let server: Server;
	let origin: string;
	const hits: { method: string; range?: string; sent: number }[] = [];

	test.beforeAll(async () => {
		// Cross-origin to the page (another port), with CORS but no Accept-Ranges, ignoring Range.
		server = createServer((req, res) => {
			hits.push({
				method: req.method ?? '',
				range: req.headers.range,
				sent: req.method === 'HEAD' ? 0 : file.byteLength
			});
			res.writeHead(200, {
				'content-type': 'application/octet-stream',
				'content-length': file.byteLength,
				'access-control-allow-origin': '*',
				'cross-origin-resource-policy': 'cross-origin'
			});
			res.end(req.method === 'HEAD' ? undefined : file);
		});
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
	});
	test.afterAll(async () => {
		await new Promise((resolve) => server.close(resolve));
	});

	test('a projected load falls back to one download and still loads', async ({ page }) => {
		await ready(page);
		hits.length = 0;
		const out = await load(page, `${origin}/plain/test.parquet`, ['b', 'd']);
		expect(out.info).toMatchObject({
			rows: ROWS,
			bytes: file.byteLength,
			hashed: 'file',
			sha256: fileSha,
			columns: ['b:numerical', 'd:numerical']
		});
		expect(out.info.bytesRead).toBeUndefined();
		expectColumn(out.columns[0], 'b');
		expectColumn(out.columns[1], 'd');
		// HEAD found no Accept-Ranges, so one plain GET fetched the file.
		expect(hits.map((h) => h.method)).toEqual(['HEAD', 'GET']);
		expect(hits[1].range).toBeUndefined();
	});
});
