import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { batchReportSchema } from '../../src/lib/contracts/batch-report';
import { runCli } from '../lib/run-cli.ts';

const DATA = 'data/indpensim/indpensim_batches_1-10.csv';
const B = ['--batch-column', 'batch_id', '--time-column', 'Time (h)'];

const run = runCli;

let dir: string;
const file = (name: string) => join(dir, name);
let header: string;
let rows: string[][];
const csv = (name: string, lines: string[][]) =>
	writeFileSync(file(name), [header, ...lines.map((l) => l.join(','))].join('\n') + '\n');
const batch = (id: number) => rows.filter((r) => r[r.length - 1] === String(id));

beforeAll(() => {
	dir = mkdtempSync(join(tmpdir(), 'vigil-batch-'));
	const lines = readFileSync(DATA, 'utf8').trimEnd().split('\n');
	header = lines[0];
	rows = lines.slice(1).map((l) => l.split(','));
	csv('ref.csv', [...batch(1), ...batch(2), ...batch(3)]);
	const T = header.split(',').indexOf('Temperature(T:K)');
	// batch 10 with a +1 K temperature sensor bias from 50 h on (the reference spread is ~0.05 K)
	const faulty = batch(10).map((r) => {
		const c = [...r];
		c[c.length - 1] = '110';
		if (Number(c[0]) >= 50) c[T] = String(Number(c[T]) + 1);
		return c;
	});
	csv('cur.csv', [...batch(10), ...faulty]);
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('vigil batch', () => {
	it('builds a reference, then flags the faulty batch with the sensor first (exit 1)', async () => {
		const r = await run([
			'batch',
			'reference',
			'--data',
			file('ref.csv'),
			...B,
			'--out',
			file('ref.json')
		]);
		expect(r.code).toBe(0);
		expect(r.out).toContain('3 batches (1, 2, 3)');
		expect(r.out).toMatch(/left out: Fault reference\(Fault_ref:Fault ref\) \(constant 0/);
		const m = await run([
			'batch',
			'monitor',
			'--reference',
			file('ref.json'),
			'--data',
			file('cur.csv'),
			...B,
			'--json',
			file('out.json')
		]);
		expect(m.code).toBe(1);
		const report = batchReportSchema.parse(JSON.parse(readFileSync(file('out.json'), 'utf8')));
		const faulty = report.batches.find((b) => b.batch === '110')!;
		expect(faulty.alarm).toBe(true);
		expect(faulty.first_alarm_time).toBeGreaterThanOrEqual(50);
		expect(faulty.contributions[0].variable).toBe('Temperature(T:K)');
		// a +1 K bias is both a change and, against a tight temperature trajectory, a level departure
		expect(['change', 'level']).toContain(faulty.alarm_statistic);
		expect(m.out).toMatch(
			/batch 110: ALARM at [\d.]+ \((change|level): [^)]*\); top: Temperature\(T:K\)/
		);
		const normal = report.batches.find((b) => b.batch === '10')!;
		expect(normal.alarm).toBe(false);
		// decreasing order
		const c = faulty.contributions.map((x) => x.contribution);
		expect([...c].sort((a, b) => b - a)).toEqual(c);
	});

	it('exits 0 when no batch raises an alarm', async () => {
		csv('quiet.csv', batch(10));
		const m = await run([
			'batch',
			'monitor',
			'--reference',
			file('ref.json'),
			'--data',
			file('quiet.csv'),
			...B
		]);
		expect(m.code).toBe(0);
		expect(m.out).toMatch(/^batch 10: normal/);
	});

	it('refuses fewer than three batches, naming the column and the batches', async () => {
		csv('two.csv', [...batch(1), ...batch(2)]);
		const r = await run([
			'batch',
			'reference',
			'--data',
			file('two.csv'),
			...B,
			'--out',
			file('x.json')
		]);
		expect(r.code).toBe(2);
		expect(r.err).toContain("at least 3 normal batches in column 'batch_id'; got 2 (1, 2)");
	});

	it('refuses a batch id in two files and a missing batch column', async () => {
		csv('a.csv', [...batch(1), ...batch(2)]);
		csv('b.csv', [...batch(2), ...batch(3)]);
		const r = await run([
			'batch',
			'reference',
			'--data',
			file('a.csv'),
			'--data',
			file('b.csv'),
			...B,
			'--out',
			file('x.json')
		]);
		expect(r.code).toBe(2);
		expect(r.err).toMatch(/batch 2 is in both '.*a\.csv' and '.*b\.csv'/);
		const m = await run([
			'batch',
			'reference',
			'--data',
			file('a.csv'),
			'--batch-column',
			'lot',
			'--time-column',
			'Time (h)',
			'--out',
			file('x.json')
		]);
		expect(m.code).toBe(2);
		expect(m.err).toContain("has no batch column 'lot'");
	});

	it('names the batch and rows of a duplicate time', async () => {
		const b3 = batch(3);
		csv('dup.csv', [...batch(1), ...batch(2), ...b3.slice(0, 5), b3[4], ...b3.slice(5)]);
		const r = await run([
			'batch',
			'reference',
			'--data',
			file('dup.csv'),
			...B,
			'--out',
			file('x.json')
		]);
		expect(r.code).toBe(2);
		expect(r.err).toMatch(/batch 3: rows \d+ and \d+ have the same time 1 in column 'Time \(h\)'/);
	});

	it('refuses a reference edited after it was built', async () => {
		const ref = JSON.parse(readFileSync(file('ref.json'), 'utf8'));
		ref.run_rule.points = 1000;
		writeFileSync(file('edited.json'), JSON.stringify(ref));
		const m = await run([
			'batch',
			'monitor',
			'--reference',
			file('edited.json'),
			'--data',
			file('quiet.csv'),
			...B
		]);
		expect(m.code).toBe(2);
		expect(m.err).toContain('was changed after it was built');
	});

	it('documents every option in --help', async () => {
		const h = await run(['batch', 'monitor', '--help']);
		for (const o of ['--reference', '--data', '--batch-column', '--time-column', '--json'])
			expect(h.out).toContain(o);
	});
});
