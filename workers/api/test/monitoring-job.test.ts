import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { fleetOf } from '../src/env';
import type { DriftStep } from '../src/monitoring/drift-step';
import { runMonitoringJob } from '../src/monitoring/monitoring-job';
import { call, newId, postJson, record } from './helpers';
import { base64, cardFor, fakeOnnx } from './model-fixtures';

async function registerWithProfile(name: string) {
	const onnx = fakeOnnx(name.length);
	const card = await cardFor(name, '1.0.0', onnx);
	const res = await call(`/api/v1/models/${name}/1.0.0`, {
		method: 'PUT',
		token: 'admin',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({
			card,
			onnx_base64: base64(onnx),
			reference_profile: { schema: 'test-profile', columns: ['temperature'] }
		})
	});
	expect(res.status).toBe(201);
	await call(`/api/v1/models/${name}/1.0.0/promote`, {
		method: 'POST',
		token: 'admin',
		headers: { 'content-type': 'application/json' },
		body: '{"stage":"production"}'
	});
}

async function ingest(model: string, n: number) {
	for (let done = 0; done < n; done += 100) {
		const batch = Array.from({ length: Math.min(100, n - done) }, () => record({ model }));
		const res = await postJson('/api/v1/predictions', batch, 'ingest', {
			'idempotency-key': newId()
		});
		expect(res.status).toBe(201);
	}
}

/** Records what the job handed over and answers a report envelope built from it. */
function recordingStep(seen: { records: number; profile: unknown; version: string }[]): DriftStep {
	return async ({ model, model_version, profile, records, now }) => {
		seen.push({ records: records.length, profile, version: model_version });
		return {
			status: 'report',
			report: {
				schema: 'vigil.report/1',
				id: newId(),
				created_at: now.toISOString(),
				model,
				model_version,
				dataset: { drifted: true, drift_share: 0.5 },
				features: [{ feature: 'temperature', method: 'ks', score: 0.4 }]
			}
		};
	};
}

describe('monitoring job', () => {
	it('runs for a model only after MONITOR_MIN_PREDICTIONS new records, then moves its cursor', async () => {
		expect(env.MONITOR_MIN_PREDICTIONS).toBe('200');
		await registerWithProfile('job-model');
		await ingest('job-model', 150);
		const seen: { records: number; profile: unknown; version: string }[] = [];
		const step = recordingStep(seen);
		expect(
			(await runMonitoringJob(env, { driftStep: step })).filter((e) => e.model === 'job-model')
		).toEqual([]);

		await ingest('job-model', 100);
		const [entry] = (await runMonitoringJob(env, { driftStep: step })).filter(
			(e) => e.model === 'job-model'
		);
		expect(entry).toMatchObject({ model: 'job-model', outcome: 'report', records: 250 });
		expect(seen).toEqual([
			{
				records: 250,
				profile: { schema: 'test-profile', columns: ['temperature'] },
				version: '1.0.0'
			}
		]);
		const latest = await (
			await call('/api/v1/reports/latest?model=job-model', { token: 'read' })
		).json<{ id: string }>();
		expect(latest.id).toBe(entry.report_id);
		const gauges = await (
			await call('/api/v1/monitoring/latest?model=job-model', { token: 'read' })
		).json<{ drift_share: number }>();
		expect(gauges.drift_share).toBe(0.5);

		// Nothing new: no run.
		expect(
			(await runMonitoringJob(env, { driftStep: step })).filter((e) => e.model === 'job-model')
		).toEqual([]);
		// Only the records after the cursor are read next time.
		await ingest('job-model', 200);
		await runMonitoringJob(env, { driftStep: step });
		expect(seen.map((s) => s.records)).toEqual([250, 200]);
	});

	it('keeps the cursor and logs "drift core unavailable" while the core has no report builder', async () => {
		await registerWithProfile('core-missing');
		await ingest('core-missing', 200);
		const [entry] = (await runMonitoringJob(env)).filter((e) => e.model === 'core-missing');
		expect(entry.outcome).toBe('unavailable');
		expect(entry.message).toContain('drift core unavailable');
		const cursors = await fleetOf(env).monitorCursors();
		expect(cursors.find((c) => c.model === 'core-missing')).toMatchObject({
			last_seq: 0,
			last_outcome: 'unavailable'
		});
		// The records are still pending, so they are analysed once the core can.
		expect((await fleetOf(env).pendingModels(200)).map((p) => p.model)).toContain('core-missing');
	});

	it('skips a model without a reference profile and says why', async () => {
		await ingest('no-reference', 200);
		const [entry] = (await runMonitoringJob(env)).filter((e) => e.model === 'no-reference');
		expect(entry).toMatchObject({
			outcome: 'skipped',
			message: 'no reference profile registered for model no-reference'
		});
		const runs = await (
			await call('/api/v1/monitoring/runs', { token: 'read' })
		).json<{ runs: { model: string; last_outcome: string }[] }>();
		expect(runs.runs.find((r) => r.model === 'no-reference')?.last_outcome).toBe('skipped');
	});
});
