import { storeFromEnv } from '../store';

/** What GET /api/health says about the deployment. */
export interface Health {
	status: 'ok' | 'degraded';
	version: string;
	storage: { backend: string; reachable: boolean; latency_seconds?: number; error?: string };
}

/**
 * The version and whether the configured object store answers a `head` of a probe key (a
 * misconfigured store is reported, not thrown: health is what an operator asks when things fail).
 *
 * @example
 * const health = await healthOf(env); // { status: 'ok', version: '0.1.0', storage: { … } }
 */
export async function healthOf(env: Env): Promise<Health> {
	const started = Date.now();
	let storage: Health['storage'];
	try {
		await storeFromEnv(env).head('__vigil_health_probe__');
		storage = {
			backend: env.STORAGE_BACKEND,
			reachable: true,
			latency_seconds: (Date.now() - started) / 1000
		};
	} catch (err) {
		storage = {
			backend: env.STORAGE_BACKEND,
			reachable: false,
			error: err instanceof Error ? err.message : 'unknown error'
		};
	}
	return { status: storage.reachable ? 'ok' : 'degraded', version: env.VIGIL_VERSION, storage };
}
