import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Float32, Float64, Table, makeVector, tableToIPC, vectorFromArray } from 'apache-arrow';
import * as pq from 'parquet-wasm';
import { createNodeBindings, createNodeEngine } from './node-engine';
import type { DuckDataEngine } from './engine';
import type { ArrowTableLike } from './arrow-columns';
import { parquetCodec, type ParquetWasmModule } from './parquet-codec';
import type { Column } from './types';

const codec = parquetCodec(pq as unknown as ParquetWasmModule);
const ROWS = 150_000; // more than one decoded batch (64 Ki rows)

/**
 * An all-float file: Float64 with NaN values (not nulls), Float32 with nulls (widened on the way),
 * and a Float64 column with nulls.
 */
function floatParquet(): Uint8Array {
	const f64 = Float64Array.from({ length: ROWS }, (_, i) => (i % 97 === 0 ? NaN : i / 8));
	const f32 = Array.from({ length: ROWS }, (_, i) => (i % 11 === 0 ? null : Math.fround(i * 0.1)));
	const holes = Array.from({ length: ROWS }, (_, i) => (i % 5 === 0 ? null : -i));
	const table = new Table({
		x: makeVector({ type: new Float64(), data: f64 }),
		y: vectorFromArray(f32, new Float32()),
		z: vectorFromArray(holes, new Float64())
	});
	return codec.fromIpc(tableToIPC(table, 'stream'));
}

/** Whether the engine has made the DuckDB table of a data set yet (its private state). */
function tableMade(engine: DuckDataEngine, id: string): boolean {
	const sets = (engine as unknown as { sets: Map<string, { pending?: unknown }> }).sets;
	return sets.get(id)?.pending === undefined;
}

const values = (c: Column) => {
	if (c.type !== 'numerical') throw new Error(`${c.name} is ${c.type}`);
	return c.values;
};

/** Same length and same values, NaN matching NaN (toEqual on 150,000 elements is slow). */
function expectSame(a: Float64Array, b: Float64Array) {
	expect(a.length).toBe(b.length);
	for (let i = 0; i < a.length; i++) {
		if (!Object.is(a[i], b[i])) throw new Error(`row ${i}: ${a[i]} != ${b[i]}`);
	}
}

describe('all-float Parquet: columns handed over without a DuckDB round trip', () => {
	const bytes = floatParquet();
	let engine: DuckDataEngine;
	beforeAll(async () => {
		engine = await createNodeEngine({ maxBytes: 64 * 1024 * 1024 });
	});
	afterAll(() => engine.close());

	it('types the columns as DuckDB would, without making a table', async () => {
		const info = await engine.loadFile({ name: 'floats.parquet', bytes }, { id: 'f' });
		// What DuckDB itself says about the same data (DESCRIBE and count of non-null values).
		const { db } = await createNodeBindings();
		const conn = db.connect();
		conn.insertArrowFromIPCStream(codec.toIpc(bytes), { name: 't', create: true });
		const described = conn.query('DESCRIBE t') as unknown as ArrowTableLike;
		const counts = conn.query(
			'SELECT count(*) AS n, count(x) AS x, count(y) AS y, count(z) AS z FROM t'
		) as unknown as ArrowTableLike;
		const rows = Number(counts.getChild('n')?.get(0));
		expect(info.rows).toBe(rows);
		expect(info.columns).toEqual(
			['x', 'y', 'z'].map((name, i) => ({
				name,
				type: 'numerical',
				storageType: String(described.getChildAt(1)?.get(i)),
				corrected: false,
				nulls: rows - Number(counts.getChild(name)?.get(0))
			}))
		);
		expect(info.columns.map((c) => c.storageType)).toEqual(['DOUBLE', 'FLOAT', 'DOUBLE']);
		expect(info.columns.map((c) => c.nulls)).toEqual([0, Math.ceil(ROWS / 11), ROWS / 5]);
		conn.close();
		// No table yet: the whole-set count needs none either.
		expect(await engine.count('f')).toBe(ROWS);
		expect(tableMade(engine, 'f')).toBe(false);
	});

	it('hands whole columns over once, equal to what SQL returns', async () => {
		// Some of the columns: copies, and the decoded arrays stay for a later call.
		const [someY] = await engine.columns('f', ['y']);
		expect(values(someY).buffer.byteLength).toBe(ROWS * 8);
		const direct = await engine.columns('f', ['z', 'x', 'y', 'x']);
		expect(direct.map((c) => c.name)).toEqual(['z', 'x', 'y', 'x']);
		expect(direct[1]).toBe(direct[3]);
		// Every column: the decoded arrays themselves, over one buffer (one transfer).
		expect(values(direct[0]).buffer).toBe(values(direct[2]).buffer);
		expectSame(values(someY), values(direct[2]));
		expect(tableMade(engine, 'f')).toBe(false);
		// The same columns again come from DuckDB (the arrays were handed over), as does a window.
		const again = await engine.columns('f', ['x', 'y', 'z']);
		const windowed = await engine.columns('f', ['x', 'y', 'z'], {
			kind: 'rows',
			start: 0,
			end: ROWS
		});
		for (const [i, name] of ['x', 'y', 'z'].entries()) {
			const mine = values(direct.find((c) => c.name === name)!);
			expectSame(mine, values(again[i]));
			expectSame(mine, values(windowed[i]));
		}
		const x = values(direct[1]);
		expect(x[0]).toBeNaN();
		expect(x[1]).toBe(1 / 8);
		const y = values(direct[2]);
		expect(y[0]).toBeNaN(); // null
		expect(y[3]).toBe(Math.fround(0.3)); // the Float32 value, widened exactly
		expect(values(direct[0])[5]).toBeNaN();
	});

	it('makes the DuckDB table on the first SQL use: windows, filters, exports, retyping', async () => {
		await engine.loadFile({ name: 'floats.parquet', bytes }, { id: 'g' });
		// Two SQL calls at once make the table once.
		const [n, none] = await Promise.all([
			engine.count('g', { kind: 'where', sql: 'x >= 100 AND x < 101' }),
			engine.validateWhere('g', 'z IS NULL')
		]);
		expect(n).toBe(8);
		expect(tableMade(engine, 'g')).toBe(true);
		expect(none).toBeUndefined();
		const [x] = await engine.columns('g', ['x'], { kind: 'rows', start: 1, end: 4 });
		expect(Array.from(values(x))).toEqual([1 / 8, 2 / 8, 3 / 8]);
		const csv = new TextDecoder().decode(
			await engine.exportCsv('g', { window: { kind: 'rows', start: 1, end: 3 }, columns: ['x'] })
		);
		expect(csv).toBe('x\n0.125\n0.25\n');
		await engine.setColumnType('g', 'y', 'categorical');
		const [y] = await engine.columns('g', ['y'], { kind: 'rows', start: 0, end: 2 });
		expect(y.type).toBe('categorical');
	});

	it('hands over the projected columns of a partial load', async () => {
		const info = await engine.loadFile(
			{ name: 'floats.parquet', bytes },
			{ id: 'h', columns: ['y'] }
		);
		expect(info.columns.map((c) => c.name)).toEqual(['y']);
		const [y] = await engine.columns('h');
		expect(values(y)[3]).toBe(Math.fround(0.3));
		expect(await engine.count('h', { kind: 'where', sql: 'y IS NULL' })).toBe(Math.ceil(ROWS / 11));
	});

	it('drops and replaces a data set whose table was never made', async () => {
		await engine.loadFile({ name: 'floats.parquet', bytes }, { id: 'k' });
		await engine.loadFile({ name: 'floats.parquet', bytes }, { id: 'k' });
		expect(await engine.count('k', { kind: 'rows', start: 0, end: 10 })).toBe(10);
		await engine.drop('k');
		expect((await engine.datasets()).map((d) => d.id)).not.toContain('k');
	});
});
