import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reportSchema } from '../../src/lib/contracts/report';
import { runCli } from '../lib/run-cli.ts';

const HOUR = 'data/bike-sharing/hour.csv';
let dir: string;
const file = (name: string) => join(dir, name);
const COLUMNS = 'temp,atemp,hum,windspeed,weathersit';

beforeAll(() => {
	dir = mkdtempSync(join(tmpdir(), 'vigil-drift-checks-'));
	const lines = readFileSync(HOUR, 'utf8').trimEnd().split('\n');
	const [header, ...rows] = lines;
	const write = (name: string, body: string[]) =>
		writeFileSync(file(name), [header, ...body].join('\n') + '\n');
	// January 2011 as reference, the other half of January as an undrifted window, July as drifted.
	write('ref.csv', rows.slice(0, 600));
	write(
		'jan.csv',
		rows.slice(0, 600).filter((_, i) => i % 2 === 1)
	);
	write('jul.csv', rows.slice(4400, 5000));
	// January with atemp swapped between rows: marginals unchanged, the temp–atemp link broken.
	const jan = rows.slice(0, 600).map((r) => r.split(','));
	const atemp = header.split(',').indexOf('atemp');
	const shuffled = jan.map((r, i) => {
		const out = [...r];
		out[atemp] = jan[(i * 7919) % jan.length][atemp];
		return out.join(',');
	});
	write('jan-decorrelated.csv', shuffled);
	// January with a third of hum missing.
	const hum = header.split(',').indexOf('hum');
	write(
		'jan-missing.csv',
		jan.map((r, i) => r.map((v, j) => (j === hum && i % 3 === 0 ? '' : v)).join(','))
	);
	write('tiny.csv', rows.slice(0, 40));
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('vigil drift --checks', () => {
	it('adds correlation drift, the quality suite and the domain classifier to a valid report', async () => {
		const r = await runCli([
			'drift',
			'--reference',
			file('ref.csv'),
			'--current',
			file('jul.csv'),
			'--columns',
			COLUMNS,
			'--checks',
			'all',
			'--format',
			'json'
		]);
		expect(r.err).not.toContain('vigil drift:');
		const { report } = JSON.parse(r.out);
		reportSchema.parse(report);
		const dc = report.advanced.domain_classifier.windows[0].result;
		expect(dc).toMatchObject({ status: 'ok', drifted: true });
		// July is warm: temperature separates it from January.
		expect(['temp', 'atemp']).toContain(dc.attributions[0].column);
		expect(report.correlation.schema).toBe('vigil.correlation-drift/1');
		expect(
			report.quality_suite.checks.find(
				(c: { check: string; column: string }) => c.check === 'out_of_range' && c.column === 'temp'
			).status
		).toBe('warn');
	}, 60_000);

	it('sees the broken temp–atemp link that no column test sees, and the gate fails on it', async () => {
		const r = await runCli([
			'drift',
			'--reference',
			file('ref.csv'),
			'--current',
			file('jan-decorrelated.csv'),
			'--columns',
			COLUMNS,
			'--fail-on',
			'correlation_drift==1',
			'--fail-on',
			'domain_drift==1'
		]);
		expect(r.out).toMatch(/^no drift: 0 of 5 columns drifted/);
		expect(r.out).toMatch(
			/correlation: DRIFT in \d+ of 10 pairs; largest change (atemp–temp|temp–atemp)/
		);
		expect(r.out).toMatch(/domain classifier: DRIFT .*separated by (atemp|temp)/);
		expect(r.out).toContain('FAIL correlation_drift==1');
		expect(r.code).toBe(1);
	}, 60_000);

	it('gates on a quality check turned on by --fail-on alone', async () => {
		const ok = await runCli([
			'drift',
			'--reference',
			file('ref.csv'),
			'--current',
			file('jan.csv'),
			'--columns',
			COLUMNS,
			'--fail-on',
			'quality_failures>0'
		]);
		expect(ok.out).toContain('pass quality_failures>0 (quality_failures = 0)');
		expect(ok.code).toBe(0);
		const bad = await runCli([
			'drift',
			'--reference',
			file('ref.csv'),
			'--current',
			file('jan-missing.csv'),
			'--columns',
			COLUMNS,
			'--fail-on',
			'quality_missing_share>0'
		]);
		expect(bad.out).toContain('FAIL missing_share hum: 33.3 % missing (reference 0.0 %)');
		expect(bad.code).toBe(1);
	}, 60_000);

	it('says why the domain classifier cannot run on a 40-row window and never passes the gate on it', async () => {
		const r = await runCli([
			'drift',
			'--reference',
			file('ref.csv'),
			'--current',
			file('tiny.csv'),
			'--columns',
			COLUMNS,
			'--fail-on',
			'domain_auc>0.6'
		]);
		expect(r.out).toContain(
			"domain classifier: not run (the domain classifier's 5-fold cross-validation needs at least 50 rows on each side; the reference has 600, the current window 40)"
		);
		expect(r.out).toContain('FAIL domain_auc>0.6 (domain_auc = not computable)');
		expect(r.code).toBe(1);
	}, 60_000);

	it('refuses row-level checks against a profile and an unknown check name', async () => {
		const built = await runCli([
			'profile',
			'build',
			'--reference',
			file('ref.csv'),
			'--columns',
			COLUMNS,
			'--out',
			file('ref.vgpf')
		]);
		expect(built.code).toBe(0);
		const r = await runCli([
			'drift',
			'--reference',
			file('ref.vgpf'),
			'--current',
			file('jan.csv'),
			'--columns',
			COLUMNS,
			'--checks',
			'correlation'
		]);
		expect(r.err).toContain(
			'--checks correlation needs the reference rows: give --reference a Parquet or CSV file, not a profile'
		);
		expect(r.code).toBe(2);
		const q = await runCli([
			'drift',
			'--reference',
			file('ref.vgpf'),
			'--current',
			file('jan.csv'),
			'--columns',
			COLUMNS,
			'--checks',
			'quality'
		]);
		expect(q.out).toContain('quality suite: 0 failed, 0 warned');
		expect(q.out).toContain('2 skipped');
		const u = await runCli([
			'drift',
			'--reference',
			file('ref.csv'),
			'--current',
			file('jan.csv'),
			'--checks',
			'spelling'
		]);
		expect(u.err).toContain(
			"--checks: unknown check 'spelling'; valid: correlation, quality, domain-classifier, all"
		);
	}, 60_000);
});

describe('vigil drift --segment-by', () => {
	it('ranks segments, leaves the segment column out of the comparison and gates on them', async () => {
		const r = await runCli([
			'drift',
			'--reference',
			file('ref.csv'),
			'--current',
			file('jul.csv'),
			'--segment-by',
			'weekday',
			'--fail-on',
			'segments_drifted>=1',
			'--format',
			'json'
		]);
		const out = JSON.parse(r.out);
		const report = reportSchema.parse(out.report);
		expect(report.columns.map((c) => c.name)).not.toContain('weekday');
		expect(report.segments?.segments).toHaveLength(7);
		expect(report.segments?.segments.map((s) => s.rank)).toEqual([1, 2, 3, 4, 5, 6, 7]);
		expect(out.exit_code).toBe(1);
	}, 60_000);

	it('caps a column with a value per row and says so', async () => {
		const r = await runCli([
			'drift',
			'--reference',
			file('ref.csv'),
			'--current',
			file('jul.csv'),
			'--columns',
			COLUMNS,
			'--segment-by',
			'instant'
		]);
		expect(r.out).toContain('segments by instant: 0 tested');
		expect(r.out).toContain('600 segments with fewer than 30 rows (600 rows) not tested');
		const capped = await runCli([
			'drift',
			'--reference',
			file('ref.csv'),
			'--current',
			file('jul.csv'),
			'--columns',
			COLUMNS,
			'--segment-by',
			'weekday',
			'--max-segments',
			'3'
		]);
		expect(capped.out).toContain(
			'column "weekday" has 7 values; the 3 largest segments of at least 30 rows are reported, 4 more'
		);
		const clash = await runCli([
			'drift',
			'--reference',
			file('ref.csv'),
			'--current',
			file('jul.csv'),
			'--columns',
			COLUMNS,
			'--segment-by',
			'temp'
		]);
		expect(clash.err).toContain(
			"--segment-by 'temp' is also a compared, target or prediction column"
		);
		expect(clash.code).toBe(2);
	}, 60_000);
});
