import { describe, expect, it } from 'vitest';
import { env } from 'cloudflare:workers';
import { app } from '../src/index';
import { requiresEvaluation } from '../src/services/evaluations';
import { call, TEST_TOKENS, type ErrorBody } from './helpers';
import { evaluationFixtures } from './evaluation-fixtures';

const MODEL = 'guarded-model';

const { upload, putEvaluation, evaluation } = evaluationFixtures(MODEL);

/** Calls the Worker as configured (`enforce`, the default) or with PROMOTION_REQUIRES_EVALUATION "false". */
function promote(version: string, body: unknown = { stage: 'production' }, enforce = true) {
	const request = new Request(`http://vigil.test/api/v1/models/${MODEL}/${version}/promote`, {
		method: 'POST',
		headers: {
			authorization: `Bearer ${TEST_TOKENS.admin.token}`,
			'content-type': 'application/json'
		},
		body: JSON.stringify(body)
	});
	const ctx = { waitUntil: () => {}, passThroughOnException: () => {}, props: {} };
	return app.fetch(
		request,
		enforce ? env : { ...env, PROMOTION_REQUIRES_EVALUATION: 'false' },
		ctx as unknown as ExecutionContext
	);
}

async function production(): Promise<string[]> {
	const res = await call(`/api/v1/models?name=${MODEL}&stage=production`, { token: 'read' });
	return (await res.json<{ models: { version: string }[] }>()).models.map((m) => m.version);
}

describe('promotion to production needs a passing evaluation', () => {
	it('lets the first version in, then refuses challengers without a passing evaluation', async () => {
		await upload('1', 1);
		expect((await promote('1')).status).toBe(200);
		await upload('2', 2);

		const none = await promote('2');
		expect(none.status).toBe(409);
		expect((await none.json<ErrorBody>()).error.message).toMatch(
			/guarded-model@2 has no evaluation: 1 is in production/
		);
		// Staging needs no evaluation: that is where a challenger waits.
		expect((await promote('2', { stage: 'staging' })).status).toBe(200);

		expect((await putEvaluation('2', evaluation('1', '2', 0.99))).status).toBe(201);
		const failed = await promote('2');
		expect(failed.status).toBe(409);
		expect((await failed.json<ErrorBody>()).error.message).toMatch(
			/failed the evaluation gate\(s\) beats_champion/
		);

		expect((await putEvaluation('2', evaluation('0.9', '2', 0.5))).status).toBe(201);
		const stale = await promote('2');
		expect(stale.status).toBe(409);
		expect((await stale.json<ErrorBody>()).error.message).toMatch(
			/evaluated against 0\.9, but 1 is in production/
		);
		expect(await production()).toEqual(['1']);

		const passing = evaluation('1', '2', 0.5);
		expect((await putEvaluation('2', passing)).status).toBe(201);
		const ok = await promote('2');
		expect(ok.status).toBe(200);
		expect((await ok.json<{ archived: string[] }>()).archived).toEqual(['1']);
		expect(await production()).toEqual(['2']);

		const stored = await call(`/api/v1/models/${MODEL}/2/evaluation`, { token: 'read' });
		expect(await stored.json()).toEqual(passing);

		// An admin may force a promotion past the gates (a rollback, an emergency).
		expect((await promote('1', { stage: 'production', force: 'yes' })).status).toBe(422);
		expect((await promote('1', { stage: 'production', force: true })).status).toBe(200);
		expect(await production()).toEqual(['1']);
	});

	it('is on by default, off when PROMOTION_REQUIRES_EVALUATION is "false"; force is accepted either way', async () => {
		expect((env as { PROMOTION_REQUIRES_EVALUATION?: string }).PROMOTION_REQUIRES_EVALUATION).toBe(
			'true'
		);
		await upload('8', 8);
		await upload('9', 9);
		expect((await promote('8', { stage: 'production' }, false)).status).toBe(200);
		expect((await promote('9', { stage: 'production' }, false)).status).toBe(200);
		expect((await promote('8', { stage: 'production', force: true }, false)).status).toBe(200);
		expect(await production()).toEqual(['8']);
	});

	it('enforces without the var too: only "false" turns the check off', () => {
		expect(requiresEvaluation({} as Env)).toBe(true);
		expect(requiresEvaluation({ PROMOTION_REQUIRES_EVALUATION: 'no' } as unknown as Env)).toBe(
			true
		);
		expect(requiresEvaluation({ PROMOTION_REQUIRES_EVALUATION: 'false' } as unknown as Env)).toBe(
			false
		);
	});
});
