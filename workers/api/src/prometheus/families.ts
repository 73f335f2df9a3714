import type { CounterRow, HistogramRow, ModelGauges } from '../fleet/fleet-aggregator';
import { ADVANCED_GAUGE_FAMILIES } from './advanced-gauges';
import type { MetricFamily, Sample } from './exposition';

/** Devices pushing a snapshot within this window count as seen. */
export const DEVICES_SEEN_WINDOW_SECONDS = 15 * 60;

const COUNTERS: { name: string; help: string }[] = [
	{
		name: 'vigil_predictions_total',
		help: 'Predictions made on devices, from their metrics snapshots.'
	},
	{
		name: 'vigil_inference_errors_total',
		help: 'Failed inferences on devices, from their metrics snapshots.'
	},
	{
		name: 'vigil_input_validation_errors_total',
		help: 'Inputs refused by model-card validation on devices.'
	},
	{
		name: 'vigil_prediction_records_stored_total',
		help: 'Prediction records stored in object storage by the API.'
	},
	{ name: 'vigil_reports_stored_total', help: 'Drift reports stored, by model.' },
	{
		name: 'vigil_monitoring_runs_total',
		help: 'Runs of the scheduled monitoring job, by model and outcome.'
	},
	{
		name: 'vigil_http_requests_total',
		help: 'API requests by method, route pattern and status code.'
	}
];

const HISTOGRAMS: { name: string; help: string }[] = [
	{
		name: 'vigil_inference_latency_seconds',
		help: 'Inference latency on devices, from their metrics snapshots.'
	},
	{
		name: 'vigil_http_request_duration_seconds',
		help: 'API request duration by method and route pattern.'
	}
];

function histogramSamples(rows: HistogramRow[]): Sample[] {
	const out: Sample[] = [];
	for (const row of rows) {
		let cumulative = 0;
		row.bounds.forEach((bound, i) => {
			cumulative += row.counts[i] ?? 0;
			out.push({
				suffix: '_bucket',
				labels: { ...row.labels, le: String(bound) },
				value: cumulative
			});
		});
		cumulative += row.counts[row.bounds.length] ?? 0;
		out.push({ suffix: '_bucket', labels: { ...row.labels, le: '+Inf' }, value: cumulative });
		out.push({ suffix: '_sum', labels: row.labels, value: row.sum });
		out.push({ suffix: '_count', labels: row.labels, value: cumulative });
	}
	return out;
}

/**
 * Builds every metric family of GET /metrics from the fleet object's state. Pure, so the exposition
 * text is pinned by a snapshot test.
 *
 * @example
 * renderExposition(metricFamilies({ version: '0.1.0', counters: [], histograms: [], gauges: [], features: [], devicesSeen: 0 }));
 */
export function metricFamilies(state: {
	version: string;
	counters: CounterRow[];
	histograms: HistogramRow[];
	gauges: Omit<ModelGauges, 'updated_at'>[];
	features: { model: string; feature: string; method: string; score: number }[];
	/** Gauges of the newest report's advanced block per model (see advanced-gauges.ts). */
	advanced?: { model: string; name: string; labels: Record<string, string>; value: number }[];
	devicesSeen: number;
}): MetricFamily[] {
	const families: MetricFamily[] = [
		{
			name: 'vigil_build_info',
			help: 'Build information of the running Vigil Worker; the value is always 1.',
			type: 'gauge',
			samples: [{ labels: { version: state.version }, value: 1 }]
		},
		{
			name: 'vigil_devices_seen',
			help: `Devices that pushed a metrics snapshot in the last ${DEVICES_SEEN_WINDOW_SECONDS} seconds.`,
			type: 'gauge',
			samples: [{ value: state.devicesSeen }]
		}
	];
	for (const { name, help } of COUNTERS) {
		families.push({
			name,
			help,
			type: 'counter',
			samples: state.counters
				.filter((r) => r.name === name)
				.map((r) => ({ labels: r.labels, value: r.value }))
		});
	}
	for (const { name, help } of HISTOGRAMS) {
		families.push({
			name,
			help,
			type: 'histogram',
			samples: histogramSamples(state.histograms.filter((h) => h.name === name))
		});
	}
	const gauge = (
		name: string,
		help: string,
		pick: (g: (typeof state.gauges)[number]) => number | null,
		scale = 1
	) =>
		families.push({
			name,
			help,
			type: 'gauge',
			samples: state.gauges.flatMap((g) => {
				const v = pick(g);
				return v === null ? [] : [{ labels: { model: g.model }, value: v * scale }];
			})
		});
	gauge(
		'vigil_dataset_drift_share',
		'Share of features drifted in the latest drift result (0-1).',
		(g) => g.drift_share
	);
	gauge(
		'vigil_dataset_drifted',
		'Whether the latest drift result flags dataset drift (1) or not (0).',
		(g) => g.drifted
	);
	families.push({
		name: 'vigil_feature_drift_score',
		help: 'Drift score of one feature in the latest drift result, by statistical method.',
		type: 'gauge',
		samples: state.features.map((f) => ({
			labels: { model: f.model, feature: f.feature, method: f.method },
			value: f.score
		}))
	});
	gauge(
		'vigil_model_rmse',
		'Root mean squared error of the latest labelled window, in target units.',
		(g) => g.rmse
	);
	gauge(
		'vigil_model_mae',
		'Mean absolute error of the latest labelled window, in target units.',
		(g) => g.mae
	);
	gauge(
		'vigil_model_accuracy_ratio',
		'Accuracy of the latest labelled window (0-1).',
		(g) => g.accuracy
	);
	gauge('vigil_model_f1_ratio', 'F1 score of the latest labelled window (0-1).', (g) => g.f1);
	gauge(
		'vigil_last_report_timestamp_seconds',
		'Unix time of the newest stored drift report.',
		(g) => g.last_report_at,
		1 / 1000
	);
	gauge(
		'vigil_last_prediction_timestamp_seconds',
		'Unix time of the newest predictions stored or reported.',
		(g) => g.last_prediction_at,
		1 / 1000
	);
	for (const { name, help } of ADVANCED_GAUGE_FAMILIES) {
		families.push({
			name,
			help,
			type: 'gauge',
			samples: (state.advanced ?? [])
				.filter((g) => g.name === name)
				.map((g) => ({ labels: { model: g.model, ...g.labels }, value: g.value }))
		});
	}
	return families;
}
