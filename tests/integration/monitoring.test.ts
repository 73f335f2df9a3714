import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, startDevServer } from '../../scripts/lib/dev-server.js';
import { buildProfile, buildReport, numericalColumn } from '../../src/lib/drift';
import { metricsSnapshot, newId, predictionRecord } from './fixtures';
import { startPrometheus } from './prometheus';
import { promtoolCheckMetrics } from './tools';

const token = 'vigil_integration_monitoring_token';
let server: Awaited<ReturnType<typeof startDevServer>>;
let prometheus: Awaited<ReturnType<typeof startPrometheus>>;
let dir: string;

const auth = { authorization: `Bearer ${token}` };

async function post(path: string, body: unknown, headers: Record<string, string> = {}) {
	const res = await fetch(`${server.url}${path}`, {
		method: 'POST',
		headers: { ...auth, 'content-type': 'application/json', ...headers },
		body: JSON.stringify(body)
	});
	if (res.status >= 300) throw new Error(`${path} answered ${res.status}: ${await res.text()}`);
	return res;
}

async function until<T>(
	what: string,
	fn: () => Promise<T | undefined>,
	timeoutMs = 60_000
): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const value = await fn();
		if (value !== undefined) return value;
		if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
		await sleep(500);
	}
}

beforeAll(async () => {
	dir = mkdtempSync(join(tmpdir(), 'vigil-int-mon-'));
	server = await startDevServer({
		persistTo: join(dir, 'state'),
		tokens: [{ name: 'int', token, scopes: ['ingest', 'read', 'admin', 'metrics'] }]
	});
	prometheus = await startPrometheus({ target: server.url.replace('http://', ''), token, dir });
});

afterAll(async () => {
	await prometheus?.stop();
	await server?.stop();
	if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('wrangler dev scraped by a real Prometheus', () => {
	it('exposes what devices pushed, and every dashboard query answers', async () => {
		const model = 'int-model';
		const records = Array.from({ length: 100 }, (_, i) =>
			predictionRecord(model, 'int-device-1', i)
		);
		const stored = await (
			await post('/api/v1/predictions', records, { 'idempotency-key': newId() })
		).json();
		expect(stored.records).toBe(100);
		await post('/api/v1/metrics/snapshots', metricsSnapshot(model, 'int-device-1', 4, 100));
		await post('/api/v1/metrics/snapshots', metricsSnapshot(model, 'int-device-2', 4, 50));
		const profile = buildProfile([numericalColumn('f0', [1, 2, 3, 4, 5, 6, 7, 8])], {
			name: 'ref',
			sha256: 'c'.repeat(64)
		});
		await post(
			'/api/v1/reports',
			buildReport({
				reference: profile,
				current: [numericalColumn('f0', [5, 6, 7, 8, 9, 10, 11, 12])],
				currentName: 'window',
				model: { name: model, version: '1.0.0' }
			})
		);

		const text = await (await fetch(`${server.url}/metrics`, { headers: auth })).text();
		const lint = promtoolCheckMetrics(text);
		expect(lint.output).toBe('');
		expect(lint.status).toBe(0);

		await until('Prometheus to scrape vigil', async () => {
			const up = await prometheus.query('up{job="vigil"}');
			return up[0]?.value[1] === '1' ? true : undefined;
		});
		// A second round of pushes, so rate() sees the counters move between scrapes.
		await sleep(2500);
		await post(
			'/api/v1/predictions',
			records.map((r, i) => ({ ...predictionRecord(model, 'int-device-1', i), ts: r.ts })),
			{ 'idempotency-key': newId() }
		);
		await post('/api/v1/metrics/snapshots', metricsSnapshot(model, 'int-device-1', 4, 100));
		await sleep(3000);

		const value = async (expr: string) => {
			const result = await until(expr, async () => {
				const r = await prometheus.query(expr);
				return r.length > 0 ? r : undefined;
			});
			return Number(result[0].value[1]);
		};
		expect(await value(`vigil_predictions_total{model="${model}",model_version="1.0.0"}`)).toBe(
			250
		);
		expect(await value(`vigil_prediction_records_stored_total{model="${model}"}`)).toBe(200);
		expect(await value(`vigil_inference_latency_seconds_count{model="${model}"}`)).toBe(250);
		expect(
			await value(`vigil_feature_drift_score{model="${model}",feature="f1",method="psi"}`)
		).toBeCloseTo(0.1);
		expect(await value(`vigil_dataset_drift_share{model="${model}"}`)).toBe(0.4);
		expect(await value(`vigil_model_rmse{model="${model}"}`)).toBe(3.2);
		expect(await value('vigil_devices_seen')).toBe(2);
		expect(await value(`vigil_reports_stored_total{model="${model}"}`)).toBe(1);
		expect(await value('vigil_build_info')).toBe(1);
		expect(
			await value(
				'sum(vigil_http_requests_total{route="/api/v1/predictions",method="POST",status="201"})'
			)
		).toBe(2);

		const dashboard = JSON.parse(
			readFileSync(join(ROOT, 'monitoring/grafana/dashboards/vigil.json'), 'utf8')
		) as {
			panels: { title: string; targets: { expr: string }[] }[];
		};
		for (const panel of dashboard.panels) {
			for (const target of panel.targets) {
				const expr = target.expr.replaceAll('$model', '.*');
				const result = await until(`${panel.title}: ${expr}`, async () => {
					const r = await prometheus.query(expr);
					return r.length > 0 ? r : undefined;
				});
				expect(result.length, `${panel.title}: ${expr}`).toBeGreaterThan(0);
			}
		}

		const rules = (await (await fetch(`${prometheus.url}/api/v1/rules`)).json()) as {
			data: { groups: { rules: { name: string }[] }[] };
		};
		expect(rules.data.groups.flatMap((g) => g.rules.map((r) => r.name)).sort()).toEqual([
			'VigilDatasetDrift',
			'VigilEstimatedPerformanceLow',
			'VigilMultivariateDrift',
			'VigilNoPredictions',
			'VigilNoReport',
			'VigilRetrainRecommended',
			'VigilRmseHigh',
			'VigilScrapeDown',
			'VigilStreamDrift'
		]);
	});
});
