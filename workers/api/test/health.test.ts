import { env, exports } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';

describe('GET /api/health', () => {
	it('reports the version and reachable R2 storage', async () => {
		const res = await exports.default.fetch('http://vigil.test/api/health');
		expect(res.status).toBe(200);
		const body = await res.json<{
			status: string;
			version: string;
			storage: { reachable: boolean; backend: string };
		}>();
		expect(body.status).toBe('ok');
		expect(body.version).toBe(env.VIGIL_VERSION);
		expect(body.storage).toMatchObject({ backend: 'r2', reachable: true });
	});
});

describe('unknown API routes', () => {
	it('answer a JSON 404 envelope', async () => {
		const res = await exports.default.fetch('http://vigil.test/api/v1/nothing-here', {
			method: 'POST'
		});
		expect(res.status).toBe(404);
		expect(res.headers.get('content-type')).toMatch(/application\/json/);
		const body = await res.json<{ error: { code: string; message: string } }>();
		expect(body.error.code).toBe('not_found');
		expect(body.error.message).toContain('/api/v1/nothing-here');
	});
});
