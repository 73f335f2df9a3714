import type { MiddlewareHandler } from 'hono';
import { matchedRoutes } from 'hono/route';
import { metricsShardOf, METRICS_SHARDS, type AppEnv } from '../env';
import { HTTP_DURATION_BUCKETS, type RequestTally } from '../fleet/metrics-shard';

/** An isolate flushes its tallies at most this often, or sooner once this many requests wait. */
const FLUSH_EVERY_MS = 5_000;
const FLUSH_AFTER_REQUESTS = 500;

const tallies = new Map<string, RequestTally>();
let pending = 0;
let lastFlush = Date.now();

function tally(method: string, route: string, status: number, seconds: number): void {
	const id = `${method} ${route} ${status}`;
	let t = tallies.get(id);
	if (!t) {
		t = {
			method,
			route,
			status,
			count: 0,
			buckets: new Array<number>(HTTP_DURATION_BUCKETS.length + 1).fill(0),
			sum_seconds: 0
		};
		tallies.set(id, t);
	}
	const index = HTTP_DURATION_BUCKETS.findIndex((b) => seconds <= b);
	t.buckets[index === -1 ? HTTP_DURATION_BUCKETS.length : index]++;
	t.count++;
	t.sum_seconds += seconds;
	pending++;
}

/**
 * Sends this isolate's request tallies to a metrics shard picked at random, and forgets them; if
 * the shard cannot be reached they are kept for the next flush, so a count is never lost to a
 * failed call (only to the isolate's end).
 *
 * @example
 * await flushRequestMetrics(env);
 */
export async function flushRequestMetrics(env: Env): Promise<void> {
	if (tallies.size === 0) return;
	const batch = [...tallies.values()];
	tallies.clear();
	pending = 0;
	lastFlush = Date.now();
	try {
		await metricsShardOf(env, Math.floor(Math.random() * METRICS_SHARDS)).add(batch);
	} catch {
		for (const t of batch) {
			const id = `${t.method} ${t.route} ${t.status}`;
			const kept = tallies.get(id);
			if (!kept) tallies.set(id, t);
			else {
				kept.count += t.count;
				kept.sum_seconds += t.sum_seconds;
				t.buckets.forEach((c, i) => (kept.buckets[i] += c));
			}
			pending += t.count;
		}
	}
}

/**
 * Counts every API request by method, route pattern (Hono's registered path, never the raw URL, so
 * label cardinality stays bounded) and status, with its duration. The counts add up in the
 * isolate's memory and reach a metrics shard every few seconds, after the response: no Durable
 * Object call on a request's path.
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
		tally(method, pattern, c.res.status, seconds);
		if (pending < FLUSH_AFTER_REQUESTS && Date.now() - lastFlush < FLUSH_EVERY_MS) return;
		const flush = flushRequestMetrics(c.env);
		try {
			c.executionCtx.waitUntil(flush);
		} catch {
			await flush;
		}
	};
}
