import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDevServer } from '../../scripts/lib/dev-server.js';
import { promtoolCheckMetrics } from './tools';

const token = 'vigil_integration_metrics_token';
let server: Awaited<ReturnType<typeof startDevServer>>;
let state: string;

beforeAll(async () => {
	state = mkdtempSync(join(tmpdir(), 'vigil-int-'));
	server = await startDevServer({
		persistTo: state,
		tokens: [{ name: 'int', token, scopes: ['ingest', 'read', 'admin', 'metrics'] }]
	});
});

afterAll(async () => {
	await server?.stop();
	if (state) rmSync(state, { recursive: true, force: true });
});

describe('GET /metrics under wrangler dev', () => {
	it('is Prometheus text 0.0.4 that promtool accepts without warnings', async () => {
		const res = await fetch(`${server.url}/metrics`, {
			headers: { authorization: `Bearer ${token}` }
		});
		expect(res.status).toBe(200);
		expect(res.headers.get('content-type')).toContain('version=0.0.4');
		const text = await res.text();
		expect(text).toContain('vigil_build_info{');
		const { status, output } = promtoolCheckMetrics(text);
		expect(output).toBe('');
		expect(status).toBe(0);
	});
});
