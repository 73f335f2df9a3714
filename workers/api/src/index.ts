import { Hono } from 'hono';
import { cors } from 'hono/cors';
import { requireScope } from './auth';
import { ApiError } from './errors';
import { assertEnv, fleetOf, type AppEnv } from './env';
import { FleetAggregator } from './fleet/fleet-aggregator';
import { httpMetrics } from './http-metrics';
import { runMonitoringJob } from './monitoring/monitoring-job';
import { metricsRoute } from './prometheus/metrics-route';
import { datasets } from './routes/datasets';
import { fleetMetrics } from './routes/fleet-metrics';
import { health } from './routes/health';
import { labels } from './routes/labels';
import { evaluations, promotionGuard } from './labels/evaluations';
import { models } from './routes/models';
import { openapi } from './routes/openapi';
import { predictions } from './routes/predictions';
import { reports } from './routes/reports';

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

app.route('/api', health);
app.route('/api', openapi);
app.route('/api/v1', predictions);
app.route('/api/v1', datasets);
app.route('/api/v1', reports);
app.use('/api/v1/models/:name/:version/promote', promotionGuard());
app.route('/api/v1', evaluations);
app.route('/api/v1', models);
app.route('/api/v1', fleetMetrics);
app.route('/api/v1', labels);
app.get('/api/v1/monitoring/runs', requireScope('read'), async (c) => {
	const rows = await fleetOf(c.env).monitorCursors();
	return c.json({
		runs: rows.map((r) => ({ ...r, last_run_at: new Date(r.last_run_at).toISOString() }))
	});
});
app.route('/', metricsRoute);

app.all('/api/*', (c) => {
	throw new ApiError(
		404,
		'not_found',
		`No API route ${c.req.method} ${new URL(c.req.url).pathname.slice(0, 200).replace(/[<>"']/g, '')}`
	);
});

app.notFound((c) => {
	// Outside /api and /metrics the assets binding answers first; reaching here means a request the
	// Worker was asked to run for that has no route.
	return c.json(
		new ApiError(
			404,
			'not_found',
			`Nothing at ${new URL(c.req.url).pathname.slice(0, 200).replace(/[<>"']/g, '')}`
		).toJSON(),
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
		ctx.waitUntil(runMonitoringJob(env).then(() => undefined));
	}
} satisfies ExportedHandler<Env>;
