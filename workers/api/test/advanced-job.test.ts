import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import type { Report } from '../../../src/lib/contracts/report';
import { fitAdvancedReference } from '../../../src/lib/drift/advanced/reference';
import { seededRandom } from '../../../src/lib/drift/advanced/random';
import { fitCbpe } from '../../../src/lib/drift/advanced/cbpe';
import { numericalColumn } from '../../../src/lib/drift/types';
import { runMonitoringJob } from '../src/services/monitoring/monitoring-job';
import { streamStateKey } from '../src/store/keys';
import { storeFromEnv } from '../src/store';
import { call, newId, postJson, record } from './helpers';
import { base64, cardFor, fakeOnnx } from './model-fixtures';
import { referenceProfileBytes } from './drift-fixtures';

const put = (path: string, body: unknown) =>
	call(path, {
		method: 'PUT',
		token: 'admin',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify(body)
	});

async function register(name: string, task: 'regression' | 'binary' = 'regression') {
	const onnx = fakeOnnx(name.length + 7);
	const card = await cardFor(name, '1.0.0', onnx);
	card.task = task;
	card.features = [
		{ name: 'temperature', dtype: 'float32', missing: 'reject' },
		{ name: 'ph', dtype: 'float32', missing: 'reject' }
	];
	const res = await put(`/api/v1/models/${name}/1.0.0`, {
		card,
		onnx_base64: base64(onnx),
		reference_profile_base64: base64(referenceProfileBytes())
	});
	expect(res.status).toBe(201);
	await call(`/api/v1/models/${name}/1.0.0/promote`, {
		method: 'POST',
		token: 'admin',
		headers: { 'content-type': 'application/json' },
		body: '{"stage":"production"}'
	});
}

/** Temperature and ph strongly correlated, as the PCA reference learns them. */
function correlatedReference(n: number) {
	const rng = seededRandom(11);
	const t = new Float64Array(n);
	const ph = new Float64Array(n);
	for (let i = 0; i < n; i++) {
		const z = rng.normal();
		t[i] = 298 + 2 * z;
		ph[i] = 6.5 + 0.3 * (0.95 * z + Math.sqrt(1 - 0.95 ** 2) * rng.normal());
	}
	return [numericalColumn('temperature', t), numericalColumn('ph', ph)];
}

async function ingest(model: string, n: number, seed: number, predictionAt: (i: number) => number) {
	const rng = seededRandom(seed);
	for (let done = 0; done < n; done += 100) {
		const batch = Array.from({ length: Math.min(100, n - done) }, (_, j) => {
			// Same marginals as the reference, correlation reversed: only the multivariate view sees it.
			const z = rng.normal();
			const w = -0.95 * z + Math.sqrt(1 - 0.95 ** 2) * rng.normal();
			return record({
				model,
				features: { temperature: 298 + 2 * z, ph: 6.5 + 0.3 * w, phase: 'fed' },
				prediction: predictionAt(done + j)
			});
		});
		const res = await postJson('/api/v1/predictions', batch, 'ingest', {
			'idempotency-key': newId()
		});
		expect(res.status).toBe(201);
	}
}

describe('advanced reference upload', () => {
	it('is validated against the card and frozen once stored', async () => {
		await register('adv-upload');
		const reference = fitAdvancedReference({
			features: correlatedReference(2000),
			pcaOptions: { chunkSize: 250 }
		});
		const path = '/api/v1/models/adv-upload/1.0.0/reference-advanced';
		const ok = await put(path, reference);
		expect(ok.status).toBe(200);
		expect(await ok.json()).toEqual({
			model: 'adv-upload',
			version: '1.0.0',
			pca_columns: ['temperature', 'ph'],
			cbpe: false
		});
		expect((await put(path, reference)).status).toBe(200);
		const stored = await call(path, { token: 'read' });
		expect(stored.status).toBe(200);
		expect(await stored.json()).toEqual(reference);
		expect(
			(await call('/api/v1/models/adv-job-none/1.0.0/reference-advanced', { token: 'read' })).status
		).toBe(404);
		const other = { ...reference, created_at: '2026-01-01T00:00:00Z' };
		expect((await put(path, other)).status).toBe(409);

		const rng = seededRandom(3);
		const s = Float64Array.from({ length: 2000 }, () => rng.uniform());
		const y = Float64Array.from(s, (p) => (rng.uniform() < p ? 1 : 0));
		const withCbpe = { ...reference, cbpe: { prediction: 'prediction', model: fitCbpe(s, y) } };
		const regression = await put(path, withCbpe);
		expect(regression.status).toBe(422);
		expect(await regression.text()).toContain('CBPE needs a binary classifier');

		const pca = reference.pca!;
		const badColumns = {
			...reference,
			pca: { ...pca, columns: [{ name: 'nope', type: 'numerical' }, ...pca.columns.slice(1)] }
		};
		const bad = await put('/api/v1/models/adv-upload/1.0.0/reference-advanced', badColumns);
		expect(bad.status).toBe(422);
		expect((await bad.json<{ error: { message: string } }>()).error.message).toContain('"nope"');
		const broken = { ...reference, pca: { ...pca, components: pca.components.slice(1) } };
		expect((await put(path, broken)).status).toBe(422);
		expect((await put('/api/v1/models/missing/1.0.0/reference-advanced', reference)).status).toBe(
			404
		);
	});
});

describe('monitoring job with an advanced reference', () => {
	it('attaches multivariate and streaming results and carries detector state between runs', async () => {
		const model = 'adv-job';
		await register(model);
		const reference = fitAdvancedReference({
			features: correlatedReference(2000),
			pcaOptions: { chunkSize: 250 }
		});
		expect((await put(`/api/v1/models/${model}/1.0.0/reference-advanced`, reference)).status).toBe(
			200
		);
		// The prediction stream steps from 10 to 30 halfway through the first run.
		await ingest(model, 400, 5, (i) => (i < 200 ? 10 : 30));
		const [entry] = (await runMonitoringJob(env)).filter((e) => e.model === model);
		expect(entry).toMatchObject({ outcome: 'report', records: 400 });
		const report = await (
			await call(`/api/v1/reports/${entry.report_id}`, { token: 'read' })
		).json<Report>();
		const m = report.advanced?.multivariate;
		expect(m?.columns).toEqual(['temperature', 'ph']);
		expect(m?.windows[0].result).toMatchObject({ status: 'ok', n: 400, alert: true });
		const streaming = report.advanced?.streaming ?? [];
		expect(streaming.map((s) => `${s.detector}:${s.stream}`)).toEqual([
			'page-hinkley:prediction',
			'adwin:prediction'
		]);
		expect(streaming.every((s) => s.observations === 400)).toBe(true);
		expect(streaming.find((s) => s.detector === 'adwin')!.drifts).toBeGreaterThan(0);

		const page = await (
			await call(`/api/v1/reports/${entry.report_id}?format=html`, { token: 'read' })
		).text();
		expect(page).toContain('Multivariate drift (PCA reconstruction error)');

		const metrics = await (await call('/metrics', { token: 'metrics' })).text();
		expect(metrics).toContain(`vigil_multivariate_drift{model="${model}"} 1`);
		expect(metrics).toContain(
			`vigil_stream_drift_detected{model="${model}",detector="adwin",stream="prediction"} 1`
		);

		const state = JSON.parse(
			await (await storeFromEnv(env).get(streamStateKey(model)))!.text()
		) as { detectors: Record<string, { seen: number }> };
		expect(state.detectors['page-hinkley:prediction'].seen).toBe(400);

		// The next run continues the detectors: they have now seen every record.
		await ingest(model, 200, 6, () => 30);
		const [second] = (await runMonitoringJob(env)).filter((e) => e.model === model);
		expect(second.outcome).toBe('report');
		const after = JSON.parse(
			await (await storeFromEnv(env).get(streamStateKey(model)))!.text()
		) as { detectors: Record<string, { seen: number }> };
		expect(after.detectors['page-hinkley:prediction'].seen).toBe(600);
		expect(after.detectors['adwin:prediction'].seen).toBe(600);
	});

	it('leaves reports unchanged for models without an advanced reference', async () => {
		const model = 'adv-none';
		await register(model);
		await ingest(model, 200, 7, () => 12);
		const [entry] = (await runMonitoringJob(env)).filter((e) => e.model === model);
		const report = await (
			await call(`/api/v1/reports/${entry.report_id}`, { token: 'read' })
		).json<Report>();
		expect(report.advanced).toBeUndefined();
		expect(await storeFromEnv(env).get(streamStateKey(model))).toBeNull();
	});

	it('estimates performance with CBPE for a binary classifier and streams its errors once labels arrive', async () => {
		const model = 'adv-binary';
		await register(model, 'binary');
		const rng = seededRandom(21);
		const s = Float64Array.from({ length: 3000 }, () => rng.uniform());
		const y = Float64Array.from(s, (p) => (rng.uniform() < p ? 1 : 0));
		const reference = {
			...fitAdvancedReference({
				features: correlatedReference(2000),
				pcaOptions: { chunkSize: 250 }
			}),
			cbpe: { prediction: 'prediction', model: fitCbpe(s, y, { chunkSize: 300 }) }
		};
		expect((await put(`/api/v1/models/${model}/1.0.0/reference-advanced`, reference)).status).toBe(
			200
		);
		// Scores pile up near 0.5: the estimated accuracy falls well below the reference's.
		const scores = Array.from({ length: 400 }, (_, i) => 0.45 + (i % 10) / 100);
		const batch = scores.map((p, i) =>
			record({
				model,
				features: { temperature: 298 + (i % 7) / 3, ph: 6.5 + (i % 5) / 20 },
				prediction: p,
				label: i % 2
			})
		);
		for (let i = 0; i < batch.length; i += 100) {
			const res = await postJson('/api/v1/predictions', batch.slice(i, i + 100), 'ingest', {
				'idempotency-key': newId()
			});
			expect(res.status).toBe(201);
		}
		const [entry] = (await runMonitoringJob(env)).filter((e) => e.model === model);
		expect(entry.outcome).toBe('report');
		const report = await (
			await call(`/api/v1/reports/${entry.report_id}`, { token: 'read' })
		).json<Report>();
		const accuracy = report.advanced?.cbpe?.windows[0].metrics.accuracy;
		expect(accuracy).toMatchObject({ status: 'ok', alert: true });
		if (accuracy?.status !== 'ok') throw new Error('accuracy should be estimated');
		expect(accuracy.value).toBeLessThan(0.6);
		expect(report.advanced?.streaming?.map((r) => `${r.detector}:${r.stream}`)).toEqual([
			'page-hinkley:prediction',
			'adwin:prediction',
			'page-hinkley:error',
			'adwin:error'
		]);
		expect(report.advanced?.streaming?.find((r) => r.stream === 'error')?.observations).toBe(400);
		const metrics = await (await call('/metrics', { token: 'metrics' })).text();
		expect(metrics).toContain(`vigil_cbpe_alert{model="${model}",metric="accuracy"} 1`);
	});

	it('keeps monitoring when a stored advanced reference no longer reads', async () => {
		const model = 'adv-broken';
		await register(model);
		await storeFromEnv(env).put(`models/${model}/1.0.0/reference-advanced.json`, '{"schema":"x"}', {
			contentType: 'application/json'
		});
		await ingest(model, 200, 9, () => 12);
		const [entry] = (await runMonitoringJob(env)).filter((e) => e.model === model);
		expect(entry.outcome).toBe('report');
		expect(entry.message).toContain('not computed: advanced reference: schema: Invalid input');
		const report = await (
			await call(`/api/v1/reports/${entry.report_id}`, { token: 'read' })
		).json<Report>();
		expect(report.advanced).toBeUndefined();
	});
});
