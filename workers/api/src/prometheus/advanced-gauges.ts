import type { Report } from '../../../../src/lib/contracts/report';

/** One gauge sample derived from a report's advanced block (labels without `model`). */
export interface AdvancedGauge {
	name: string;
	labels: Record<string, string>;
	value: number;
}

/**
 * The advanced gauge families of GET /metrics, in exposition order. All come from the newest stored
 * report of a model (the same path as the dataset drift gauges); labels stay low-cardinality: the
 * model, the CBPE metric (five values) and the streaming detector and stream.
 */
export const ADVANCED_GAUGE_FAMILIES: { name: string; help: string }[] = [
	{
		name: 'vigil_multivariate_reconstruction_error',
		help: 'Mean PCA reconstruction error of the latest window with enough rows, in standardized units.'
	},
	{
		name: 'vigil_multivariate_reconstruction_error_upper_threshold',
		help: 'Upper alert threshold of the PCA reconstruction error (reference chunks, mean + 3 sd).'
	},
	{
		name: 'vigil_multivariate_drift',
		help: 'Whether the latest window breaches the reconstruction error thresholds (1) or not (0).'
	},
	{
		name: 'vigil_cbpe_estimated_ratio',
		help: 'Performance estimated without labels by CBPE for the latest window (0-1), by metric.'
	},
	{
		name: 'vigil_cbpe_lower_threshold_ratio',
		help: 'Lower alert threshold of the CBPE estimate (reference chunks, mean - 3 sd), by metric.'
	},
	{
		name: 'vigil_cbpe_alert',
		help: 'Whether the latest CBPE estimate is outside its thresholds (1) or not (0), by metric.'
	},
	{
		name: 'vigil_stream_drift_detected',
		help: 'Whether a streaming detector signalled drift in the latest monitoring run (1) or not (0).'
	},
	{
		name: 'vigil_retrain_recommended',
		help: 'Whether the monitoring job recommends retraining (1): dataset drift in consecutive runs and performance degraded past its threshold.'
	},
	{
		name: 'vigil_retrain_drift_streak',
		help: 'Consecutive monitoring runs with dataset drift, ending with the latest run.'
	}
];

/**
 * Gauge samples of a report's `advanced` block: the latest window with a result for the
 * multivariate and CBPE methods (windows with not enough data give no sample rather than a number),
 * and one sample per streaming detector run.
 *
 * @example
 * advancedGaugesOf(report);
 * // [{ name: 'vigil_multivariate_drift', labels: {}, value: 1 }, …]
 */
export function advancedGaugesOf(report: Report): AdvancedGauge[] {
	const out: AdvancedGauge[] = retrainGaugesOf(report);
	const a = report.advanced;
	if (!a) return out;
	const m = a.multivariate;
	if (m) {
		const last = [...m.windows].reverse().find((w) => w.result.status === 'ok');
		if (last && last.result.status === 'ok') {
			const r = last.result;
			out.push(
				{ name: 'vigil_multivariate_reconstruction_error', labels: {}, value: r.mean_error },
				{
					name: 'vigil_multivariate_reconstruction_error_upper_threshold',
					labels: {},
					value: r.upper_threshold
				},
				{ name: 'vigil_multivariate_drift', labels: {}, value: r.alert ? 1 : 0 }
			);
		}
	}
	const c = a.cbpe;
	if (c) {
		for (const metric of Object.keys(c.reference) as (keyof typeof c.reference)[]) {
			const last = [...c.windows].reverse().find((w) => w.metrics[metric].status === 'ok');
			const e = last?.metrics[metric];
			if (!e || e.status !== 'ok') continue;
			out.push(
				{ name: 'vigil_cbpe_estimated_ratio', labels: { metric }, value: e.value },
				{ name: 'vigil_cbpe_lower_threshold_ratio', labels: { metric }, value: e.lower_threshold },
				{ name: 'vigil_cbpe_alert', labels: { metric }, value: e.alert ? 1 : 0 }
			);
		}
	}
	for (const s of a.streaming ?? []) {
		out.push({
			name: 'vigil_stream_drift_detected',
			labels: { detector: s.detector, stream: s.stream },
			value: s.drifts > 0 ? 1 : 0
		});
	}
	return out.filter((g) => Number.isFinite(g.value));
}

/**
 * The retraining recommendation the monitoring job attached to a report (extension
 * `vigil.retrain/1`), as gauges; nothing when the report has none or it is malformed.
 *
 * @example
 * retrainGaugesOf(report); // [{ name: 'vigil_retrain_recommended', labels: {}, value: 0 }, …]
 */
export function retrainGaugesOf(report: Report): AdvancedGauge[] {
	const rec = report.extensions?.['vigil.retrain/1'] as
		{ retrain_recommended?: unknown; drift_streak?: unknown } | undefined;
	if (
		!rec ||
		typeof rec.retrain_recommended !== 'boolean' ||
		typeof rec.drift_streak !== 'number' ||
		!Number.isFinite(rec.drift_streak)
	)
		return [];
	return [
		{ name: 'vigil_retrain_recommended', labels: {}, value: rec.retrain_recommended ? 1 : 0 },
		{ name: 'vigil_retrain_drift_streak', labels: {}, value: rec.drift_streak }
	];
}
