import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import type { Report } from '../../../src/lib/contracts/report';
import type { DriftStep } from '../src/services/monitoring/drift-step';
import { runMonitoringJob } from '../src/services/monitoring/monitoring-job';
import { call } from './helpers';
import { makeReport } from './drift-fixtures';
import { ingest, registerWithProfile } from './job-fixtures';

// The fixture card is a regressor with test RMSE 1.2; a window with RMSE 2.0 is 67 % worse, past
// the default 10 %. Three drifted runs in a row (the default) make a recommendation.
function step(drifted: boolean, rmse: number): DriftStep {
	return async ({ model }) => {
		const report = makeReport(model);
		return {
			status: 'report',
			report: {
				...report,
				dataset: { ...report.dataset, drifted, drift_share: drifted ? 0.75 : 0 },
				performance: { task: 'regression', rows: 200, rmse, mae: rmse, mape: null, r2: null }
			}
		};
	};
}

async function runOnce(model: string, driftStep: DriftStep, vars: Record<string, string> = {}) {
	await ingest(model, 200);
	const [entry] = (await runMonitoringJob({ ...env, ...vars }, { driftStep })).filter(
		(e) => e.model === model
	);
	expect(entry.outcome).toBe('report');
	const report = await (
		await call(`/api/v1/reports/${entry.report_id}`, { token: 'read' })
	).json<Report>();
	// The report says which version made the window's predictions (the fixture records are 1.0.0).
	expect(report.extensions?.['vigil.versions/1']).toEqual({
		predictions: { '1.0.0': 200 },
		shadow: {}
	});
	return report.extensions?.['vigil.retrain/1'] as {
		retrain_recommended: boolean;
		drift_streak: number;
		degradation: number | null;
		action: string;
	};
}

async function gauge(name: string, model: string): Promise<number | undefined> {
	const text = await (await call('/metrics', { token: 'metrics' })).text();
	const line = text.split('\n').find((l) => l.startsWith(`${name}{model="${model}"}`));
	return line === undefined ? undefined : Number(line.split(' ').at(-1));
}

describe('retraining recommendation in the monitoring job', () => {
	it('is raised only after drift persists and performance degraded, and exported to /metrics', async () => {
		await registerWithProfile('retrain-model');
		const first = await runOnce('retrain-model', step(true, 2.0));
		expect(first).toMatchObject({ retrain_recommended: false, drift_streak: 1, action: 'none' });
		expect(first.degradation).toBeCloseTo(0.8 / 1.2, 6);
		expect(await gauge('vigil_retrain_recommended', 'retrain-model')).toBe(0);

		await runOnce('retrain-model', step(true, 2.0));
		const third = await runOnce('retrain-model', step(true, 2.0));
		expect(third).toMatchObject({
			retrain_recommended: true,
			drift_streak: 3,
			action: 'recommend'
		});
		expect(await gauge('vigil_retrain_recommended', 'retrain-model')).toBe(1);
		expect(await gauge('vigil_retrain_drift_streak', 'retrain-model')).toBe(3);

		// A run without drift ends the streak: no recommendation, whatever the RMSE.
		const calm = await runOnce('retrain-model', step(false, 2.0));
		expect(calm).toMatchObject({ retrain_recommended: false, drift_streak: 0 });
		expect(await gauge('vigil_retrain_recommended', 'retrain-model')).toBe(0);
	});

	it('does not recommend when drift persists but performance holds', async () => {
		await registerWithProfile('retrain-steady');
		for (let i = 0; i < 3; i++) await runOnce('retrain-steady', step(true, 1.25));
		const last = await runOnce('retrain-steady', step(true, 1.25));
		expect(last).toMatchObject({ retrain_recommended: false, drift_streak: 4 });
		expect(await gauge('vigil_retrain_recommended', 'retrain-steady')).toBe(0);
	});

	it('asks for a challenger through the gates only when RETRAIN_POLICY is "train"', async () => {
		expect((env as { RETRAIN_POLICY?: string }).RETRAIN_POLICY).toBe('recommend');
		await registerWithProfile('retrain-policy');
		const train = { RETRAIN_POLICY: 'train' };
		await runOnce('retrain-policy', step(true, 2.0), train);
		const second = await runOnce('retrain-policy', step(true, 2.0), train);
		expect(second).toMatchObject({ retrain_recommended: false, action: 'none' });
		const third = await runOnce('retrain-policy', step(true, 2.0), train);
		expect(third).toMatchObject({
			retrain_recommended: true,
			action: 'train-challenger-through-gates'
		});
		expect(await gauge('vigil_retrain_recommended', 'retrain-policy')).toBe(1);
	});
});
