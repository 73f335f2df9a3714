import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
	Float64,
	Int32,
	Table,
	Utf8,
	makeVector,
	tableToIPC,
	vectorFromArray,
	Schema,
	Field,
	RecordBatch,
	makeData,
	Struct
} from 'apache-arrow';
import * as pq from 'parquet-wasm';
import { DataError, ReferenceChangedError } from './errors';
import { createNodeEngine } from './node-engine';
import type { DuckDataEngine } from './engine';
import { parquetCodec, type ParquetWasmModule } from './parquet-codec';
import { sha256Hex } from './sha256';

const codec = parquetCodec(pq as unknown as ParquetWasmModule);
const enc = (text: string) => new TextEncoder().encode(text);

/** A small Parquet file made with parquet-wasm: 6 rows over two batches. */
function sampleParquet(): Uint8Array {
	const table = new Table({
		batch_id: makeVector({ type: new Int32(), data: Int32Array.from([1, 1, 1, 2, 2, 2]) }),
		'Time (h)': makeVector({
			type: new Float64(),
			data: Float64Array.from([0.2, 0.4, 0.6, 0.2, 0.4, 0.6])
		}),
		titer: makeVector({ type: new Float64(), data: Float64Array.from([1, 2, NaN, 4, 5, 6]) }),
		grade: vectorFromArray(['a', 'b', null, 'a', 'c', 'b'], new Utf8())
	});
	return codec.fromIpc(tableToIPC(table, 'stream'));
}

async function expectDataError(p: Promise<unknown>, code: string, message?: RegExp) {
	const err = await p.then(
		() => undefined,
		(e: unknown) => e
	);
	expect(err, `expected DataError ${code}`).toBeInstanceOf(DataError);
	expect((err as DataError).code).toBe(code);
	if (message) expect((err as DataError).message).toMatch(message);
	return err as DataError;
}

describe('DuckDataEngine on Node (DuckDB-WASM + parquet-wasm)', () => {
	let engine: DuckDataEngine;
	beforeAll(async () => {
		engine = await createNodeEngine({ maxBytes: 1024 * 1024 });
		await engine.loadFile({ name: 'sample.parquet', bytes: sampleParquet() }, { id: 'sample' });
	});
	afterAll(() => engine.close());

	it('loads Parquet, infers types and counts rows', async () => {
		const info = await engine.dataset('sample');
		expect(info.format).toBe('parquet');
		expect(info.rows).toBe(6);
		expect(info.sha256).toBe(await sha256Hex(sampleParquet()));
		const types = Object.fromEntries(info.columns.map((c) => [c.name, c.type]));
		expect(types).toEqual({
			batch_id: 'categorical', // integers with two distinct values
			'Time (h)': 'numerical',
			titer: 'numerical',
			grade: 'categorical'
		});
		expect(info.columns.find((c) => c.name === 'grade')?.nulls).toBe(1);
	});

	it('hands out typed arrays: NaN and -1 for missing, codes over the whole data set', async () => {
		const [titer, grade] = await engine.columns('sample', ['titer', 'grade']);
		expect(titer.type).toBe('numerical');
		if (titer.type !== 'numerical' || grade.type !== 'categorical') throw new Error('types');
		expect(titer.values).toBeInstanceOf(Float64Array);
		expect(Array.from(titer.values)).toEqual([1, 2, NaN, 4, 5, 6]);
		expect(grade.categories).toEqual(['a', 'b', 'c']);
		expect(Array.from(grade.codes)).toEqual([0, 1, -1, 0, 2, 1]);
		const [late] = await engine.columns('sample', ['grade'], { kind: 'rows', start: 4, end: 6 });
		if (late.type !== 'categorical') throw new Error('type');
		expect(late.categories).toEqual(['a', 'b', 'c']);
		expect(Array.from(late.codes)).toEqual([2, 1]);
	});

	it('selects windows by batch, time, rows and WHERE clause', async () => {
		const values = async (window: Parameters<DuckDataEngine['columns']>[2]) => {
			const [c] = await engine.columns('sample', ['Time (h)'], window);
			return c.type === 'numerical' ? Array.from(c.values) : [];
		};
		expect(await engine.count('sample', { kind: 'batch', values: [2] })).toBe(3);
		expect(await values({ kind: 'time', column: 'Time (h)', from: 0.3, to: 0.6 })).toEqual([
			0.4, 0.4
		]);
		expect(await values({ kind: 'rows', start: 1, end: 3 })).toEqual([0.4, 0.6]);
		expect(await values({ kind: 'where', sql: `grade = 'b' AND batch_id = 2` })).toEqual([0.6]);
		await expectDataError(
			engine.count('sample', { kind: 'rows', start: 3, end: 1 }),
			'invalid_window'
		);
		await expectDataError(
			engine.count('sample', { kind: 'batch', values: [1], column: 'nope' }),
			'unknown_column'
		);
	});

	it('lets the user correct a type, and refuses one the values cannot take', async () => {
		const info = await engine.setColumnType('sample', 'batch_id', 'numerical');
		expect(info.columns.find((c) => c.name === 'batch_id')).toMatchObject({
			type: 'numerical',
			corrected: true
		});
		const [b] = await engine.columns('sample', ['batch_id']);
		expect(b.type).toBe('numerical');
		await expectDataError(
			engine.setColumnType('sample', 'grade', 'numerical'),
			'type_mismatch',
			/'a' is not a number/
		);
		expect((await engine.dataset('sample')).columns.find((c) => c.name === 'grade')?.type).toBe(
			'categorical'
		);
	});

	it.each([
		['1=1; DROP TABLE ds_1', 'forbidden_where'],
		['titer > 1; SELECT 1', 'forbidden_where'],
		['DROP TABLE ds_1', 'forbidden_where'],
		['titer > (SELECT 1)', 'forbidden_where'],
		["titer IN (FROM read_csv('/etc/passwd'))", 'forbidden_where'],
		["read_text('/etc/passwd') IS NOT NULL", 'forbidden_where'],
		['titer > 1 -- hidden', 'forbidden_where'],
		['titer > 1 /* x */', 'forbidden_where'],
		['PRAGMA version', 'forbidden_where'],
		['titer > 1) OR (1=1', 'forbidden_where'],
		['nope > 1', 'invalid_where'],
		["grade = 'unterminated", 'invalid_where'],
		['titer >', 'invalid_where'],
		['', 'invalid_where']
	])('refuses the WHERE clause %j (%s), data stays loaded', async (sql, code) => {
		await expectDataError(engine.validateWhere('sample', sql), code);
		await expectDataError(engine.count('sample', { kind: 'where', sql }), code);
		expect(await engine.count('sample')).toBe(6);
	});

	it('accepts string literals that contain forbidden words and semicolons', async () => {
		await engine.validateWhere('sample', `grade <> 'drop; select -- x' AND "Time (h)" >= 0`);
	});

	describe('loading CSV', () => {
		it('reads a CSV file with the built-in reader', async () => {
			const info = await engine.loadFile({
				name: 'w.csv',
				bytes: enc('when,x,kind\n2024-01-01 10:00:00,1.5,a\n2024-01-02 11:00:00,,b\n')
			});
			expect(info.format).toBe('csv');
			expect(info.rows).toBe(2);
			expect(info.columns.map((c) => c.type)).toEqual(['datetime', 'numerical', 'categorical']);
			const [when, x] = await engine.columns(info.id, ['when', 'x']);
			if (when.type !== 'numerical' || x.type !== 'numerical') throw new Error('types');
			expect(when.values[0]).toBe(Date.UTC(2024, 0, 1, 10));
			expect(Number.isNaN(x.values[1])).toBe(true);
			const rows = await engine.count(info.id, {
				kind: 'time',
				column: 'when',
				from: '2024-01-02T00:00:00'
			});
			expect(rows).toBe(1);
		});
	});

	describe('bad input: a clear DataError, and what was loaded stays loaded', () => {
		const before = async () => (await engine.datasets()).map((d) => d.id);
		it.each([
			['empty file', 'empty.csv', new Uint8Array(0), 'empty_file', /empty/],
			[
				'truncated Parquet',
				'cut.parquet',
				sampleParquet().subarray(0, 200),
				'invalid_parquet',
				/truncated/
			],
			[
				'garbage named .parquet',
				'x.parquet',
				enc('hello,world\n1,2\n'),
				'invalid_parquet',
				/not a Parquet file/
			],
			[
				'ragged CSV',
				'ragged.csv',
				enc('a,b\n1,2\n3,4,5\n6,7\n'),
				'ragged_csv',
				/line 3 has 3 fields/
			],
			[
				'non-UTF-8 CSV',
				'latin1.csv',
				Uint8Array.from([...enc('name,x\nJos'), 0xe9, ...enc(',1\n')]),
				'not_utf8',
				/offset 10/
			],
			['duplicate CSV header', 'dup.csv', enc('a,b,a\n1,2,3\n'), 'duplicate_columns', /'a'/],
			['too large', 'big.csv', new Uint8Array(1024 * 1024 + 1), 'too_large', /limit of 1\.0 MiB/]
		])('%s', async (_label, name, bytes, code, message) => {
			const ids = await before();
			await expectDataError(engine.loadFile({ name, bytes: bytes as Uint8Array }), code, message);
			expect(await before()).toEqual(ids);
			expect(await engine.count('sample')).toBe(6);
		});

		it('duplicate column names in Parquet', async () => {
			const schema = new Schema([new Field('x', new Float64()), new Field('x', new Float64())]);
			const children = [1, 2].map((v) =>
				makeData({ type: new Float64(), data: Float64Array.from([v, v]) })
			);
			const batch = new RecordBatch(
				schema,
				makeData({ type: new Struct(schema.fields), length: 2, nullCount: 0, children })
			);
			const bytes = codec.fromIpc(tableToIPC(new Table([batch]), 'stream'));
			await expectDataError(
				engine.loadFile({ name: 'dup.parquet', bytes }),
				'duplicate_columns',
				/'x'/
			);
		});

		it('a Blob larger than the limit is refused before it is read', async () => {
			const blob = new Blob([new Uint8Array(2 * 1024 * 1024)]);
			let read = false;
			const spy = Object.assign(blob, {
				name: 'huge.parquet',
				arrayBuffer: () => ((read = true), Blob.prototype.arrayBuffer.call(blob))
			});
			await expectDataError(engine.loadFile(spy), 'too_large');
			expect(read).toBe(false);
		});

		it('replacing a data set with a bad file keeps the old one', async () => {
			await expectDataError(
				engine.loadFile({ name: 'cut.parquet', bytes: enc('PAR1xxxx') }, { id: 'sample' }),
				'invalid_parquet'
			);
			expect((await engine.dataset('sample')).rows).toBe(6);
		});
	});

	describe('frozen references', () => {
		it('loads when the hash matches and refuses a changed file, naming both hashes', async () => {
			const bytes = sampleParquet();
			const recorded = await sha256Hex(bytes);
			await engine.loadFile(
				{ name: 'ref.parquet', bytes },
				{ id: 'ref', expectedSha256: recorded }
			);
			const changed = sampleParquet();
			changed[changed.length - 9] ^= 1;
			const err = await expectDataError(
				engine.loadFile(
					{ name: 'ref.parquet', bytes: changed },
					{ id: 'ref', expectedSha256: recorded }
				),
				'reference_changed'
			);
			expect(err).toBeInstanceOf(ReferenceChangedError);
			expect(err.message).toContain('ref.parquet');
			expect(err.message).toContain(recorded);
			expect(err.message).toContain(await sha256Hex(changed));
			expect((await engine.dataset('ref')).sha256).toBe(recorded);
		});
	});

	describe('loading from a URL', () => {
		it('fetches, checks the declared size first, and reports HTTP errors', async () => {
			const bytes = sampleParquet();
			let bodyRead = false;
			const fake = createNodeEngine({
				maxBytes: 4096,
				fetch: async (input) => {
					const url = String(input);
					if (url.endsWith('missing.parquet'))
						return new Response('no', { status: 404, statusText: 'Not Found' });
					if (url.endsWith('huge.parquet')) {
						const body = new ReadableStream(
							{ pull: (c) => ((bodyRead = true), c.enqueue(new Uint8Array(10)), c.close()) },
							{ highWaterMark: 0 }
						);
						return new Response(body, { headers: { 'content-length': '999999' } });
					}
					return new Response(bytes as Uint8Array<ArrayBuffer>, {
						headers: { 'content-length': String(bytes.length) }
					});
				}
			});
			const e = await fake;
			const progress: number[] = [];
			const info = await e.loadUrl(
				'http://127.0.0.1/data/demo.parquet',
				{},
				{ onProgress: (p) => p.stage === 'fetch' && progress.push(p.loaded ?? 0) }
			);
			expect(info).toMatchObject({ id: 'demo', rows: 6, source: 'demo.parquet' });
			expect(progress.at(-1)).toBe(bytes.length);
			await expectDataError(e.loadUrl('http://127.0.0.1/missing.parquet'), 'fetch_failed', /404/);
			await expectDataError(e.loadUrl('http://127.0.0.1/huge.parquet'), 'too_large');
			expect(bodyRead).toBe(false);
			const controller = new AbortController();
			controller.abort();
			await expectDataError(
				e.loadUrl('http://127.0.0.1/data/demo.parquet', {}, { signal: controller.signal }),
				'cancelled'
			);
			await e.close();
		});
	});

	describe('export', () => {
		it('writes the selection with predictions to Parquet and CSV', async () => {
			const window = { kind: 'batch', values: [2] } as const;
			const extra = [{ name: 'predicted', values: Float64Array.from([4.5, 5.5, 6.5]) }];
			const parquet = await engine.exportParquet('sample', {
				window,
				columns: ['Time (h)', 'grade'],
				extra
			});
			const back = await engine.loadFile({ name: 'export.parquet', bytes: parquet });
			expect(back.rows).toBe(3);
			const [p] = await engine.columns(back.id, ['predicted']);
			expect(p.type === 'numerical' && Array.from(p.values)).toEqual([4.5, 5.5, 6.5]);
			const csv = new TextDecoder().decode(
				await engine.exportCsv('sample', { window, columns: ['Time (h)', 'grade'], extra })
			);
			expect(csv).toBe('Time (h),grade,predicted\n0.2,a,4.5\n0.4,c,5.5\n0.6,b,6.5\n');
			await expectDataError(
				engine.exportCsv('sample', { window, extra: [{ name: 'p', values: new Float64Array(2) }] }),
				'invalid_window',
				/2 values/
			);
		});

		it('makes prediction-record batches', async () => {
			const batches = await engine.predictionRows(
				'sample',
				{ name: 'p', values: Float64Array.from([1, 2, 3, 4, 5, NaN]) },
				{ columns: ['titer', 'grade'], batchSize: 4 }
			);
			expect(batches.map((b) => b.length)).toEqual([4, 2]);
			expect(batches[0][2]).toEqual({
				row: 2,
				features: { titer: null, grade: null },
				prediction: 3
			});
			expect(batches[1][1]).toEqual({
				row: 5,
				features: { titer: 6, grade: 'b' },
				prediction: null
			});
		});
	});
});
