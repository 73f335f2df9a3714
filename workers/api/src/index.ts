import { Hono } from 'hono';
import { ApiError } from './errors';
import { assertEnv, type AppEnv } from './env';
import { health } from './routes/health';
import { FleetAggregator } from './fleet/fleet-aggregator';
import { metricsRoute } from './prometheus/metrics-route';

export { FleetAggregator };

/**
 * The Vigil API: every route under /api, plus GET /metrics for Prometheus. Static assets (the built
 * app) are served by the Workers assets binding before this app is reached.
 */
export const app = new Hono<AppEnv>();

app.use('*', async (c, next) => {
	assertEnv(c.env);
	await next();
});

app.route('/api', health);
app.route('/', metricsRoute);

app.all('/api/*', (c) => {
	throw new ApiError(
		404,
		'not_found',
		`No API route ${c.req.method} ${new URL(c.req.url).pathname}`
	);
});

app.notFound((c) => {
	// Outside /api and /metrics the assets binding answers first; reaching here means a request the
	// Worker was asked to run for that has no route.
	return c.json(
		new ApiError(404, 'not_found', `Nothing at ${new URL(c.req.url).pathname}`).toJSON(),
		404
	);
});

app.onError((err, c) => {
	if (err instanceof ApiError) return c.json(err.toJSON(), err.status);
	// Never echo internals (or a token that may sit in a message) to the client.
	console.error('unhandled error', err instanceof Error ? err.name : typeof err);
	return c.json(new ApiError(500, 'internal', 'Internal error').toJSON(), 500);
});

export default {
	fetch: app.fetch,
	async scheduled(_controller, env, ctx) {
		assertEnv(env);
		// The monitoring job is registered by the monitoring module; see workers/api/src/monitoring.
		ctx.waitUntil(Promise.resolve());
	}
} satisfies ExportedHandler<Env>;
