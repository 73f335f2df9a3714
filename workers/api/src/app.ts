import { Hono } from 'hono';
import { cors } from 'hono/cors';
import { ApiError, onError } from './errors';
import { assertEnv, type AppEnv } from './env';
import { httpMetrics } from './http/http-metrics';
import { apiRoutes } from './routes';
import { mountRoutes } from './routes/route';

/** A request path safe to echo in a message: bounded, without markup characters. */
const echoPath = (url: string) => new URL(url).pathname.slice(0, 200).replace(/[<>"']/g, '');

/**
 * The Vigil API: the route table under /api, plus GET /metrics for Prometheus. Static assets (the
 * built app) are served by the Workers assets binding before this app is reached.
 *
 * @example
 * const response = await buildApp().request('/api/health', {}, env);
 */
export function buildApp(): Hono<AppEnv> {
	const app = new Hono<AppEnv>();
	app.use('*', async (c, next) => {
		assertEnv(c.env);
		await next();
	});
	app.use('/api/*', httpMetrics());
	app.use('/metrics', httpMetrics());
	app.use('/api/*', (c, next) => {
		const allowed = (c.env.CORS_ORIGINS ?? '')
			.split(',')
			.map((o) => o.trim())
			.filter(Boolean);
		if (allowed.length === 0) return next();
		return cors({
			origin: (origin) => (allowed.includes('*') || allowed.includes(origin) ? origin : null),
			allowMethods: ['GET', 'HEAD', 'POST', 'PUT', 'OPTIONS'],
			allowHeaders: ['authorization', 'content-type', 'idempotency-key', 'range'],
			exposeHeaders: [
				'content-range',
				'accept-ranges',
				'content-length',
				'etag',
				'retry-after',
				'x-vigil-sha256'
			],
			maxAge: 600
		})(c, next);
	});
	mountRoutes(app, apiRoutes);
	app.all('/api/*', (c) => {
		throw new ApiError(404, 'not_found', `No API route ${c.req.method} ${echoPath(c.req.url)}`);
	});
	// Outside /api and /metrics the assets binding answers first; reaching here means a request the
	// Worker was asked to run for that has no route.
	app.notFound((c) =>
		c.json(new ApiError(404, 'not_found', `Nothing at ${echoPath(c.req.url)}`).toJSON(), 404)
	);
	app.onError(onError);
	return app;
}
