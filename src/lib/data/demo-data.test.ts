import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DemoManifest } from './demo-build';
import type { DuckDataEngine } from './engine';
import { createNodeEngine } from './node-engine';

const dir = fileURLToPath(new URL('../../../static/data/', import.meta.url));

// The committed demo files (built by `npm run data`) must match their manifest and load cleanly.
describe('static/data demo files', () => {
	let engine: DuckDataEngine;
	let manifest: DemoManifest;
	beforeAll(async () => {
		engine = await createNodeEngine();
		manifest = JSON.parse(await readFile(`${dir}manifest.json`, 'utf8'));
	});
	afterAll(() => engine.close());

	it('lists the four data sets with attribution', () => {
		expect(manifest.files.map((f) => f.file)).toEqual([
			'indpensim.parquet',
			'adult-train.parquet',
			'adult-test.parquet',
			'bike-hour.parquet'
		]);
		for (const f of manifest.files) expect(f.attribution).toMatch(/CC BY 4\.0/);
	});

	it('every file hashes to its manifest entry and loads with the recorded rows', async () => {
		for (const f of manifest.files) {
			const bytes = await readFile(`${dir}${f.file}`);
			const info = await engine.loadFile(
				{ name: f.file, bytes },
				{ id: f.file, expectedSha256: f.sha256 }
			);
			expect(info.rows).toBe(f.rows);
			expect(info.columns.map((c) => c.name)).toEqual(f.columns.map((c) => c.name));
		}
		// Source counts from data/README.md.
		expect(manifest.files.map((f) => f.rows)).toEqual([11585, 32561, 16281, 17379]);
	});

	it('IndPenSim has all 10 batches; Adult labels are clean; bike sharing has months', async () => {
		await engine.setColumnType('indpensim.parquet', 'batch_id', 'categorical');
		const [batch] = await engine.columns('indpensim.parquet', ['batch_id']);
		expect(batch.type === 'categorical' && batch.categories).toEqual([
			'1',
			'2',
			'3',
			'4',
			'5',
			'6',
			'7',
			'8',
			'9',
			'10'
		]);
		for (const id of ['adult-train.parquet', 'adult-test.parquet']) {
			const [income, workclass] = await engine.columns(id, ['income', 'workclass']);
			expect(income.type === 'categorical' && income.categories).toEqual(['<=50K', '>50K']);
			if (workclass.type !== 'categorical') throw new Error('workclass should be categorical');
			expect(workclass.categories).not.toContain('?');
			expect(workclass.codes.includes(-1)).toBe(true);
		}
		expect(
			await engine.count('bike-hour.parquet', {
				kind: 'batch',
				column: 'month',
				values: ['2011-01']
			})
		).toBe(688); // grep -c ',2011-01-' hour.csv
	});
});

describe('shipped DuckDB-WASM builds', () => {
	it('src/lib/data/wasm/*.gz match the installed @duckdb/duckdb-wasm (else run npm run data)', async () => {
		const { staleDuckdbWasmAssets } = await import('./wasm-assets');
		expect(await staleDuckdbWasmAssets()).toEqual([]);
	});
});
