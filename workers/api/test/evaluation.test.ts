import { describe, expect, it } from 'vitest';
import { call, type ErrorBody } from './helpers';
import { evaluationFixtures } from './evaluation-fixtures';

const MODEL = 'gated-model';

const { upload, putEvaluation, evaluation } = evaluationFixtures(MODEL);

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
