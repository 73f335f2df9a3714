import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { vigilDashboard } from './dashboard';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

describe('Grafana dashboard', () => {
	it('is the type-checked dashboard.ts, written out unchanged', () => {
		const json = JSON.parse(readFileSync(here('./dashboards/vigil.json'), 'utf8'));
		expect(json).toEqual(JSON.parse(JSON.stringify(vigilDashboard)));
	});

	it('type-checks against @grafana/schema', () => {
		const result = spawnSync('npx', ['tsc', '-p', here('../tsconfig.json')], { encoding: 'utf8' });
		expect(`${result.stdout}`.trim()).toBe('');
		expect(result.status).toBe(0);
	}, 120_000);

	it('has the panels the operators need, every query on the provisioned data source', () => {
		const provisioned = readFileSync(here('./provisioning/datasources/prometheus.yml'), 'utf8');
		const uid = /uid:\s*(\S+)/.exec(provisioned)![1];
		const panels = vigilDashboard.panels ?? [];
		const titles = panels.map((p) => p.title);
		expect(titles).toEqual(
			expect.arrayContaining([
				'RMSE',
				'Drift share',
				'Per-feature drift score',
				'API request rate',
				'API latency (p99)',
				'Predictions per model'
			])
		);
		for (const panel of panels) {
			const targets =
				(panel as { targets?: { expr?: string; datasource?: { uid?: string } }[] }).targets ?? [];
			expect(targets.length, panel.title).toBeGreaterThan(0);
			for (const t of targets) {
				expect(t.expr).toMatch(/vigil_/);
				expect(t.datasource?.uid).toBe(uid);
			}
		}
		const ids = panels.map((p) => p.id);
		expect(new Set(ids).size).toBe(ids.length);
	});
});
