import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monotonicFactory } from 'ulid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PredictionRecord } from '../../src/lib/contracts/prediction';
import { reportSchema, type Report } from '../../src/lib/contracts/report';
import { main } from '../main.ts';

const HOUR = 'data/bike-sharing/hour.csv';
const CARD = 'static/models/bike-demand/1.0.0/card.json';
const nextId = monotonicFactory();

async function run(argv: string[]) {
	let out = '';
	let err = '';
	const code = await main(argv, { stdout: (t) => (out += t), stderr: (t) => (err += t) });
	return { code, out, err };
}

let dir: string;
let server: Server;
let api: string;
let rows: Record<string, string>[];
/** Stored objects by key, what the listing shows, and the reports received. */
const objects = new Map<string, PredictionRecord[]>();
const reports: { report: Report; html: string | null }[] = [];
let listings = 0;
let failNextListing = false;

function object(from: number, n: number): void {
	const key = `predictions/model=bike-demand/date=2011-01-01/device=d1/${nextId()}.ndjson`;
	const records = rows.slice(from, from + n).map((r): PredictionRecord => ({
		id: nextId(),
		model: 'bike-demand',
		model_version: '1.0.0',
		device: 'd1',
		ts: new Date(Date.UTC(2011, 0, 1) + (from + rows.indexOf(r) - from) * 3_600_000).toISOString(),
		features: Object.fromEntries(
			[
				'hr',
				'holiday',
				'weekday',
				'workingday',
				'weathersit',
				'temp',
				'atemp',
				'hum',
				'windspeed'
			].map((k) => [k, Number(r[k])])
		),
		prediction: Number(r.cnt) * 0.9,
		label: Number(r.cnt)
	}));
	objects.set(key, records);
}

beforeAll(async () => {
	dir = mkdtempSync(join(tmpdir(), 'vigil-monitor-'));
	const lines = readFileSync(HOUR, 'utf8').trimEnd().split(/\r?\n/);
	const header = lines[0].split(',');
	rows = lines
		.slice(1, 1001)
		.map((l) => Object.fromEntries(l.split(',').map((v, i) => [header[i], v])));
	writeFileSync(join(dir, 'ref.csv'), lines.slice(0, 501).join('\n') + '\n');
	// A loopback stand-in for the Worker's predictions and reports routes.
	server = createServer(async (req, res) => {
		const chunks: Buffer[] = [];
		for await (const c of req) chunks.push(c as Buffer);
		const url = new URL(req.url!, 'http://x');
		const send = (status: number, body: unknown, type = 'application/json') => {
			res.writeHead(status, { 'content-type': type });
			res.end(typeof body === 'string' ? body : JSON.stringify(body));
		};
		if (req.headers.authorization !== 'Bearer good')
			return send(401, { error: { code: 'unauthorized', message: 'bad token' } });
		if (req.method === 'GET' && url.pathname === '/api/v1/predictions') {
			listings++;
			if (failNextListing) {
				failNextListing = false;
				return send(503, { error: { code: 'storage_unavailable', message: 'try later' } });
			}
			return send(200, {
				objects: [...objects].map(([key, recs]) => ({
					key,
					model: 'bike-demand',
					date: '2011-01-01',
					device: 'd1',
					records: recs.length,
					size: 1
				}))
			});
		}
		if (req.method === 'GET' && url.pathname.startsWith('/api/v1/predictions/')) {
			const recs = objects.get(decodeURIComponent(url.pathname.slice('/api/v1/'.length)));
			if (!recs) return send(404, { error: { code: 'not_found', message: 'no such object' } });
			return send(
				200,
				recs.map((r) => JSON.stringify(r)).join('\n') + '\n',
				'application/x-ndjson'
			);
		}
		if (req.method === 'POST' && url.pathname === '/api/v1/reports') {
			const form = await new Response(Buffer.concat(chunks), {
				headers: { 'content-type': req.headers['content-type']! }
			}).formData();
			const report = reportSchema.parse(JSON.parse(await (form.get('report') as Blob).text()));
			const html = form.get('html');
			reports.push({ report, html: html ? await (html as Blob).text() : null });
			return send(201, { id: report.id, url: `/api/v1/reports/${report.id}`, duplicate: false });
		}
		send(404, { error: { code: 'not_found', message: 'no route' } });
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	api = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
	const built = await run([
		'profile',
		'build',
		'--reference',
		join(dir, 'ref.csv'),
		'--out',
		join(dir, 'ref.vgpf'),
		'--model',
		CARD
	]);
	expect(built.code).toBe(0);
}, 120_000);

afterAll(async () => {
	await new Promise<void>((resolve) => server.close(() => resolve()));
	rmSync(dir, { recursive: true, force: true });
});

describe('vigil monitor', () => {
	it('loops: retries after a 503, waits for min-samples, then posts one report over the new records', async () => {
		object(0, 150);
		failNextListing = true;
		const state = join(dir, 'state.json');
		const args = [
			'monitor',
			'--api',
			api,
			'--token',
			'good',
			'--model',
			'bike-demand',
			'--reference',
			join(dir, 'ref.vgpf'),
			'--min-samples',
			'200',
			'--interval',
			'0.2',
			'--state',
			state
		];
		// A second object arrives after the second listing.
		const arrival = setInterval(() => {
			if (listings >= 2 && objects.size === 1) object(150, 150);
		}, 20);
		const r = await run([...args, '--iterations', '3']);
		clearInterval(arrival);
		expect(r.code).toBe(0);
		expect(r.err).toContain('503 storage_unavailable: try later; retrying in 0.2 s');
		const out = r.out.trim().split('\n');
		expect(out[0]).toBe('waiting: 150 new records, 200 needed for a report');
		expect(out[1]).toMatch(
			/^report [0-9A-Z]{26}: (DRIFT|no drift) \(share [\d.]+\) over 300 records/
		);
		expect(reports).toHaveLength(1);
		const { report, html } = reports[0];
		expect(report.model).toEqual({ name: 'bike-demand', version: '1.0.0' });
		expect(report.current.rows).toBe(300);
		expect(report.columns.map((c) => c.name).sort()).toEqual([
			'atemp',
			'holiday',
			'hr',
			'hum',
			'temp',
			'weathersit',
			'weekday',
			'windspeed',
			'workingday'
		]);
		expect(report.prediction_drift).toMatchObject({ status: 'tested' });
		// Predictions are 0.9 × the label: MAE is 0.1 × the mean label.
		const meanLabel = rows.slice(0, 300).reduce((a, r) => a + Number(r.cnt), 0) / 300;
		expect(report.performance?.task === 'regression' && report.performance.mae).toBeCloseTo(
			0.1 * meanLabel,
			6
		);
		expect(html).toMatch(/^<!doctype html>/i);
		expect(JSON.parse(readFileSync(state, 'utf8')).processed).toHaveLength(2);

		const again = await run([...args, '--once', '--format', 'json']);
		expect(again.code).toBe(0);
		expect(JSON.parse(again.out)).toMatchObject({ status: 'waiting', new_records: 0 });
	});

	it('--once with a refusing or unreachable API: exit 2, one line', async () => {
		const base = [
			'monitor',
			'--model',
			'bike-demand',
			'--reference',
			join(dir, 'ref.vgpf'),
			'--once',
			'--state',
			join(dir, 's2.json')
		];
		const refused = await run([...base, '--api', api, '--token', 'bad']);
		expect(refused.code).toBe(2);
		expect(refused.err).toMatch(
			/^vigil monitor: API refused GET \/api\/v1\/predictions: 401 unauthorized: bad token$/m
		);
		const down = await run([...base, '--api', 'http://127.0.0.1:9', '--token', 'good']);
		expect(down.code).toBe(2);
		expect(down.err).toMatch(/^vigil monitor: API http:\/\/127\.0\.0\.1:9 is unreachable/m);
	});
});
