import type { Dashboard, Panel } from '@grafana/schema';

/** The data source provisioned by grafana/provisioning/datasources/prometheus.yml. */
const datasource = { type: 'prometheus', uid: 'vigil-prometheus' };

let nextId = 1;

function timeseries(
	title: string,
	unit: string,
	targets: { expr: string; legendFormat: string }[],
	gridPos: { x: number; y: number; w: number; h: number },
	description: string
): Panel {
	return {
		id: nextId++,
		type: 'timeseries',
		title,
		description,
		datasource,
		gridPos,
		fieldConfig: { defaults: { unit }, overrides: [] },
		options: { legend: { displayMode: 'table', placement: 'right', showLegend: true } },
		targets: targets.map((t, i) => ({
			refId: String.fromCharCode(65 + i),
			datasource,
			expr: t.expr,
			legendFormat: t.legendFormat
		}))
	};
}

function stat(
	title: string,
	unit: string,
	expr: string,
	gridPos: { x: number; y: number; w: number; h: number },
	description: string
): Panel {
	return {
		id: nextId++,
		type: 'stat',
		title,
		description,
		datasource,
		gridPos,
		fieldConfig: { defaults: { unit }, overrides: [] },
		options: { reduceOptions: { calcs: ['lastNotNull'], fields: '', values: false } },
		targets: [{ refId: 'A', datasource, expr, legendFormat: '{{model}}' }]
	};
}

/**
 * The Vigil fleet dashboard, type-checked against @grafana/schema and written to
 * grafana/dashboards/vigil.json by `npx tsx monitoring/grafana/write-dashboard.ts`.
 */
export const vigilDashboard: Dashboard = {
	uid: 'vigil-fleet',
	title: 'Vigil: model monitoring',
	description: 'Drift, performance and traffic of the models monitored by Vigil.',
	tags: ['vigil', 'ml-monitoring'],
	schemaVersion: 39,
	editable: true,
	graphTooltip: 1,
	refresh: '30s',
	time: { from: 'now-6h', to: 'now' },
	templating: {
		list: [
			{
				name: 'model',
				label: 'Model',
				type: 'query',
				datasource,
				query:
					'label_values({__name__=~"vigil_dataset_drift_share|vigil_model_rmse|vigil_predictions_total|vigil_prediction_records_stored_total"}, model)',
				refresh: 2,
				includeAll: true,
				multi: true,
				allValue: '.*',
				current: { text: 'All', value: '$__all' }
			}
		]
	},
	panels: [
		stat(
			'Devices seen (15 min)',
			'none',
			'vigil_devices_seen',
			{ x: 0, y: 0, w: 4, h: 4 },
			'Devices that pushed a metrics snapshot in the last 15 minutes.'
		),
		stat(
			'Dataset drift',
			'bool_yes_no',
			'max by (model) (vigil_dataset_drifted{model=~"$model"})',
			{ x: 4, y: 0, w: 8, h: 4 },
			'Whether the latest drift result flags dataset drift.'
		),
		stat(
			'Reports stored',
			'none',
			'sum by (model) (vigil_reports_stored_total{model=~"$model"})',
			{ x: 12, y: 0, w: 6, h: 4 },
			'Drift reports stored per model.'
		),
		stat(
			'Last report age',
			's',
			'time() - max by (model) (vigil_last_report_timestamp_seconds{model=~"$model"})',
			{ x: 18, y: 0, w: 6, h: 4 },
			'Seconds since the newest stored report.'
		),
		timeseries(
			'RMSE',
			'none',
			[{ expr: 'max by (model) (vigil_model_rmse{model=~"$model"})', legendFormat: '{{model}}' }],
			{ x: 0, y: 4, w: 12, h: 8 },
			'Root mean squared error of the latest labelled window (target units).'
		),
		timeseries(
			'Drift share',
			'percentunit',
			[
				{
					expr: 'max by (model) (vigil_dataset_drift_share{model=~"$model"})',
					legendFormat: '{{model}}'
				}
			],
			{ x: 12, y: 4, w: 12, h: 8 },
			'Share of features drifted in the latest drift result.'
		),
		timeseries(
			'Per-feature drift score',
			'none',
			[
				{
					expr: 'max by (model, feature, method) (vigil_feature_drift_score{model=~"$model"})',
					legendFormat: '{{model}} {{feature}} ({{method}})'
				}
			],
			{ x: 0, y: 12, w: 24, h: 9 },
			'Drift score of each feature by statistical method.'
		),
		timeseries(
			'Predictions per model',
			'ops',
			[
				{
					expr: 'sum by (model) (rate(vigil_predictions_total{model=~"$model"}[5m]))',
					legendFormat: '{{model}} made on devices'
				},
				{
					expr: 'sum by (model) (rate(vigil_prediction_records_stored_total{model=~"$model"}[5m]))',
					legendFormat: '{{model}} stored'
				}
			],
			{ x: 0, y: 21, w: 12, h: 8 },
			'Predictions per second made on devices (snapshots) and stored through the API.'
		),
		timeseries(
			'Inference latency (p50, p99)',
			's',
			[
				{
					expr: 'histogram_quantile(0.5, sum by (le, model) (rate(vigil_inference_latency_seconds_bucket{model=~"$model"}[5m])))',
					legendFormat: '{{model}} p50'
				},
				{
					expr: 'histogram_quantile(0.99, sum by (le, model) (rate(vigil_inference_latency_seconds_bucket{model=~"$model"}[5m])))',
					legendFormat: '{{model}} p99'
				}
			],
			{ x: 12, y: 21, w: 12, h: 8 },
			'Inference latency on the devices, from their histograms.'
		),
		timeseries(
			'API request rate',
			'reqps',
			[
				{
					expr: 'sum by (route, status) (rate(vigil_http_requests_total[5m]))',
					legendFormat: '{{route}} {{status}}'
				}
			],
			{ x: 0, y: 29, w: 12, h: 8 },
			'API requests per second by route pattern and status.'
		),
		timeseries(
			'API latency (p99)',
			's',
			[
				{
					expr: 'histogram_quantile(0.99, sum by (le, route) (rate(vigil_http_request_duration_seconds_bucket[5m])))',
					legendFormat: '{{route}}'
				}
			],
			{ x: 12, y: 29, w: 12, h: 8 },
			'99th percentile of API request duration by route pattern.'
		)
	]
};
