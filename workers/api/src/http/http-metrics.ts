import type { MiddlewareHandler } from 'hono';
import { matchedRoutes } from 'hono/route';
import { fleetOf, type AppEnv } from '../env';

/**
 * Counts every API request in the fleet object by method, route pattern (Hono's registered path,
 * never the raw URL, so label cardinality stays bounded) and status, with its duration. Recorded
 * after the response, off the request's critical path.
 *
 * @example
 * app.use('/api/*', httpMetrics());
 */
export function httpMetrics(): MiddlewareHandler<AppEnv> {
	return async (c, next) => {
		const started = performance.now();
		await next();
		const seconds = (performance.now() - started) / 1000;
		const route = matchedRoutes(c)[c.req.routeIndex]?.path;
		// Requests that matched no route share one label value instead of carrying their URL.
		const pattern = !route || route === '*' || route.endsWith('/*') ? 'unmatched' : route;
		const method = ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'OPTIONS', 'PATCH'].includes(
			c.req.method
		)
			? c.req.method
			: 'OTHER';
		const record = fleetOf(c.env)
			.recordRequest(method, pattern, c.res.status, seconds)
			.catch(() => undefined);
		try {
			c.executionCtx.waitUntil(record);
		} catch {
			await record;
		}
	};
}
