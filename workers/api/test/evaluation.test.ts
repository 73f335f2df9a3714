import { describe, expect, it } from 'vitest';
import type { Evaluation } from '../../../src/lib/contracts/evaluation';
import { evaluateGates } from '../../../src/lib/retrain/gates';
import { call, type ErrorBody } from './helpers';
import { base64, cardFor, fakeOnnx } from './model-fixtures';

const MODEL = 'gated-model';

async function upload(version: string, seed: number) {
	const bytes = fakeOnnx(seed);
	const card = await cardFor(MODEL, version, bytes);
	const res = await call(`/api/v1/models/${MODEL}/${version}`, {
		method: 'PUT',
		token: 'admin',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ card, onnx_base64: base64(bytes) })
	});
	expect(res.status).toBe(201);
}

function putEvaluation(version: string, evaluation: unknown, token: 'admin' | 'read' = 'admin') {
	return call(`/api/v1/models/${MODEL}/${version}/evaluation`, {
		method: 'PUT',
		token,
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify(evaluation)
	});
}

/** An evaluation of `challenger` against `champion` whose challenger errs by `offset` (the champion by 1). */
function evaluation(champion: string, challenger: string, offset: number): Evaluation {
	const y = Float64Array.from({ length: 300 }, (_, i) => i);
	return evaluateGates({
		model: MODEL,
		task: 'regression',
		championVersion: champion,
		challengerVersion: challenger,
		holdout: {
			ids: Array.from({ length: 300 }, (_, i) => `01JD${String(i).padStart(22, '0')}`),
			y,
			champion: y.map((v) => v + 1),
			challenger: y.map((v) => v + offset)
		},
		holdoutRange: { from: '2026-11-20T00:00:00Z', to: '2026-11-22T00:00:00Z' },
		labelled: 300,
		coverage: 0.5
	});
}

describe('PUT/GET /api/v1/models/{name}/{version}/evaluation', () => {
	it('stores an evaluation of a registered version and answers it', async () => {
		await upload('3', 3);
		const passing = evaluation('1', '3', 0.5);
		const res = await putEvaluation('3', passing);
		expect(res.status).toBe(201);
		expect(await res.json()).toEqual({ stored: true, passed: true, failed_gates: [] });
		const failed = evaluation('1', '3', 0.99);
		const failing = await putEvaluation('3', failed);
		expect(await failing.json()).toEqual({
			stored: true,
			passed: false,
			failed_gates: ['beats_champion']
		});
		const stored = await call(`/api/v1/models/${MODEL}/3/evaluation`, { token: 'read' });
		expect(stored.status).toBe(200);
		expect(await stored.json()).toEqual(failed);
	});

	it('refuses inconsistent, mismatched or unauthorised evaluations', async () => {
		await upload('5', 5);
		const passing = evaluation('1', '5', 0.5);
		const lying = await putEvaluation('5', { ...evaluation('1', '5', 0.99), passed: true });
		expect(lying.status).toBe(422);
		expect((await lying.json<ErrorBody>()).error.message).toMatch(
			/passed: true, but gate\(s\) beats_champion failed/
		);
		expect((await putEvaluation('6', evaluation('1', '6', 0.5))).status).toBe(404);
		expect((await putEvaluation('5', evaluation('1', '7', 0.5))).status).toBe(422);
		expect((await putEvaluation('5', { schema: 'vigil.evaluation/1' })).status).toBe(422);
		expect((await putEvaluation('5', passing, 'read')).status).toBe(403);
		const otherBytes = await putEvaluation('5', {
			...passing,
			challenger: { version: '5', sha256: 'f'.repeat(64) }
		});
		expect(otherBytes.status).toBe(422);
		expect((await otherBytes.json<ErrorBody>()).error.message).toMatch(/other ONNX bytes/);
		expect((await call(`/api/v1/models/${MODEL}/5/evaluation`, { token: 'read' })).status).toBe(
			404
		);
	});
});
