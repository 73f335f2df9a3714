import { Hono } from 'hono';
import type { AppEnv } from '../env';

/** GET /api/health: the version and whether object storage answers. */
export const health = new Hono<AppEnv>().get('/health', async (c) => {
	const started = Date.now();
	let storage: { backend: string; reachable: boolean; latency_seconds?: number; error?: string };
	try {
		await c.env.STORE.head('__vigil_health_probe__');
		storage = {
			backend: c.env.STORAGE_BACKEND,
			reachable: true,
			latency_seconds: (Date.now() - started) / 1000
		};
	} catch (err) {
		storage = {
			backend: c.env.STORAGE_BACKEND,
			reachable: false,
			error: err instanceof Error ? err.message : 'unknown error'
		};
	}
	return c.json(
		{ status: storage.reachable ? 'ok' : 'degraded', version: c.env.VIGIL_VERSION, storage },
		storage.reachable ? 200 : 503
	);
});
