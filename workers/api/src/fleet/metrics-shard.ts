import { DurableObject } from 'cloudflare:workers';
import type { CounterRow, HistogramRow } from './fleet-aggregator';

/** Upper bounds (seconds) of the API's own request-duration histogram. */
export const HTTP_DURATION_BUCKETS = [
	0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10
] as const;

/** Requests counted in an isolate since its last flush, by method, route pattern and status. */
export interface RequestTally {
	method: string;
	route: string;
	status: number;
	count: number;
	/** Non-cumulative counts per HTTP_DURATION_BUCKETS bucket, the last one +Inf. */
	buckets: number[];
	sum_seconds: number;
}

/**
 * One shard of the API's own request metrics. Isolates add up their requests in memory and flush
 * the tallies to a shard picked at random every few seconds, so no object sits on every request
 * and none sees the whole fleet's traffic; GET /metrics sums the shards.
 */
export class MetricsShard extends DurableObject<Env> {
	readonly #sql: SqlStorage;

	constructor(ctx: DurableObjectState, env: Env) {
		super(ctx, env);
		this.#sql = ctx.storage.sql;
		this.#sql.exec(
			`CREATE TABLE IF NOT EXISTS requests (method TEXT NOT NULL, route TEXT NOT NULL, status INTEGER NOT NULL, count REAL NOT NULL, buckets TEXT NOT NULL, sum REAL NOT NULL, PRIMARY KEY (method, route, status))`
		);
	}

	/** Adds an isolate's tallies. */
	add(tallies: RequestTally[]): void {
		this.ctx.storage.transactionSync(() => {
			for (const t of tallies) {
				const row = this.#sql
					.exec<{ count: number; buckets: string; sum: number }>(
						'SELECT count, buckets, sum FROM requests WHERE method = ? AND route = ? AND status = ?',
						t.method,
						t.route,
						t.status
					)
					.toArray()[0];
				const buckets = row
					? (JSON.parse(row.buckets) as number[]).map((c, i) => c + (t.buckets[i] ?? 0))
					: t.buckets;
				this.#sql.exec(
					'INSERT OR REPLACE INTO requests (method, route, status, count, buckets, sum) VALUES (?, ?, ?, ?, ?, ?)',
					t.method,
					t.route,
					t.status,
					(row?.count ?? 0) + t.count,
					JSON.stringify(buckets),
					(row?.sum ?? 0) + t.sum_seconds
				);
			}
		});
	}

	/** This shard's request counters and duration histograms, as GET /metrics renders them. */
	snapshot(): { counters: CounterRow[]; histograms: HistogramRow[] } {
		const rows = this.#sql
			.exec<{
				method: string;
				route: string;
				status: number;
				count: number;
				buckets: string;
				sum: number;
			}>('SELECT * FROM requests')
			.toArray();
		return {
			counters: rows.map((r) => ({
				name: 'vigil_http_requests_total',
				labels: { method: r.method, route: r.route, status: String(r.status) },
				value: r.count
			})),
			histograms: rows.map((r) => ({
				name: 'vigil_http_request_duration_seconds',
				labels: { method: r.method, route: r.route },
				bounds: [...HTTP_DURATION_BUCKETS],
				counts: JSON.parse(r.buckets) as number[],
				sum: r.sum
			}))
		};
	}
}
