import { describe, expect, it } from 'vitest';
import type { AdvancedDrift } from '../../../src/lib/drift/advanced/schemas';
import { advancedGaugesOf } from '../src/prometheus/advanced-gauges';
import { makeReport } from './drift-fixtures';
import { call, postJson } from './helpers';

const okMetric = (value: number, alert: boolean) => ({
	status: 'ok' as const,
	value,
	sampling_error: 0.01,
	lower_band: value - 0.03,
	upper_band: value + 0.03,
	lower_threshold: 0.8,
	upper_threshold: 0.95,
	alert
});
const refMetric = { mean: 0.88, chunk_sd: 0.02, lower_threshold: 0.8, upper_threshold: 0.95 };

/** An advanced block whose last windows drift: error above threshold, accuracy estimate low. */
function advanced(): AdvancedDrift {
	return {
		multivariate: {
			schema: 'vigil.multivariate-drift/1',
			method: 'pca-reconstruction',
			columns: ['temperature', 'ph'],
			constant_columns: [],
			component_count: 1,
			explained_variance: 0.8,
			reference_size: 2000,
			reference_mean: 0.5,
			windows: [
				{
					window: { index: 0, start: 0, end: 500 },
					result: {
						status: 'ok',
						n: 500,
						mean_error: 1.75,
						sampling_error: 0.02,
						lower_threshold: 0.4,
						upper_threshold: 0.6,
						alert: true
					}
				},
				// The newest window is too small: the gauge keeps the latest window with a value.
				{
					window: { index: 1, start: 500, end: 510 },
					result: { status: 'not_enough_data', reason: 'window has 10 rows', n: 10 }
				}
			]
		},
		cbpe: {
			schema: 'vigil.cbpe/1',
			threshold: 0.5,
			calibration_applied: true,
			reference_size: 3000,
			chunk_size: 500,
			reference: {
				accuracy: refMetric,
				precision: refMetric,
				recall: refMetric,
				f1: refMetric,
				roc_auc: refMetric
			},
			windows: [
				{
					window: { index: 0, start: 0, end: 500 },
					n: 500,
					excluded: 0,
					metrics: {
						accuracy: okMetric(0.625, true),
						precision: okMetric(0.875, false),
						recall: okMetric(0.875, false),
						f1: okMetric(0.875, false),
						roc_auc: { status: 'not_enough_data', reason: 'one class only' }
					}
				}
			]
		},
		streaming: [
			{
				schema: 'vigil.streaming-drift/1',
				detector: 'page-hinkley',
				stream: 'prediction',
				parameters: { delta: 0.005, threshold: 50 },
				observations: 500,
				ignored: 0,
				drifts: 2,
				drift_at: [120, 300],
				last_statistic: 3.5,
				threshold: 50
			},
			{
				schema: 'vigil.streaming-drift/1',
				detector: 'adwin',
				stream: 'prediction',
				parameters: { delta: 0.002 },
				observations: 500,
				ignored: 0,
				drifts: 0,
				drift_at: [],
				last_statistic: null,
				threshold: 0
			}
		]
	};
}

function value(text: string, series: string): number | undefined {
	const line = text.split('\n').find((l) => l.startsWith(`${series} `));
	return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('advanced gauges', () => {
	it('take the latest window with a result and leave out not-enough-data metrics', () => {
		const gauges = advancedGaugesOf(makeReport('m', { advanced: advanced() }));
		expect(gauges).toContainEqual({
			name: 'vigil_multivariate_reconstruction_error',
			labels: {},
			value: 1.75
		});
		expect(gauges).toContainEqual({ name: 'vigil_multivariate_drift', labels: {}, value: 1 });
		expect(gauges.filter((g) => g.labels.metric === 'roc_auc')).toEqual([]);
		expect(gauges).toContainEqual({
			name: 'vigil_stream_drift_detected',
			labels: { detector: 'adwin', stream: 'prediction' },
			value: 0
		});
		expect(advancedGaugesOf(makeReport('m'))).toEqual([]);
	});

	it('reach GET /metrics from the newest stored report and are replaced by the next one', async () => {
		const model = 'advanced-gauge-model';
		const first = makeReport(model, {
			advanced: advanced(),
			created_at: '2026-11-22T10:00:00.000Z'
		});
		expect((await postJson('/api/v1/reports', first, 'ingest')).status).toBe(201);
		let text = await (await call('/metrics', { token: 'metrics' })).text();
		const m = `model="${model}"`;
		expect(value(text, `vigil_multivariate_reconstruction_error{${m}}`)).toBe(1.75);
		expect(value(text, `vigil_multivariate_reconstruction_error_upper_threshold{${m}}`)).toBe(0.6);
		expect(value(text, `vigil_multivariate_drift{${m}}`)).toBe(1);
		expect(value(text, `vigil_cbpe_estimated_ratio{${m},metric="accuracy"}`)).toBe(0.625);
		expect(value(text, `vigil_cbpe_lower_threshold_ratio{${m},metric="accuracy"}`)).toBe(0.8);
		expect(value(text, `vigil_cbpe_alert{${m},metric="accuracy"}`)).toBe(1);
		expect(value(text, `vigil_cbpe_alert{${m},metric="f1"}`)).toBe(0);
		expect(value(text, `vigil_cbpe_estimated_ratio{${m},metric="roc_auc"}`)).toBeUndefined();
		expect(
			value(text, `vigil_stream_drift_detected{${m},detector="page-hinkley",stream="prediction"}`)
		).toBe(1);

		// An older report does not overwrite the gauges; a newer one without the block clears them.
		const older = makeReport(model, { created_at: '2026-11-22T09:00:00.000Z' });
		expect((await postJson('/api/v1/reports', older, 'ingest')).status).toBe(201);
		text = await (await call('/metrics', { token: 'metrics' })).text();
		expect(value(text, `vigil_multivariate_drift{${m}}`)).toBe(1);
		const newer = makeReport(model, { created_at: '2026-11-22T11:00:00.000Z' });
		expect((await postJson('/api/v1/reports', newer, 'ingest')).status).toBe(201);
		text = await (await call('/metrics', { token: 'metrics' })).text();
		expect(value(text, `vigil_multivariate_drift{${m}}`)).toBeUndefined();
		expect(text).toContain('# TYPE vigil_cbpe_estimated_ratio gauge');
	});
});
