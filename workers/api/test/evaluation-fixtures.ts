import { expect } from 'vitest';
import type { Evaluation } from '../../../src/lib/contracts/evaluation';
import { evaluateGates } from '../../../src/lib/retrain/gates';
import { call } from './helpers';
import { base64, cardFor, fakeOnnx } from './model-fixtures';

/**
 * Registry and evaluation helpers of one model for the evaluation tests: upload a version, store
 * an evaluation, and make a regression evaluation whose challenger errs by `offset` (the champion
 * by 1) on 300 holdout rows.
 *
 * @example
 * const { upload, putEvaluation, evaluation } = evaluationFixtures('gated-model');
 */
export function evaluationFixtures(model: string) {
	async function upload(version: string, seed: number) {
		const bytes = fakeOnnx(seed);
		const card = await cardFor(model, version, bytes);
		const res = await call(`/api/v1/models/${model}/${version}`, {
			method: 'PUT',
			token: 'admin',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ card, onnx_base64: base64(bytes) })
		});
		expect(res.status).toBe(201);
	}

	function putEvaluation(version: string, evaluation: unknown, token: 'admin' | 'read' = 'admin') {
		return call(`/api/v1/models/${model}/${version}/evaluation`, {
			method: 'PUT',
			token,
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify(evaluation)
		});
	}

	function evaluation(champion: string, challenger: string, offset: number): Evaluation {
		const y = Float64Array.from({ length: 300 }, (_, i) => i);
		return evaluateGates({
			model,
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

	return { upload, putEvaluation, evaluation };
}
