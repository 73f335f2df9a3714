import { evaluationSchema, type Evaluation } from '../../../../src/lib/contracts/evaluation';
import type { ModelVersionEntry } from '../../../../src/lib/contracts/models-registry';
import { ApiError } from '../errors';
import { fleetOf } from '../env';
import { storeFromEnv } from '../store';
import { modelKey } from '../store/keys';

/**
 * The stored evaluation of a model version, or undefined.
 *
 * @example
 * const evaluation = await storedEvaluation(env, 'adult', '1.1.0');
 */
export async function storedEvaluation(
	env: Env,
	name: string,
	version: string
): Promise<Evaluation | undefined> {
	const object = await storeFromEnv(env).get(modelKey(name, version, 'evaluation.json'));
	if (!object) return undefined;
	const parsed = evaluationSchema.safeParse(JSON.parse(await object.text()));
	return parsed.success ? parsed.data : undefined;
}

/**
 * Stores the evaluation (`vigil.evaluation/1`) of a registered challenger. One whose `passed`
 * disagrees with its gates, or that evaluated other ONNX bytes, is refused with 422.
 *
 * @example
 * const { failed_gates } = await putEvaluation(env, 'adult', '1.1.0', evaluation);
 */
export async function putEvaluation(
	env: Env,
	name: string,
	version: string,
	evaluation: Evaluation
): Promise<{ stored: true; passed: boolean; failed_gates: string[] }> {
	if (evaluation.model !== name || evaluation.challenger.version !== version)
		throw new ApiError(
			422,
			'unprocessable',
			`The evaluation is of ${evaluation.model}@${evaluation.challenger.version}, not ${name}@${version}`
		);
	const failed = evaluation.gates.filter((g) => !g.passed).map((g) => g.gate);
	if (evaluation.passed !== (failed.length === 0))
		throw new ApiError(
			422,
			'unprocessable',
			`The evaluation says passed: ${evaluation.passed}, but ${failed.length ? `gate(s) ${failed.join(', ')} failed` : 'every gate passed'}`
		);
	const entry = await fleetOf(env).getModel(name, version);
	if (!entry)
		throw new ApiError(
			404,
			'not_found',
			`No model ${name}@${version}: upload it before its evaluation`
		);
	if (evaluation.challenger.sha256 && evaluation.challenger.sha256 !== entry.sha256)
		throw new ApiError(
			422,
			'unprocessable',
			`The evaluation is of other ONNX bytes than ${name}@${version} in the registry`,
			{ registered: entry.sha256, evaluated: evaluation.challenger.sha256 }
		);
	await storeFromEnv(env).put(
		modelKey(name, version, 'evaluation.json'),
		JSON.stringify(evaluation),
		{
			contentType: 'application/json'
		}
	);
	return { stored: true, passed: evaluation.passed, failed_gates: failed };
}

/**
 * Whether promotion to production checks the evaluation: on unless the var
 * PROMOTION_REQUIRES_EVALUATION is "false" (a deployment that promotes by other means).
 *
 * @example
 * requiresEvaluation({ PROMOTION_REQUIRES_EVALUATION: 'false' } as Env); // false
 */
export function requiresEvaluation(env: Env): boolean {
	return (
		(env as { PROMOTION_REQUIRES_EVALUATION?: string }).PROMOTION_REQUIRES_EVALUATION !== 'false'
	);
}

/**
 * The evaluation gate of a promotion to production over another production version: unless
 * PROMOTION_REQUIRES_EVALUATION is "false" or the admin forces it, the challenger needs a stored,
 * passing evaluation made against the version in production now (409 otherwise, naming why).
 */
async function checkPromotion(env: Env, name: string, version: string): Promise<void> {
	const fleet = fleetOf(env);
	const current = (await fleet.listModels({ name, stage: 'production' }))[0];
	const target = await fleet.getModel(name, version);
	if (!current || !target || current.version === version) return;
	const evaluation = await storedEvaluation(env, name, version);
	if (!evaluation)
		throw new ApiError(
			409,
			'conflict',
			`${name}@${version} has no evaluation: ${current.version} is in production, so a challenger must pass the evaluation gates first (PUT …/evaluation), or send force: true`,
			{ production: current.version }
		);
	if (!evaluation.passed)
		throw new ApiError(
			409,
			'conflict',
			`${name}@${version} failed the evaluation gate(s) ${evaluation.gates
				.filter((g) => !g.passed)
				.map((g) => g.gate)
				.join(', ')}: nothing promoted`,
			{ gates: evaluation.gates.filter((g) => !g.passed) }
		);
	if (evaluation.champion.version !== current.version)
		throw new ApiError(
			409,
			'conflict',
			`${name}@${version} was evaluated against ${evaluation.champion.version}, but ${current.version} is in production: evaluate it again`,
			{ production: current.version, evaluated_against: evaluation.champion.version }
		);
}

/**
 * Moves a version to a stage; promoting to production archives the previous production version
 * in the same transaction, after the evaluation gate (skipped with `force`).
 *
 * @example
 * const { entry, archived } = await promoteModel(env, 'adult', '1.1.0', 'production');
 */
export async function promoteModel(
	env: Env,
	name: string,
	version: string,
	stage: 'production' | 'staging' | 'archived',
	{ force = false }: { force?: boolean } = {}
): Promise<{ entry: ModelVersionEntry; archived: string[] }> {
	if (stage === 'production' && !force && requiresEvaluation(env))
		await checkPromotion(env, name, version);
	const result = await fleetOf(env).promote(name, version, stage);
	if (!result) throw new ApiError(404, 'not_found', `No model ${name}@${version}`);
	return result;
}
