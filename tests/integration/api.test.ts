import { tableFromArrays, tableToIPC } from 'apache-arrow';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Table as WasmTable, writeParquet } from 'parquet-wasm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDevServer } from '../../scripts/lib/dev-server.js';
import { base64, cardFor, fakeOnnx } from '../../workers/api/test/model-fixtures';
import { referenceProfileBytes } from '../../workers/api/test/drift-fixtures';
import { newId } from './fixtures';

const token = 'vigil_integration_api_token';
let server: Awaited<ReturnType<typeof startDevServer>>;
let dir: string;

beforeAll(async () => {
	dir = mkdtempSync(join(tmpdir(), 'vigil-int-api-'));
	server = await startDevServer({
		persistTo: dir,
		tokens: [{ name: 'int', token, scopes: ['ingest', 'read', 'admin'] }],
		vars: { PUBLIC_METRICS: 'true', CORS_ORIGINS: 'https://app.example' },
		testScheduled: true
	});
});

afterAll(async () => {
	await server?.stop();
	if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('the Worker under wrangler dev', () => {
	it('decodes Parquet uploads (parquet-wasm bundled by wrangler)', async () => {
		const ids = [newId(), newId()];
		const arrow = tableFromArrays({
			id: ids,
			model: ['pq-model', 'pq-model'],
			model_version: ['1', '1'],
			device: ['d1', 'd1'],
			ts: ['2026-11-22T08:00:00Z', '2026-11-22T08:00:01Z'],
			prediction: Float64Array.from([1, 2]),
			temperature: Float64Array.from([298, 299])
		});
		const bytes = writeParquet(WasmTable.fromIPCStream(tableToIPC(arrow, 'stream')));
		const res = await fetch(`${server.url}/api/v1/predictions`, {
			method: 'POST',
			headers: {
				authorization: `Bearer ${token}`,
				'content-type': 'application/vnd.apache.parquet',
				'idempotency-key': newId()
			},
			body: bytes as Uint8Array<ArrayBuffer>
		});
		expect(res.status).toBe(201);
		const body = (await res.json()) as { records: number; objects: { key: string }[] };
		expect(body.records).toBe(2);
		const stored = await fetch(`${server.url}/api/v1/${body.objects[0].key}`, {
			headers: { authorization: `Bearer ${token}` }
		});
		const lines = (await stored.text())
			.trim()
			.split('\n')
			.map((l) => JSON.parse(l));
		expect(lines.map((l) => l.id)).toEqual(ids);
		expect(lines[1].features).toEqual({ temperature: 299 });
	});

	it('serves /metrics without a token when PUBLIC_METRICS is true', async () => {
		const res = await fetch(`${server.url}/metrics`);
		expect(res.status).toBe(200);
		expect(await res.text()).toContain('vigil_build_info');
	});

	it('answers CORS preflights for the configured origins only', async () => {
		const preflight = (origin: string) =>
			fetch(`${server.url}/api/v1/predictions`, {
				method: 'OPTIONS',
				headers: {
					origin,
					'access-control-request-method': 'POST',
					'access-control-request-headers': 'authorization,content-type,idempotency-key'
				}
			});
		const allowed = await preflight('https://app.example');
		expect(allowed.status).toBe(204);
		expect(allowed.headers.get('access-control-allow-origin')).toBe('https://app.example');
		expect(allowed.headers.get('access-control-allow-headers')).toContain('idempotency-key');
		const other = await preflight('https://evil.example');
		expect(other.headers.get('access-control-allow-origin')).toBeNull();
	});

	it('runs the monitoring job on the cron trigger', async () => {
		const records = Array.from({ length: 200 }, (_, i) => ({
			id: newId(),
			model: 'cron-model',
			model_version: '1',
			device: 'd1',
			ts: new Date().toISOString(),
			features: { x: i },
			prediction: i
		}));
		const res = await fetch(`${server.url}/api/v1/predictions`, {
			method: 'POST',
			headers: {
				authorization: `Bearer ${token}`,
				'content-type': 'application/json',
				'idempotency-key': newId()
			},
			body: JSON.stringify(records)
		});
		expect(res.status).toBe(201);
		expect((await fetch(`${server.url}/__scheduled?cron=*/5+*+*+*+*`)).status).toBe(200);
		let runs: { model: string; last_outcome: string; last_message: string }[] = [];
		for (let i = 0; i < 40 && !runs.some((r) => r.model === 'cron-model'); i++) {
			await new Promise((r) => setTimeout(r, 250));
			runs = (
				(await (
					await fetch(`${server.url}/api/v1/monitoring/runs`, {
						headers: { authorization: `Bearer ${token}` }
					})
				).json()) as { runs: typeof runs }
			).runs;
		}
		// No reference profile is registered for cron-model, so the job says so and keeps the records pending.
		expect(runs.find((r) => r.model === 'cron-model')).toMatchObject({
			last_outcome: 'skipped',
			last_message: 'no reference profile registered for model cron-model'
		});
	});
	it('computes a drift report on the cron trigger for a model with a frozen profile', async () => {
		const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
		const onnx = fakeOnnx(42);
		const card = await cardFor('cron-drift', '1.0.0', onnx);
		const put = await fetch(`${server.url}/api/v1/models/cron-drift/1.0.0`, {
			method: 'PUT',
			headers,
			body: JSON.stringify({
				card,
				onnx_base64: base64(onnx),
				reference_profile_base64: base64(referenceProfileBytes())
			})
		});
		expect(put.status).toBe(201);
		const promote = await fetch(`${server.url}/api/v1/models/cron-drift/1.0.0/promote`, {
			method: 'POST',
			headers,
			body: '{"stage":"production"}'
		});
		expect(promote.status).toBe(200);
		const records = Array.from({ length: 200 }, (_, i) => ({
			id: newId(),
			model: 'cron-drift',
			model_version: '1.0.0',
			device: 'd1',
			ts: new Date().toISOString(),
			features: { temperature: 296 + (i % 10) / 2, ph: 6.2, phase: i % 2 ? 'fed' : 'batch' },
			prediction: 11 + (i % 5)
		}));
		const res = await fetch(`${server.url}/api/v1/predictions`, {
			method: 'POST',
			headers: { ...headers, 'idempotency-key': newId() },
			body: JSON.stringify(records)
		});
		expect(res.status).toBe(201);
		expect((await fetch(`${server.url}/__scheduled?cron=*/5+*+*+*+*`)).status).toBe(200);
		let latest: Response | undefined;
		for (let i = 0; i < 40; i++) {
			latest = await fetch(`${server.url}/api/v1/reports/latest?model=cron-drift`, { headers });
			if (latest.status === 200) break;
			await new Promise((r) => setTimeout(r, 250));
		}
		expect(latest!.status).toBe(200);
		const body = (await latest!.json()) as {
			report: { current: { rows: number }; columns: { name: string }[] };
		};
		expect(body.report.current.rows).toBe(200);
		expect(body.report.columns.map((c) => c.name).sort()).toEqual(['ph', 'phase', 'temperature']);
		const metrics = await (await fetch(`${server.url}/metrics`)).text();
		expect(metrics).toMatch(/vigil_monitoring_runs_total\{model="cron-drift",outcome="report"\} 1/);
		expect(metrics).toMatch(
			/vigil_feature_drift_score\{model="cron-drift",feature="temperature",method="[a-z_]+"\}/
		);
	});
});
