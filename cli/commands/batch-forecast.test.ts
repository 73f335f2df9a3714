import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { batchReportSchema } from '../../src/lib/contracts/batch-report';
import { runCli } from '../lib/run-cli.ts';

const DATA = 'data/indpensim/indpensim_batches_1-10.csv';
const MODEL = 'static/models/penicillin-soft-sensor/1.0.0';
const ASSAY = 'Offline Penicillin concentration(P_offline:P(g L^{-1}))';
const B = ['--batch-column', 'batch_id', '--time-column', 'Time (h)'];

const run = runCli;

let dir: string;
const file = (name: string) => join(dir, name);

beforeAll(() => {
	dir = mkdtempSync(join(tmpdir(), 'vigil-forecast-'));
	const lines = readFileSync(DATA, 'utf8').trimEnd().split('\n');
	const of = (ids: string[]) =>
		[lines[0], ...lines.slice(1).filter((l) => ids.includes(l.slice(l.lastIndexOf(',') + 1)))].join(
			'\n'
		) + '\n';
	writeFileSync(file('ref.csv'), of(['1', '2', '3', '4', '5']));
	writeFileSync(file('cur.csv'), of(['9']));
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('vigil batch monitor with a titer', () => {
	it('corrects the soft sensor by the assays and says batch 9 is past its peak', async () => {
		const r = await run([
			'batch',
			'reference',
			'--data',
			file('ref.csv'),
			...B,
			'--model',
			MODEL,
			'--assay-column',
			ASSAY,
			'--out',
			file('ref.json')
		]);
		expect(r.code).toBe(0);
		expect(r.out).toMatch(/titer: penicillin-soft-sensor@1\.0\.0, corrected by the assays in/);
		const m = await run([
			'batch',
			'monitor',
			'--reference',
			file('ref.json'),
			'--data',
			file('cur.csv'),
			...B,
			'--model',
			MODEL,
			'--assay-column',
			ASSAY,
			'--json',
			file('out.json')
		]);
		expect(m.err).not.toMatch(/Error/);
		expect(m.out).toMatch(/harvest: already past the peak/);
		const report = batchReportSchema.parse(JSON.parse(readFileSync(file('out.json'), 'utf8')));
		const f = report.batches[0].forecast!;
		expect(f.basis).toBe('assays');
		expect(f.harvest!.status).toBe('past_peak');
		expect(f.harvest!.time).toBe(252);
		// The lab says 6.71 g/L at 252 h; the soft sensor reads about 16.5 (IndPenSim batch 9).
		expect(f.soft!).toBeGreaterThan(14);
		expect(Math.abs(f.corrected!.value - 6.71)).toBeLessThan(2);
		expect(f.peak!.passed).toBe(true);
		expect(f.peak!.time).toBeLessThan(140);
		expect(f.notes.join(' ')).toMatch(/beyond the reference/);
		// The required fields of the report are unchanged.
		expect(report.batches[0]).toMatchObject({ batch: '9', alarm: expect.any(Boolean) });
	}, 180_000);

	it('refuses a titer the reference was not built with, and a missing titer column', async () => {
		const plain = await run([
			'batch',
			'reference',
			'--data',
			file('ref.csv'),
			...B,
			'--out',
			file('plain.json')
		]);
		expect(plain.code).toBe(0);
		const monitor = (ref: string, ...more: string[]) =>
			run(['batch', 'monitor', '--reference', file(ref), '--data', file('cur.csv'), ...B, ...more]);
		const cases: [() => Promise<{ code: number; err: string }>, RegExp][] = [
			[
				() => monitor('plain.json', '--model', MODEL),
				/carries no titer trajectories: build it with --titer-column COL or --model DIR/
			],
			[
				() => monitor('ref.json', '--titer-column', 'soft'),
				/came from the model penicillin-soft-sensor@1\.0\.0; use --model/
			],
			[() => monitor('ref.json', '--assay-column', ASSAY), /--assay-column corrects a titer/],
			[
				() =>
					run([
						'batch',
						'reference',
						'--data',
						file('ref.csv'),
						...B,
						'--titer-column',
						'no such titer',
						'--out',
						file('x.json')
					]),
				/no such titer/
			]
		];
		for (const [result, message] of cases) {
			const { code, err } = await result();
			expect(code).toBe(2);
			expect(err).toMatch(message);
		}
	}, 180_000);
});
