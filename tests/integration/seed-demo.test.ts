import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDevServer } from '../../scripts/lib/dev-server.js';
import { seedDemo } from '../../scripts/seed-demo.js';
import { advancedReferenceSchema } from '../../src/lib/drift/advanced/reference';

// What `npm start` does after the Worker answers: the demo models land in the registry, each with
// a reference profile the Worker accepts (built from the card's own reference rows).
const token = 'vigil_integration_seed_token';
let server: Awaited<ReturnType<typeof startDevServer>>;
let state: string;

beforeAll(async () => {
	state = mkdtempSync(join(tmpdir(), 'vigil-seed-'));
	server = await startDevServer({
		persistTo: state,
		tokens: [{ name: 'seed', token, scopes: ['ingest', 'read', 'admin', 'metrics'] }]
	});
});

afterAll(async () => {
	await server?.stop();
	if (state) rmSync(state, { recursive: true, force: true });
});

describe('seedDemo', () => {
	it('registers every demo model with its reference profile, in production, idempotently', async () => {
		const lines: string[] = [];
		await seedDemo({ url: server.url, token, log: (l) => lines.push(l) });
		await seedDemo({ url: server.url, token, log: (l) => lines.push(l) });
		expect(lines.filter((l) => l.includes('✗'))).toEqual([]);
		const res = await fetch(`${server.url}/api/v1/models`, {
			headers: { authorization: `Bearer ${token}` }
		});
		expect(res.status).toBe(200);
		const body = (await res.json()) as {
			models: { name: string; version: string; stage: string; has_reference_profile: boolean }[];
		};
		const names = body.models.map((m) => m.name).sort();
		expect(names).toEqual(['adult-income', 'bike-demand', 'penicillin-soft-sensor']);
		for (const m of body.models) {
			expect(m.stage).toBe('production');
			expect(m.has_reference_profile).toBe(true);
			const advanced = await fetch(
				`${server.url}/api/v1/models/${m.name}/${m.version}/reference-advanced`,
				{ headers: { authorization: `Bearer ${token}` } }
			);
			expect(advanced.status).toBe(200);
			const reference = advancedReferenceSchema.parse(await advanced.json());
			expect(reference.pca?.columns.length).toBeGreaterThan(1);
			// CBPE only for the binary classifier, whose reference has labels.
			expect(reference.cbpe !== undefined).toBe(m.name === 'adult-income');
		}
	});

	it('leaves a promoted challenger in production when it runs again', async () => {
		const dir = 'static/models/bike-demand/1.0.0';
		const card = JSON.parse(readFileSync(`${dir}/card.json`, 'utf8'));
		const auth = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
		const put = await fetch(`${server.url}/api/v1/models/bike-demand/1.1.0`, {
			method: 'PUT',
			headers: auth,
			body: JSON.stringify({
				card: { ...card, version: '1.1.0' },
				onnx_base64: readFileSync(`${dir}/model.onnx`).toString('base64')
			})
		});
		expect(put.status).toBe(201);
		const promote = await fetch(`${server.url}/api/v1/models/bike-demand/1.1.0/promote`, {
			method: 'POST',
			headers: auth,
			body: JSON.stringify({ stage: 'production', force: true })
		});
		expect(promote.status).toBe(200);

		const lines: string[] = [];
		await seedDemo({ url: server.url, token, log: (l) => lines.push(l) });
		expect(lines.filter((l) => l.includes('✗'))).toEqual([]);
		expect(lines.join('\n')).toMatch(/bike-demand 1\.1\.0 stays in production/);
		const res = await fetch(`${server.url}/api/v1/models?name=bike-demand&stage=production`, {
			headers: auth
		});
		const { models } = (await res.json()) as { models: { version: string }[] };
		expect(models.map((m) => m.version)).toEqual(['1.1.0']);
	});
});
