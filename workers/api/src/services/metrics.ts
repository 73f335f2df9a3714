import type { MetricsSnapshot } from '../../../../src/lib/contracts/metrics';
import { ApiError } from '../errors';
import { fleetOf, metricsShardOf, METRICS_SHARDS } from '../env';
import { flushRequestMetrics } from '../http/http-metrics';
import { mergeCounters, mergeHistograms } from '../prometheus/merge';
import { DEVICES_SEEN_WINDOW_SECONDS, metricFamilies } from '../prometheus/families';
import { renderExposition } from '../prometheus/exposition';

const iso = (t: number | null) => (t === null ? null : new Date(t).toISOString());

/**
 * Adds a device's metrics snapshot to the fleet's counters and gauges, once per snapshot id.
 *
 * @example
 * const { duplicate } = await ingestSnapshot(env, snapshot);
 */
export function ingestSnapshot(
	env: Env,
	snapshot: MetricsSnapshot
): Promise<{ duplicate: boolean }> {
	return fleetOf(env).ingestSnapshot(snapshot);
}

/**
 * The latest drift and performance gauges of a model with its per-feature scores and the link to
 * its newest report, or a 404 when nothing is known about it yet.
 *
 * @example
 * const latest = await monitoringLatest(env, 'penicillin-soft-sensor');
 */
export async function monitoringLatest(env: Env, model: string) {
	const fleet = fleetOf(env);
	const gauges = (await fleet.modelGauges()).find((g) => g.model === model);
	if (!gauges) throw new ApiError(404, 'not_found', `Nothing is known yet about model ${model}`);
	const [features, [report]] = await Promise.all([
		fleet.featureScores(model),
		fleet.listReports({ model, limit: 1 })
	]);
	return {
		schema: 'vigil.monitoring-latest/1',
		model,
		updated_at: iso(gauges.updated_at),
		drift_share: gauges.drift_share,
		drifted: gauges.drifted === null ? null : gauges.drifted === 1,
		performance: { rmse: gauges.rmse, mae: gauges.mae, accuracy: gauges.accuracy, f1: gauges.f1 },
		features: features.map(({ feature, method, score }) => ({ feature, method, score })),
		last_prediction_at: iso(gauges.last_prediction_at),
		report: report
			? { id: report.id, created_at: iso(report.created_at), url: `/api/v1/reports/${report.id}` }
			: null
	};
}

/**
 * Each model's monitoring-job cursor with its last run's time, outcome and message.
 *
 * @example
 * const { runs } = await monitoringRuns(env);
 */
export async function monitoringRuns(env: Env) {
	const rows = await fleetOf(env).monitorCursors();
	return { runs: rows.map((r) => ({ ...r, last_run_at: new Date(r.last_run_at).toISOString() })) };
}

/**
 * The fleet's metrics in the Prometheus text format 0.0.4: the registry's device counters and
 * gauges with the API's request counts summed over the metrics shards.
 *
 * @example
 * const text = await exposition(env);
 */
export async function exposition(env: Env): Promise<string> {
	// This isolate's own uncounted requests first, so a scrape sees at least what it answered.
	await flushRequestMetrics(env);
	const [state, ...shards] = await Promise.all([
		fleetOf(env).metricsState(Date.now() - DEVICES_SEEN_WINDOW_SECONDS * 1000),
		...Array.from({ length: METRICS_SHARDS }, (_, i) => metricsShardOf(env, i).snapshot())
	]);
	return renderExposition(
		metricFamilies({
			version: env.VIGIL_VERSION,
			...state,
			counters: mergeCounters([...state.counters, ...shards.flatMap((s) => s.counters)]),
			histograms: mergeHistograms([...state.histograms, ...shards.flatMap((s) => s.histograms)])
		})
	);
}
