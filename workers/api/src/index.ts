import { buildApp } from './app';
import { assertEnv } from './env';
import { FleetAggregator } from './fleet/fleet-aggregator';
import { IngestGate } from './fleet/ingest-gate';
import { MetricsShard } from './fleet/metrics-shard';
import { runMonitoringJob } from './services/monitoring/monitoring-job';

export { FleetAggregator, IngestGate, MetricsShard };

/** The Worker's HTTP app (see app.ts). */
export const app = buildApp();

export default {
	fetch: app.fetch,
	async scheduled(_controller, env, ctx) {
		assertEnv(env);
		ctx.waitUntil(runMonitoringJob(env).then(() => undefined));
	}
} satisfies ExportedHandler<Env>;
