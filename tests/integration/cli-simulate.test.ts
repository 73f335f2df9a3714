import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../cli/main';
import { freePort, startDevServer } from '../../scripts/lib/dev-server.js';
import type { PredictionList, PredictionRecord } from '../../src/lib/contracts/prediction';
import { reportSchema } from '../../src/lib/contracts/report';

const token = 'vigil_integration_cli_token';
let server: Awaited<ReturnType<typeof startDevServer>> | undefined;
let dir: string;
let port: number;
let api: string;

async function run(argv: string[]) {
	let out = '';
	let err = '';
	const code = await main(argv, { stdout: (t) => (out += t), stderr: (t) => (err += t) });
	return { code, out, err };
}

async function get<T>(path: string): Promise<T> {
	const res = await fetch(`${api}${path}`, { headers: { authorization: `Bearer ${token}` } });
	expect(res.status, path).toBe(200);
	return (path.includes('/predictions/') ? await res.text() : await res.json()) as T;
}

/** Every record stored for a model, read back object by object. */
async function storedRecords(model: string): Promise<PredictionRecord[]> {
	const list = await get<PredictionList>(`/api/v1/predictions?model=${model}&limit=1000`);
	const out: PredictionRecord[] = [];
	for (const o of list.objects) {
		const text = await get<string>(`/api/v1/${o.key}`);
		out.push(
			...text
				.trim()
				.split('\n')
				.map((l) => JSON.parse(l) as PredictionRecord)
		);
	}
	return out;
}

beforeAll(async () => {
	dir = mkdtempSync(join(tmpdir(), 'vigil-int-cli-'));
	port = await freePort();
	api = `http://127.0.0.1:${port}`;
});

afterAll(async () => {
	await server?.stop();
	if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('vigil simulate and vigil monitor against wrangler dev', () => {
	const spool = () => join(dir, 'spool');
	const backup = () => join(dir, 'spool-copy');

	it('spools while the API is down, resends when it is up, and stores every record once', async () => {
		// The API is not there yet: the first batches can only go to the spool.
		const simulation = run([
			'simulate',
			'--api',
			api,
			'--token',
			token,
			'--model',
			'bike-demand',
			'--rate',
			'40',
			'--duration',
			'6',
			'--drift',
			'at=3,column=temp,kind=shift,amount=3',
			'--spool',
			spool(),
			'--drain-timeout',
			'150',
			'--format',
			'json'
		]);
		const count = () => (existsSync(spool()) ? readdirSync(spool()).length : 0);
		for (let i = 0; i < 300 && count() < 2; i++) await sleep(200);
		const spooled = readdirSync(spool());
		expect(spooled.length).toBeGreaterThanOrEqual(2);
		// Keep copies of batches that were never acknowledged, to send them a second time later.
		mkdirSync(backup());
		for (const f of spooled) cpSync(join(spool(), f), join(backup(), f));

		server = await startDevServer({
			port,
			persistTo: join(dir, 'state'),
			tokens: [{ name: 'cli', token, scopes: ['ingest', 'read', 'admin'] }]
		});
		const result = await simulation;
		expect(result.err).not.toMatch(/^vigil simulate:/m);
		expect(result.code).toBe(0);
		const summary = JSON.parse(result.out);
		expect(summary.records).toBe(240);
		expect(summary.sent_records).toBe(240);
		// at=3 s at 40 records/s: record 120 is the first shifted one.
		expect(summary.injections).toEqual([
			expect.objectContaining({ column: 'temp', kind: 'shift', amount: 3, first_record: 120 })
		]);
		expect(readdirSync(spool())).toEqual([]);

		const records = await storedRecords('bike-demand');
		expect(records).toHaveLength(240);
		expect(new Set(records.map((r) => r.id)).size).toBe(240);
		expect(
			records.every((r) => r.model_version === '1.0.0' && typeof r.prediction === 'number')
		).toBe(true);
		// The shifted records carry the drifted value (the replayed rows' temp is within [0, 1]).
		const byTs = [...records].sort((a, b) => a.ts.localeCompare(b.ts));
		expect(byTs.slice(0, 120).every((r) => (r.features.temp as number) <= 1)).toBe(true);
		expect(byTs.slice(120).every((r) => (r.features.temp as number) > 0.3)).toBe(true);
	});

	it('a resend of batches already stored is acknowledged and stores nothing twice', async () => {
		for (const f of readdirSync(backup())) cpSync(join(backup(), f), join(spool(), f));
		const n = readdirSync(backup()).length;
		const r = await run([
			'simulate',
			'--api',
			api,
			'--token',
			token,
			'--model',
			'bike-demand',
			'--spool',
			spool(),
			'--resend'
		]);
		expect(r.code).toBe(0);
		expect(r.out).toContain(`resent ${n} batches`);
		expect(r.out).toContain(`${n} already stored`);
		expect(await storedRecords('bike-demand')).toHaveLength(240);
	});

	it('monitor --once reports drift on the shifted column and posts the report back', async () => {
		const state = join(dir, 'monitor.json');
		const args = [
			'monitor',
			'--api',
			api,
			'--token',
			token,
			'--model',
			'bike-demand',
			'--once',
			'--min-samples',
			'200',
			'--state',
			state
		];
		const r = await run([...args, '--format', 'json']);
		expect(r.err).not.toMatch(/^vigil monitor:/m);
		const line = JSON.parse(r.out);
		expect(line.status).toBe('report');
		expect(line.records).toBe(240);
		const stored = reportSchema.parse(await get(`/api/v1/reports/${line.id}`));
		expect(stored.model).toEqual({ name: 'bike-demand', version: '1.0.0' });
		expect(stored.columns.find((c) => c.name === 'temp')).toMatchObject({
			status: 'tested',
			drifted: true
		});
		expect(stored.prediction_drift?.status).toBe('tested');
		expect(stored.performance?.task).toBe('regression');
		expect(r.code).toBe(stored.dataset.drifted ? 1 : 0);

		const again = await run(args);
		expect(again.code).toBe(0);
		expect(again.out).toBe('waiting: 0 new records, 200 needed for a report\n');
	});

	it('a refusing API (bad token) is a one-line error with exit code 2', async () => {
		const sim = await run([
			'simulate',
			'--api',
			api,
			'--token',
			'wrong',
			'--model',
			'bike-demand',
			'--duration',
			'1',
			'--spool',
			join(dir, 'spool-bad')
		]);
		expect(sim.code).toBe(2);
		expect(sim.err).toMatch(/^vigil simulate: API refused POST \/api\/v1\/predictions: 401/m);
		const mon = await run([
			'monitor',
			'--api',
			api,
			'--token',
			'wrong',
			'--model',
			'bike-demand',
			'--once',
			'--state',
			join(dir, 'm2.json')
		]);
		expect(mon.code).toBe(2);
		expect(mon.err).toMatch(/^vigil monitor: API refused GET \/api\/v1\/predictions: 401/m);
	});

	it('an unreachable API with nothing to wait for ends with exit code 2 and keeps the batches', async () => {
		const closed = `http://127.0.0.1:${await freePort()}`;
		const r = await run([
			'simulate',
			'--api',
			closed,
			'--token',
			token,
			'--model',
			'bike-demand',
			'--rate',
			'20',
			'--duration',
			'1',
			'--spool',
			join(dir, 'spool-down'),
			'--drain-timeout',
			'1'
		]);
		expect(r.code).toBe(2);
		expect(r.err).toMatch(/is unreachable .*1 unsent batch kept in/);
		expect(readdirSync(join(dir, 'spool-down'))).toHaveLength(1);
	});
});
