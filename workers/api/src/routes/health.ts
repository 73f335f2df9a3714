import { healthOf } from '../services/health';
import type { Route } from './route';

/** GET /api/health: the version and whether object storage answers. */
export const healthRoutes: Route[] = [
	{
		method: 'get',
		path: '/api/health',
		handler: async (c) => {
			const health = await healthOf(c.env);
			return c.json(health, health.status === 'ok' ? 200 : 503);
		},
		doc: {
			summary: 'Version and storage reachability',
			responses: { '200': { description: 'ok' }, '503': { description: 'degraded' } }
		}
	}
];
