import { describe, expect, it } from 'vitest';
import {
	INFERENCE_LATENCY_BUCKETS,
	type MetricsSnapshot
} from '../../../src/lib/contracts/metrics';
import { metricFamilies } from '../src/prometheus/families';
import { renderExposition } from '../src/prometheus/exposition';
import { call, newId, postJson, record, type ErrorBody } from './helpers';

function snapshot(overrides: Partial<MetricsSnapshot> = {}): MetricsSnapshot {
	const counts = INFERENCE_LATENCY_BUCKETS.map(() => 0).concat(0);
	counts[2] = 7;
	counts[4] = 3;
	return {
		schema: 'vigil.metrics-snapshot/1',
		id: newId(),
		device: 'tablet-1',
		model: 'snap-model',
		model_version: '1.0.0',
		ts: new Date().toISOString(),
		counters: { predictions: 10, inference_errors: 1, validation_errors: 0 },
		inference_latency: { bounds: [...INFERENCE_LATENCY_BUCKETS], counts, sum_seconds: 0.09 },
		drift: {
			drift_share: 0.25,
			drifted: false,
			features: [
				{ feature: 'temperature', method: 'ks', score: 0.31 },
				{ feature: 'ph', method: 'psi', score: 0.02 }
			]
		},
		performance: { rmse: 2.5, mae: 1.75 },
		...overrides
	};
}

function value(text: string, series: string): number | undefined {
	const line = text.split('\n').find((l) => l.startsWith(`${series} `));
	return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('POST /api/v1/metrics/snapshots', () => {
	it('aggregates snapshots once per id into GET /metrics', async () => {
		const s = snapshot();
		expect((await postJson('/api/v1/metrics/snapshots', s, 'ingest')).status).toBe(202);
		const again = await postJson('/api/v1/metrics/snapshots', s, 'ingest');
		expect(again.status).toBe(200);
		expect(await again.json()).toEqual({ id: s.id, accepted: false, duplicate: true });
		expect(
			(await postJson('/api/v1/metrics/snapshots', snapshot({ device: 'tablet-2' }), 'ingest'))
				.status
		).toBe(202);

		const res = await call('/metrics', { token: 'metrics' });
		expect(res.status).toBe(200);
		expect(res.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
		const text = await res.text();
		const labels = 'model="snap-model",model_version="1.0.0"';
		expect(value(text, `vigil_predictions_total{${labels}}`)).toBe(20);
		expect(value(text, `vigil_inference_errors_total{${labels}}`)).toBe(2);
		expect(value(text, `vigil_inference_latency_seconds_bucket{${labels},le="0.005"}`)).toBe(14);
		expect(value(text, `vigil_inference_latency_seconds_bucket{${labels},le="+Inf"}`)).toBe(20);
		expect(value(text, `vigil_inference_latency_seconds_count{${labels}}`)).toBe(20);
		expect(value(text, `vigil_inference_latency_seconds_sum{${labels}}`)).toBeCloseTo(0.18);
		expect(value(text, 'vigil_dataset_drift_share{model="snap-model"}')).toBe(0.25);
		expect(value(text, 'vigil_dataset_drifted{model="snap-model"}')).toBe(0);
		expect(
			value(text, 'vigil_feature_drift_score{model="snap-model",feature="temperature",method="ks"}')
		).toBe(0.31);
		expect(value(text, 'vigil_model_rmse{model="snap-model"}')).toBe(2.5);
		expect(value(text, 'vigil_model_mae{model="snap-model"}')).toBe(1.75);
		expect(value(text, 'vigil_devices_seen')).toBeGreaterThanOrEqual(2);
		expect(text).toMatch(/^vigil_build_info\{version="[^"]+"\} 1$/m);
		// The route pattern, never the raw URL, labels the request counter.
		expect(text).toMatch(
			/vigil_http_requests_total\{method="POST",route="\/api\/v1\/metrics\/snapshots",status="202"\} \d+/
		);
	});

	it('counts stored prediction records by model and version', async () => {
		await postJson(
			'/api/v1/predictions',
			[record({ model: 'stored-count' }), record({ model: 'stored-count', model_version: '2' })],
			'ingest',
			{
				'idempotency-key': newId()
			}
		);
		const text = await (await call('/metrics', { token: 'metrics' })).text();
		expect(
			value(
				text,
				'vigil_prediction_records_stored_total{model="stored-count",model_version="1.0.0"}'
			)
		).toBe(1);
		expect(
			value(text, 'vigil_prediction_records_stored_total{model="stored-count",model_version="2"}')
		).toBe(1);
		expect(
			value(text, 'vigil_last_prediction_timestamp_seconds{model="stored-count"}')
		).toBeGreaterThan(1.7e9);
	});

	it.each([
		[
			'wrong bucket bounds',
			{ inference_latency: { bounds: [1, 2], counts: [1, 2, 3], sum_seconds: 1 } }
		],
		[
			'negative counters',
			{ counters: { predictions: -1, inference_errors: 0, validation_errors: 0 } }
		],
		['a device with HTML', { device: '<b>x</b>' }],
		['an unknown schema', { schema: 'vigil.metrics-snapshot/9' }],
		['a drift share above 1', { drift: { drift_share: 1.5, drifted: true, features: [] } }]
	])('refuses %s with 422', async (_what, overrides) => {
		const res = await postJson(
			'/api/v1/metrics/snapshots',
			{ ...snapshot(), ...overrides },
			'ingest'
		);
		expect(res.status).toBe(422);
		const text = await res.text();
		expect(text).not.toContain('<b>');
		expect(JSON.parse(text).error.code).toBe('unprocessable');
	});
});

describe('GET /metrics access', () => {
	it('needs a token with the metrics scope', async () => {
		const res = await call('/metrics');
		expect(res.status).toBe(401);
		expect((await res.json<ErrorBody>()).error.code).toBe('unauthorized');
		expect((await call('/metrics', { token: 'read' })).status).toBe(403);
	});
});

describe('exposition text', () => {
	it('is pinned for a fixed fleet state', () => {
		const text = renderExposition(
			metricFamilies({
				version: '0.1.0',
				devicesSeen: 3,
				counters: [
					{
						name: 'vigil_predictions_total',
						labels: { model: 'm', model_version: '1' },
						value: 42
					},
					{
						name: 'vigil_http_requests_total',
						labels: { method: 'GET', route: '/metrics', status: '200' },
						value: 5
					},
					{ name: 'vigil_reports_stored_total', labels: { model: 'm' }, value: 2 }
				],
				histograms: [
					{
						name: 'vigil_inference_latency_seconds',
						labels: { model: 'm', model_version: '1' },
						bounds: [0.01, 0.1],
						counts: [3, 1, 1],
						sum: 0.25
					}
				],
				gauges: [
					{
						model: 'm',
						drift_share: 0.5,
						drifted: 1,
						rmse: 1.25,
						mae: null,
						accuracy: null,
						f1: null,
						last_report_at: 1_700_000_000_000,
						last_prediction_at: null
					}
				],
				features: [{ model: 'm', feature: 'x "quoted"', method: 'ks', score: 0.125 }],
				advanced: [
					{ model: 'm', name: 'vigil_multivariate_reconstruction_error', labels: {}, value: 1.5 },
					{ model: 'm', name: 'vigil_multivariate_drift', labels: {}, value: 1 },
					{
						model: 'm',
						name: 'vigil_cbpe_estimated_ratio',
						labels: { metric: 'accuracy' },
						value: 0.75
					},
					{
						model: 'm',
						name: 'vigil_stream_drift_detected',
						labels: { detector: 'adwin', stream: 'prediction' },
						value: 0
					}
				]
			})
		);
		expect(text).toMatchSnapshot();
	});
});
