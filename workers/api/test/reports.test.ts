import { describe, expect, it } from 'vitest';
import { REPORT_HTML_CSP } from '../src/routes/reports';
import type { Report } from '../../../src/lib/contracts/report';
import { makeReport } from './drift-fixtures';
import { call, newId, postJson, type ErrorBody } from './helpers';

function report(overrides: Record<string, unknown> = {}): Report {
	if (typeof overrides.model === 'string') {
		const { model, ...rest } = overrides;
		return { ...makeReport(model as string), ...rest } as Report;
	}
	return { ...makeReport('report-model'), ...overrides } as Report;
}

describe('reports', () => {
	it('stores a report with its HTML page, serves both, the page under a CSP without scripts', async () => {
		const r = report();
		const form = new FormData();
		form.set('report', JSON.stringify(r));
		form.set('html', '<!doctype html><h1>Drift</h1><script>alert(1)</script>');
		const res = await call('/api/v1/reports', { method: 'POST', token: 'ingest', body: form });
		expect(res.status).toBe(201);
		const json = await call(`/api/v1/reports/${r.id}`, { token: 'read' });
		expect(await json.json()).toEqual(r);
		const html = await call(`/api/v1/reports/${r.id}`, {
			token: 'read',
			headers: { accept: 'text/html' }
		});
		expect(html.status).toBe(200);
		expect(html.headers.get('content-type')).toContain('text/html');
		const csp = html.headers.get('content-security-policy')!;
		expect(csp).toBe(REPORT_HTML_CSP);
		expect(csp).toContain("script-src 'none'");
		expect(csp).toContain("default-src 'none'");
		expect(await html.text()).toContain('<h1>Drift</h1>');
		expect((await call(`/api/v1/reports/${r.id}.html`, { token: 'read' })).status).toBe(200);
	});

	it('stores the same report once and refuses a different one with the same id', async () => {
		const r = report();
		expect((await postJson('/api/v1/reports', r, 'ingest')).status).toBe(201);
		const again = await postJson('/api/v1/reports', r, 'ingest');
		expect(again.status).toBe(200);
		expect((await again.json<{ duplicate: boolean }>()).duplicate).toBe(true);
		const other = await postJson(
			'/api/v1/reports',
			{ ...r, dataset: { ...r.dataset, drifted: true, drift_share: 0.9 } },
			'ingest'
		);
		expect(other.status).toBe(409);
		const list = await (
			await call('/api/v1/reports?model=report-model&limit=500', { token: 'read' })
		).json<{ reports: { id: string }[] }>();
		expect(list.reports.filter((x) => x.id === r.id)).toHaveLength(1);
	});

	it('lists by model, time and verdict, newest first, in pages', async () => {
		const model = 'paged-model';
		const ids: string[] = [];
		for (let i = 0; i < 5; i++) {
			const base = report({ model });
			const r = {
				...base,
				created_at: `2026-11-0${i + 1}T00:00:00.000Z`,
				dataset: { ...base.dataset, drifted: i % 2 === 0, drift_share: i / 10 }
			};
			ids.push(r.id);
			expect((await postJson('/api/v1/reports', r, 'ingest')).status).toBe(201);
		}
		const first = await (
			await call(`/api/v1/reports?model=${model}&limit=2`, { token: 'read' })
		).json<{ reports: { id: string }[]; cursor?: string }>();
		expect(first.reports.map((r) => r.id)).toEqual([ids[4], ids[3]]);
		const second = await (
			await call(`/api/v1/reports?model=${model}&limit=2&cursor=${first.cursor}`, { token: 'read' })
		).json<{ reports: { id: string }[]; cursor?: string }>();
		expect(second.reports.map((r) => r.id)).toEqual([ids[2], ids[1]]);
		const third = await (
			await call(`/api/v1/reports?model=${model}&limit=2&cursor=${second.cursor}`, {
				token: 'read'
			})
		).json<{ reports: { id: string }[]; cursor?: string }>();
		expect(third.reports.map((r) => r.id)).toEqual([ids[0]]);
		expect(third.cursor).toBeUndefined();
		const drifted = await (
			await call(`/api/v1/reports?model=${model}&drifted=true`, { token: 'read' })
		).json<{ reports: { id: string }[] }>();
		expect(drifted.reports.map((r) => r.id)).toEqual([ids[4], ids[2], ids[0]]);
		const window = await (
			await call(`/api/v1/reports?model=${model}&from=2026-11-02&to=2026-11-04`, { token: 'read' })
		).json<{ reports: { id: string }[] }>();
		expect(window.reports.map((r) => r.id)).toEqual([ids[2], ids[1]]);
		const latest = await (
			await call(`/api/v1/reports/latest?model=${model}`, { token: 'read' })
		).json<{ id: string; report: { id: string } }>();
		expect(latest.id).toBe(ids[4]);
		expect(latest.report.id).toBe(ids[4]);
	});

	it('feeds GET /api/v1/monitoring/latest without recomputing', async () => {
		const base = report({ model: 'latest-model' });
		const r: Report = {
			...base,
			performance: { task: 'regression', rows: 200, rmse: 1.5, mae: 1.1, mape: null, r2: null }
		};
		expect((await postJson('/api/v1/reports', r, 'ingest')).status).toBe(201);
		const res = await call('/api/v1/monitoring/latest?model=latest-model', { token: 'read' });
		expect(res.status).toBe(200);
		const body = await res.json<Record<string, unknown>>();
		expect(body).toMatchObject({
			model: 'latest-model',
			drift_share: r.dataset.drift_share,
			drifted: r.dataset.drifted,
			performance: { rmse: 1.5, mae: 1.1, accuracy: null, f1: null },
			report: { id: r.id, url: `/api/v1/reports/${r.id}` }
		});
		// One score per tested column: the distance, or the test statistic of p-value methods.
		const expected = r.columns
			.filter((c) => c.status === 'tested')
			.map((c) => ({
				feature: c.name,
				method: c.method,
				score: c.kind === 'distance' ? (c.distance ?? c.value) : c.statistic
			}))
			.sort((a, b) => (a.feature < b.feature ? -1 : 1));
		expect(expected.length).toBe(3);
		expect(body.features).toEqual(expected);
		expect(
			(await call('/api/v1/monitoring/latest?model=never-seen', { token: 'read' })).status
		).toBe(404);
	});

	it.each([
		['an id with a traversal', { id: '../../etc/passwd' }],
		['an id with HTML', { id: '<img src=x onerror=alert(1)>' }],
		['a wrong schema', { schema: 'vigil.report/2' }],
		['a drift share above 1', { dataset: { ...makeReport('x').dataset, drift_share: 2 } }],
		['a missing verdict', { dataset: { drift_share: 0.2 } }],
		['a model name with a traversal', { model: { name: '../../x', version: '1' } }],
		['no model', { model: undefined }]
	])('refuses %s with 422', async (_what, overrides) => {
		const res = await postJson('/api/v1/reports', report(overrides), 'ingest');
		expect(res.status).toBe(422);
		const text = await res.text();
		expect(text).not.toContain('<img');
		expect(JSON.parse(text).error.code).toBe('unprocessable');
	});

	it('refuses traversal and markup in ids it is asked to serve', async () => {
		for (const id of ['..%2F..%2Fmodels', '%3Cscript%3E', 'a..b']) {
			const res = await call(`/api/v1/reports/${id}`, { token: 'read' });
			expect(res.status).toBe(400);
			expect((await res.text()).toLowerCase()).not.toContain('<script');
		}
		expect((await call(`/api/v1/reports/${newId()}`, { token: 'read' })).status).toBe(404);
	});

	it('refuses bad query parameters', async () => {
		for (const q of [
			'drifted=maybe',
			'limit=0',
			'limit=abc',
			'from=yesterday',
			'cursor=%%%',
			'model=%3Cb%3E'
		]) {
			const res = await call(`/api/v1/reports?${q}`, { token: 'read' });
			expect(res.status, q).toBe(400);
			expect((await res.json<ErrorBody>()).error.code).toBe('bad_request');
		}
	});
});
