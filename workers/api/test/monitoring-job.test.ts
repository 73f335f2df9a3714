import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import type { Report } from '../../../src/lib/contracts/report';
import { fleetOf } from '../src/env';
import type { DriftStep } from '../src/services/monitoring/drift-step';
import { runMonitoringJob } from '../src/services/monitoring/monitoring-job';
import { call } from './helpers';
import { makeReport } from './drift-fixtures';
import { ingest, registerWithProfile } from './job-fixtures';

/** Records what the job handed over and answers a report of the drift core for that model. */
function recordingStep(seen: { records: number; columns: string[]; version: string }[]): DriftStep {
	return async ({ model, model_version, profile, records }) => {
		seen.push({
			records: records.length,
			columns: profile.columns.map((c) => c.name).sort(),
			version: model_version
		});
		const report = makeReport(model);
		return {
			status: 'report',
			report: { ...report, dataset: { ...report.dataset, drifted: true, drift_share: 0.5 } }
		};
	};
}

describe('monitoring job', () => {
	it('runs for a model only after MONITOR_MIN_PREDICTIONS new records, then moves its cursor', async () => {
		expect(env.MONITOR_MIN_PREDICTIONS).toBe('200');
		await registerWithProfile('job-model');
		await ingest('job-model', 150);
		const seen: { records: number; columns: string[]; version: string }[] = [];
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
				columns: ['ph', 'phase', 'prediction', 'temperature'],
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

	it('computes drift with the statistics core against the frozen profile and stores report and page', async () => {
		await registerWithProfile('real-drift');
		await ingest('real-drift', 200);
		const [entry] = (await runMonitoringJob(env)).filter((e) => e.model === 'real-drift');
		expect(entry).toMatchObject({ outcome: 'report', records: 200 });
		const report = await (
			await call(`/api/v1/reports/${entry.report_id}`, { token: 'read' })
		).json<Report>();
		expect(report.model).toEqual({ name: 'real-drift', version: '1.0.0' });
		expect(report.current.rows).toBe(200);
		// Every record has temperature 298.1, ph 6.5 and phase "fed": far from the reference spread.
		expect(report.columns.map((c) => c.name).sort()).toEqual(['ph', 'phase', 'temperature']);
		expect(report.dataset.drifted).toBe(true);
		expect(report.prediction_drift?.name).toBe('prediction');
		const page = await call(`/api/v1/reports/${entry.report_id}?format=html`, { token: 'read' });
		expect(page.status).toBe(200);
		expect(await page.text()).toContain('<!doctype html>');
		const latest = await (
			await call('/api/v1/monitoring/latest?model=real-drift', { token: 'read' })
		).json<{
			drifted: boolean;
			features: { feature: string }[];
		}>();
		expect(latest.drifted).toBe(true);
		expect(latest.features.map((f) => f.feature).sort()).toEqual(['ph', 'phase', 'temperature']);
	});

	it('keeps the cursor when the drift step cannot report or fails, so no record is skipped', async () => {
		await registerWithProfile('step-trouble');
		await ingest('step-trouble', 200);
		const unavailable: DriftStep = async () => ({
			status: 'unavailable',
			message: 'drift core unavailable'
		});
		const [first] = (await runMonitoringJob(env, { driftStep: unavailable })).filter(
			(e) => e.model === 'step-trouble'
		);
		expect(first).toMatchObject({ outcome: 'unavailable', message: 'drift core unavailable' });
		const failing: DriftStep = async () => {
			throw new Error('boom');
		};
		const [second] = (await runMonitoringJob(env, { driftStep: failing })).filter(
			(e) => e.model === 'step-trouble'
		);
		expect(second).toMatchObject({ outcome: 'failed', message: 'Error: boom' });
		const cursors = await fleetOf(env).monitorCursors();
		expect(cursors.find((c) => c.model === 'step-trouble')).toMatchObject({
			last_seq: 0,
			last_outcome: 'failed'
		});
		expect((await fleetOf(env).pendingModels(200)).map((p) => p.model)).toContain('step-trouble');
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
