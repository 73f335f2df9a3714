import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reportSchema } from '../../src/lib/contracts/report';
import { main } from '../main.ts';
import { dataEngine } from '../lib/tables.ts';

const HOUR = 'data/bike-sharing/hour.csv';
const CARD = 'static/models/bike-demand/1.0.0/card.json';

async function run(argv: string[]) {
	let out = '';
	let err = '';
	const code = await main(argv, { stdout: (t) => (out += t), stderr: (t) => (err += t) });
	return { code, out, err };
}

let dir: string;
const file = (name: string) => join(dir, name);

beforeAll(async () => {
	dir = mkdtempSync(join(tmpdir(), 'vigil-drift-'));
	const lines = readFileSync(HOUR, 'utf8').trimEnd().split('\n');
	const header = lines[0];
	// January 2011 (the model's training weeks) as reference; two disjoint halves of February as
	// an undrifted current; July as a drifted current.
	writeFileSync(file('ref.csv'), [header, ...lines.slice(1, 601)].join('\n') + '\n');
	writeFileSync(
		file('jan-b.csv'),
		[header, ...lines.slice(1, 601).filter((_, i) => i % 2 === 0)].join('\n') + '\n'
	);
	writeFileSync(file('jul.csv'), [header, ...lines.slice(4400, 5000)].join('\n') + '\n');
	writeFileSync(
		file('narrow.csv'),
		lines
			.slice(0, 300)
			.map((l) => l.split(',').slice(0, 6).join(','))
			.join('\n') + '\n'
	);
	// The same January rows as Parquet, written by the data engine.
	const engine = await dataEngine();
	const info = await engine.loadFile({ name: 'ref.csv', bytes: readFileSync(file('ref.csv')) });
	writeFileSync(file('ref.parquet'), await engine.exportParquet(info.id));
	// Two slices of the Adult test set (labels normalised by 'vigil data build').
	const adult = await engine.loadFile({
		name: 'adult-test.parquet',
		bytes: readFileSync('static/data/adult-test.parquet')
	});
	for (const [name, start] of [
		['adult-a.csv', 0],
		['adult-b.csv', 1000]
	] as const)
		writeFileSync(
			file(name),
			await engine.exportCsv(adult.id, { window: { kind: 'rows', start, end: start + 1000 } })
		);
	// DuckDB-WASM's first start takes seconds, more on a busy machine.
}, 120_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('vigil drift', () => {
	it('exits 0 without drift, on Parquet reference and CSV current', async () => {
		const r = await run([
			'drift',
			'--reference',
			file('ref.parquet'),
			'--current',
			file('jan-b.csv'),
			'--columns',
			'temp,hum,windspeed,weathersit'
		]);
		expect(r.err).not.toContain('error');
		expect(r.out).toMatch(/^no drift: 0 of 4 columns drifted/);
		expect(r.code).toBe(0);
	});

	it('exits 1 on drift and writes valid HTML and JSON reports with the model and target', async () => {
		const r = await run([
			'drift',
			'--reference',
			file('ref.csv'),
			'--current',
			file('jul.csv'),
			'--model',
			CARD,
			'--target',
			'cnt',
			'--html',
			file('r.html'),
			'--json',
			file('r.json')
		]);
		expect(r.code).toBe(1);
		expect(r.out).toMatch(/^DRIFT: /);
		const report = reportSchema.parse(JSON.parse(readFileSync(file('r.json'), 'utf8')));
		expect(report.dataset.drifted).toBe(true);
		expect(report.model).toEqual({ name: 'bike-demand', version: '1.0.0' });
		expect(report.prediction_drift?.status).toBe('tested');
		expect(report.performance?.task).toBe('regression');
		// The model was trained on January; July's rentals are far off (the card's own test metrics say so).
		expect((report.performance as { rmse: number }).rmse).toBeGreaterThan(100);
		expect(readFileSync(file('r.html'), 'utf8')).toMatch(/^<!doctype html>/i);
	});

	it('--format json prints the report and the gate; --fail-on decides the exit code', async () => {
		const pass = await run([
			'drift',
			'--reference',
			file('ref.csv'),
			'--current',
			file('jul.csv'),
			'--model',
			CARD,
			'--target',
			'cnt',
			'--fail-on',
			'r2<-5',
			'--format',
			'json'
		]);
		const body = JSON.parse(pass.out);
		expect(body.report.schema).toBe('vigil.report/1');
		expect(body.gate).toEqual([expect.objectContaining({ condition: 'r2<-5', holds: false })]);
		expect(pass.code).toBe(0);
		const fail = await run([
			'drift',
			'--reference',
			file('ref.csv'),
			'--current',
			file('jul.csv'),
			'--model',
			CARD,
			'--target',
			'cnt',
			'--fail-on',
			'rmse>50',
			'--fail-on',
			'drift_share>=0.99'
		]);
		expect(fail.code).toBe(1);
		expect(fail.out).toContain('quality gate failed: rmse>50');
		expect(fail.out).toContain('pass drift_share>=0.99');
	});

	it('gates a classifier on its performance (accuracy, F1 from the model on labelled rows)', async () => {
		const args = [
			'drift',
			'--reference',
			file('adult-a.csv'),
			'--current',
			file('adult-b.csv'),
			'--model',
			'static/models/adult-income/1.0.0/card.json',
			'--target',
			'income',
			'--format',
			'json'
		];
		const r = await run([...args, '--fail-on', 'accuracy<0.5', '--fail-on', 'f1<0.99']);
		const { report, gate, exit_code } = JSON.parse(r.out);
		expect(report.performance.task).toBe('classification');
		expect(report.performance.rows).toBe(1000);
		// The card's test metrics are accuracy ≈ 0.87 and F1 ≈ 0.70 on the whole test set.
		expect(report.performance.accuracy).toBeGreaterThan(0.8);
		expect(report.performance.f1).toBeLessThan(0.9);
		expect(report.prediction_drift.status).toBe('tested');
		expect(gate.map((g: { holds: boolean }) => g.holds)).toEqual([false, true]);
		expect(exit_code).toBe(1);
		expect(r.code).toBe(1);
		const ok = await run([...args, '--fail-on', 'roc_auc<0.5']);
		expect(ok.code).toBe(0);
	});

	it('applies --method, --column-method and --drift-share', async () => {
		const r = await run([
			'drift',
			'--reference',
			file('ref.csv'),
			'--current',
			file('jul.csv'),
			'--columns',
			'temp,hum',
			'--method',
			'psi',
			'--column-method',
			'hum=wasserstein',
			'--drift-share',
			'1',
			'--format',
			'json'
		]);
		const { report } = JSON.parse(r.out);
		const methods = Object.fromEntries(
			report.columns.map((c: { name: string; method: string }) => [c.name, c.method])
		);
		expect(methods).toEqual({ temp: 'psi', hum: 'wasserstein' });
		expect(report.dataset.drift_share_threshold).toBe(1);
	});

	it.each([
		[['--current', 'x.csv'], '--reference FILE is required'],
		[
			['--reference', 'missing.csv', '--current', 'x.csv'],
			"--reference: file 'missing.csv' not found"
		],
		[['--method', 'nosuch'], "unknown method 'nosuch'"],
		[['--column-method', 'temp'], 'expected COLUMN=METHOD'],
		[['--fail-on', 'f1<<0.5'], "--fail-on 'f1<<0.5'"],
		[['--fail-on', 'f1<0.8'], 'needs a classification model'],
		[['--drift-share', '2'], '--drift-share must be in (0, 1]'],
		[['--model', 'nope.json'], "--model: file 'nope.json' not found"]
	])('bad input %j: one line, exit 2, no output file', async (args, message) => {
		const html = file(`bad-${Math.random().toString(36).slice(2)}.html`);
		const base = ['--reference', file('ref.csv'), '--current', file('jan-b.csv')];
		const argv = ['drift', ...(args[0] === '--current' ? [] : base), ...args, '--html', html];
		const r = await run(argv);
		expect(r.code).toBe(2);
		const errorLines = r.err.split('\n').filter((l) => l.startsWith('vigil drift:'));
		expect(errorLines).toHaveLength(1);
		expect(errorLines[0]).toContain(message);
		expect(existsSync(html)).toBe(false);
	});

	it('refuses reference and current with different columns, naming them, and leaves no file', async () => {
		const r = await run([
			'drift',
			'--reference',
			file('ref.csv'),
			'--current',
			file('narrow.csv'),
			'--json',
			file('partial.json')
		]);
		expect(r.code).toBe(2);
		expect(r.err).toContain('reference and current have different columns: only in reference: ');
		expect(r.err).toContain('hum');
		expect(readdirSync(dir).filter((f) => f.includes('partial'))).toEqual([]);
	});

	it('writes no output when one of them cannot be written', async () => {
		const r = await run([
			'drift',
			'--reference',
			file('ref.csv'),
			'--current',
			file('jan-b.csv'),
			'--html',
			file('both.html'),
			'--json',
			join(dir, 'no-such-dir', 'both.json')
		]);
		expect(r.code).toBe(2);
		expect(r.err).toContain("cannot write '");
		expect(r.err).toContain('ENOENT');
		expect(readdirSync(dir).filter((f) => f.includes('both'))).toEqual([]);
	});

	it('refuses an unreadable or corrupt data file', async () => {
		writeFileSync(file('broken.parquet'), Buffer.from('PAR1 not really parquet'));
		const r = await run([
			'drift',
			'--reference',
			file('broken.parquet'),
			'--current',
			file('jan-b.csv')
		]);
		expect(r.code).toBe(2);
		expect(r.err).toMatch(/^vigil drift: --reference: /m);
		const d = await run(['drift', '--reference', dir, '--current', file('jan-b.csv')]);
		expect(d.code).toBe(2);
		expect(d.err).toContain('is a directory');
	});
});
