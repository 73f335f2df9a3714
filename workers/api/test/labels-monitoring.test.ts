import { describe, expect, it } from 'vitest';
import type { PredictionRecord } from '../../../src/lib/contracts/prediction';
import type { DriftStep } from '../src/services/monitoring/drift-step';
import { runMonitoringJob } from '../src/services/monitoring/monitoring-job';
import { env } from 'cloudflare:workers';
import { call, newId, postJson, record } from './helpers';
import { base64, cardFor, fakeOnnx } from './model-fixtures';
import { makeReport, referenceProfileBytes } from './drift-fixtures';

describe('monitoring job with delayed labels', () => {
	it('hands the drift step the records with the labels that have arrived', async () => {
		const name = 'labelled-monitoring';
		const onnx = fakeOnnx(77);
		const card = await cardFor(name, '1.0.0', onnx);
		const put = await call(`/api/v1/models/${name}/1.0.0`, {
			method: 'PUT',
			token: 'admin',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({
				card,
				onnx_base64: base64(onnx),
				reference_profile_base64: base64(referenceProfileBytes())
			})
		});
		expect(put.status).toBe(201);
		const records = Array.from({ length: 200 }, (_, i) => record({ model: name, prediction: i }));
		for (let i = 0; i < 200; i += 100)
			expect(
				(
					await postJson('/api/v1/predictions', records.slice(i, i + 100), 'ingest', {
						'idempotency-key': newId()
					})
				).status
			).toBe(201);
		const labels = records
			.filter((_, i) => i % 2 === 0)
			.map((r) => ({
				id: r.id,
				label: (r.prediction as number) + 0.5,
				observed_at: '2026-11-22T12:00:00Z'
			}));
		expect(
			(await postJson('/api/v1/labels', labels, 'ingest', { 'idempotency-key': newId() })).status
		).toBe(201);

		let seen: PredictionRecord[] = [];
		const step: DriftStep = async ({ model, records }) => {
			seen = records;
			return { status: 'report', report: makeReport(model) };
		};
		const log = await runMonitoringJob(env, { driftStep: step });
		expect(log.find((e) => e.model === name)?.outcome).toBe('report');
		expect(seen).toHaveLength(200);
		const byId = new Map(seen.map((r) => [r.id, r]));
		expect(byId.get(records[0].id)!.label).toBe(0.5);
		expect(byId.get(records[2].id)!.label).toBe(2.5);
		expect(byId.get(records[1].id)!.label).toBeUndefined();
	});
});
