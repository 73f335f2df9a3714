import { DurableObject } from 'cloudflare:workers';

/**
 * Aggregates metrics from every device of the fleet in one Durable Object with SQLite storage,
 * so counters survive isolate restarts and are the same for every scrape.
 */
export class FleetAggregator extends DurableObject<Env> {
	constructor(ctx: DurableObjectState, env: Env) {
		super(ctx, env);
		ctx.blockConcurrencyWhile(async () => {
			this.ctx.storage.sql.exec(`CREATE TABLE IF NOT EXISTS counters (
				name TEXT NOT NULL, labels TEXT NOT NULL, value REAL NOT NULL,
				PRIMARY KEY (name, labels))`);
		});
	}

	/** Adds `delta` to a counter; labels are serialized in a stable order. */
	increment(name: string, labels: Record<string, string>, delta = 1): void {
		const key = JSON.stringify(Object.entries(labels).sort(([a], [b]) => a.localeCompare(b)));
		this.ctx.storage.sql.exec(
			`INSERT INTO counters (name, labels, value) VALUES (?, ?, ?)
			 ON CONFLICT (name, labels) DO UPDATE SET value = value + excluded.value`,
			name,
			key,
			delta
		);
	}

	/** Every counter as `{ name, labels, value }`. */
	counters(): { name: string; labels: Record<string, string>; value: number }[] {
		return this.ctx.storage.sql
			.exec<{ name: string; labels: string; value: number }>(
				'SELECT name, labels, value FROM counters'
			)
			.toArray()
			.map((row) => ({
				name: row.name,
				labels: Object.fromEntries(JSON.parse(row.labels) as [string, string][]),
				value: row.value
			}));
	}
}
