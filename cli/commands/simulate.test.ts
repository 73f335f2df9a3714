import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../main.ts';

async function run(argv: string[]) {
	let out = '';
	let err = '';
	const code = await main(argv, { stdout: (t) => (out += t), stderr: (t) => (err += t) });
	return { code, out, err };
}

// Made at load time: the table of cases below names spool directories inside it.
const dir = mkdtempSync(join(tmpdir(), 'vigil-sim-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// Loopback port 9 (discard) is closed here; nothing in these cases gets as far as sending.
const base = (spool: string) => [
	'--api',
	'http://127.0.0.1:9',
	'--token',
	't',
	'--model',
	'bike-demand',
	'--spool',
	join(dir, spool)
];

describe('vigil simulate and vigil monitor: bad input before any traffic', () => {
	it.each([
		[['simulate', '--token', 't', '--model', 'bike-demand'], '--api URL is required'],
		[
			['simulate', '--api', 'not a url', '--token', 't', '--model', 'bike-demand'],
			"--api 'not a url' is not a URL"
		],
		[['simulate', ...base('a'), '--drift', 'at=1,column=temp,kind=melt'], "unknown kind 'melt'"],
		[
			['simulate', ...base('b'), '--drift', 'at=900,column=temp,kind=shift'],
			'is not within --duration 600 s'
		],
		[
			['simulate', ...base('c'), '--drift', 'at=1,column=nosuch,kind=shift'],
			"column 'nosuch' is not in the replayed data"
		],
		[
			['simulate', ...base('d'), '--drift', 'at=1,column=temp,kind=new-category'],
			'needs a categorical column'
		],
		[['simulate', ...base('e'), '--rate', '0'], '--rate must be > 0'],
		[
			['simulate', ...base('f'), '--data', join('nowhere', 'x.parquet')],
			"--data: file 'nowhere/x.parquet' not found"
		],
		[
			['simulate', '--api', 'http://127.0.0.1:9', '--token', 't', '--model', 'no-such-model'],
			"--model 'no-such-model' is not a demo model"
		],
		[
			[
				'monitor',
				'--api',
				'http://127.0.0.1:9',
				'--token',
				't',
				'--model',
				'bike-demand',
				'--once',
				'--reference',
				'missing.vgpf'
			],
			"--reference: file 'missing.vgpf' not found"
		],
		[
			[
				'monitor',
				'--api',
				'http://127.0.0.1:9',
				'--token',
				't',
				'--model',
				'bike-demand',
				'--interval',
				'soon'
			],
			"--interval must be a number, got 'soon'"
		]
	])('%j → exit 2: %s', async (argv, message) => {
		const r = await run(argv);
		expect(r.code).toBe(2);
		const lines = r.err.split('\n').filter((l) => l.startsWith('vigil '));
		expect(lines).toHaveLength(1);
		expect(lines[0]).toContain(message);
	});

	it('sends nothing and spools nothing when the input is bad', () => {
		for (const s of ['a', 'b', 'c', 'd', 'e', 'f'])
			expect(existsSync(join(dir, s)) ? readdirSync(join(dir, s)) : []).toEqual([]);
	});

	it('lists every command in --help', async () => {
		const r = await run(['--help']);
		for (const c of ['drift', 'profile build', 'monitor', 'simulate'])
			expect(r.out).toContain(`vigil ${c} `);
		const h = await run(['simulate', '--help']);
		expect(h.code).toBe(0);
		expect(h.out).toContain('--drift VALUE (repeatable)');
	});
});
