import { expect, test, type Page } from '@playwright/test';
import type { DataClient } from '../../src/lib/data/client';
import type { Progress } from '../../src/lib/data/types';

type DataWindow = Window & { vigilData: DataClient };

// The browser host of src/lib/data: DataClient → Web Worker → DuckDB-WASM + parquet-wasm, all
// served by the app itself (no CDN).

async function ready(page: Page) {
	const external: string[] = [];
	page.on('request', (r) => {
		if (!/^(http:\/\/127\.0\.0\.1[:/]|blob:http:\/\/127\.0\.0\.1[:/])/.test(r.url()))
			external.push(r.url());
	});
	page.on('pageerror', (e) => external.push(`page error: ${e.message}`));
	await page.goto('/dev/data');
	await expect(page.getByTestId('data-status')).toHaveText(/^ready/, { timeout: 30_000 });
	// Requests that left the app's origin, and page errors: both must stay empty.
	return external;
}

test('loads the demo Parquet from the app and hands out typed columns', async ({ page }) => {
	const external = await ready(page);
	const result = await page.evaluate(async () => {
		const data = (window as unknown as DataWindow).vigilData;
		const progress: string[] = [];
		const info = await data.loadUrl(
			'/data/bike-hour.parquet',
			{},
			{ onProgress: (p: Progress) => progress.push(p.stage) }
		);
		const window_ = { kind: 'batch', column: 'month', values: ['2011-01'] } as const;
		const [cnt, season] = await data.columns(info.id, ['cnt', 'season'], window_);
		const where = await data.count(info.id, { kind: 'where', sql: 'cnt > 500 AND hr = 18' });
		if (cnt.type !== 'numerical') throw new Error('cnt should be numerical');
		return {
			rows: info.rows,
			sha256: info.sha256,
			cnt: {
				isFloat64: cnt.values instanceof Float64Array,
				length: cnt.values.length,
				first: cnt.values[0]
			},
			seasonType: season.type,
			where,
			progress
		};
	});
	const manifest = await (await page.request.get('/data/manifest.json')).json();
	const bike = manifest.files.find((f: { file: string }) => f.file === 'bike-hour.parquet');
	expect(result.rows).toBe(17379);
	expect(result.sha256).toBe(bike.sha256);
	expect(result.cnt).toEqual({ isFloat64: true, length: 688, first: 16 }); // hour.csv line 2: cnt 16
	expect(result.seasonType).toBe('numerical');
	expect(result.where).toBeGreaterThan(0);
	expect(result.progress).toContain('fetch');
	expect(result.progress).toContain('decode');
	expect(external).toEqual([]);
});

test('loads a CSV file, exports the selection, and refuses bad input keeping what is loaded', async ({
	page
}) => {
	await ready(page);
	const result = await page.evaluate(async () => {
		const data = (window as unknown as DataWindow).vigilData;
		const enc = (t: string) => new TextEncoder().encode(t);
		const file = new File([enc('x,kind\n1.5,a\n2.5,b\n3.5,a\n')], 'small.csv', {
			type: 'text/csv'
		});
		const info = await data.loadFile(file);
		const errors: Record<string, string> = {};
		const attempt = async (label: string, p: Promise<unknown>) => {
			try {
				await p;
				errors[label] = 'no error';
			} catch (err) {
				const e = err as { name: string; code?: string };
				errors[label] = `${e.name}:${e.code}`;
			}
		};
		await attempt(
			'truncated',
			data.loadFile({ name: 'cut.parquet', bytes: enc('PAR1 not really') })
		);
		await attempt('ragged', data.loadFile({ name: 'r.csv', bytes: enc('a,b\n1,2\n3\n') }));
		await attempt('ddl', data.count(info.id, { kind: 'where', sql: 'x > 1; DROP TABLE ds_1' }));
		await attempt('empty', data.loadFile(new File([], 'empty.csv')));
		const csv = new TextDecoder().decode(
			await data.exportCsv(info.id, {
				extra: [{ name: 'pred', values: new Float64Array([1, 2, 3]) }]
			})
		);
		const parquet = await data.exportParquet(info.id, {
			window: { kind: 'rows', start: 1, end: 3 }
		});
		const back = await data.loadFile({ name: 'back.parquet', bytes: parquet });
		const [kind] = await data.columns(info.id, ['kind']);
		if (kind.type !== 'categorical') throw new Error('kind should be categorical');
		return {
			errors,
			csv,
			backRows: back.rows,
			kind: { categories: kind.categories, codes: Array.from(kind.codes) },
			stillLoaded: (await data.datasets()).map((d) => d.id)
		};
	});
	expect(result.errors).toEqual({
		truncated: 'DataError:invalid_parquet',
		ragged: 'DataError:ragged_csv',
		ddl: 'DataError:forbidden_where',
		empty: 'DataError:empty_file'
	});
	expect(result.csv).toBe('x,kind,pred\n1.5,a,1.0\n2.5,b,2.0\n3.5,a,3.0\n');
	expect(result.backRows).toBe(2);
	expect(result.kind).toEqual({ categories: ['a', 'b'], codes: [0, 1, 0] });
	expect(result.stillLoaded).toEqual(['small', 'back']);
});
