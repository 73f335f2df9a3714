import { Hono, type Context, type MiddlewareHandler } from 'hono';
import { safeNameSchema, versionSchema } from '../../../../src/lib/contracts/common';
import { evaluationSchema, type Evaluation } from '../../../../src/lib/contracts/evaluation';
import { authenticate, requireScope } from '../auth';
import { parseJson, readBody, utf8, validate } from '../body';
import { ApiError } from '../errors';
import { fleetOf, type AppEnv } from '../env';
import { storeFromEnv, StorageError } from '../storage';

const evaluationKey = (name: string, version: string) =>
	`models/${name}/${version}/evaluation.json`;

function nameVersion(c: Context<AppEnv>): { name: string; version: string } | undefined {
	const name = c.req.param('name') ?? '';
	const version = c.req.param('version') ?? '';
	if (!safeNameSchema.safeParse(name).success || !versionSchema.safeParse(version).success)
		return undefined;
	return { name, version };
}

/** The stored evaluation of a model version, or undefined. */
async function storedEvaluation(
	env: Env,
	name: string,
	version: string
): Promise<Evaluation | undefined> {
	const object = await storeFromEnv(env).get(evaluationKey(name, version));
	if (!object) return undefined;
	const parsed = evaluationSchema.safeParse(JSON.parse(await object.text()));
	return parsed.success ? parsed.data : undefined;
}

/**
 * /api/v1/models/{name}/{version}/evaluation: the evaluation (`vigil.evaluation/1`) that lets a
 * challenger be promoted to production. A record whose `passed` disagrees with its gates is refused.
 */
export const evaluations = new Hono<AppEnv>()
	.put('/models/:name/:version/evaluation', requireScope('admin'), async (c) => {
		const ids = nameVersion(c);
		if (!ids)
			throw new ApiError(
				400,
				'bad_request',
				'A model name and version are letters, digits, ".", "_", "+" and "-" only'
			);
		const { name, version } = ids;
		const evaluation = validate(
			evaluationSchema,
			parseJson(utf8(await readBody(c, 16 * 1024 * 1024))),
			'evaluation'
		);
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
		const entry = await fleetOf(c.env).getModel(name, version);
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
		try {
			await storeFromEnv(c.env).put(evaluationKey(name, version), JSON.stringify(evaluation), {
				contentType: 'application/json'
			});
		} catch (err) {
			if (err instanceof StorageError)
				throw new ApiError(
					503,
					'storage_unavailable',
					'Object storage did not accept the evaluation; retry later'
				);
			throw err;
		}
		return c.json({ stored: true, passed: evaluation.passed, failed_gates: failed }, 201);
	})
	.get('/models/:name/:version/evaluation', requireScope('read'), async (c) => {
		const ids = nameVersion(c);
		if (!ids) throw new ApiError(400, 'bad_request', 'Not a model name and version');
		const evaluation = await storedEvaluation(c.env, ids.name, ids.version);
		if (!evaluation)
			throw new ApiError(404, 'not_found', `No evaluation of ${ids.name}@${ids.version}`);
		return c.json(evaluation);
	});

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
 * Guards POST /api/v1/models/{name}/{version}/promote: unless PROMOTION_REQUIRES_EVALUATION is "false",
 * promoting to production over another production version needs a stored, passing evaluation made
 * against that version, unless the body says `force: true` (the route requires an admin token). `force` is removed before
 * the registry route validates the body. Requests it cannot judge (no admin token, bad JSON) go on
 * unchanged so the route answers them as before.
 *
 * @example
 * app.use('/api/v1/models/:name/:version/promote', promotionGuard());
 */
export function promotionGuard(): MiddlewareHandler<AppEnv> {
	return async (c, next) => {
		if (c.req.method !== 'POST') return next();
		let caller;
		try {
			caller = await authenticate(c.req.header('authorization'), c.env.VIGIL_TOKENS);
		} catch {
			return next();
		}
		const ids = nameVersion(c);
		if (!caller || !caller.scopes.includes('admin') || !ids) return next();
		const bytes = await readBody(c, 4096);
		let body: unknown;
		try {
			body = JSON.parse(new TextDecoder().decode(bytes));
		} catch {
			body = undefined;
		}
		let forward: BodyInit = bytes;
		if (body !== null && typeof body === 'object' && !Array.isArray(body)) {
			const { force, ...rest } = body as { force?: unknown; stage?: unknown };
			if (force !== undefined && typeof force !== 'boolean')
				throw new ApiError(422, 'unprocessable', 'force must be true or false');
			if ('force' in body) forward = JSON.stringify(rest);
			if (rest.stage === 'production' && force !== true && requiresEvaluation(c.env)) {
				const { name, version } = ids;
				const current = (await fleetOf(c.env).listModels({ name, stage: 'production' }))[0];
				const target = await fleetOf(c.env).getModel(name, version);
				if (current && target && current.version !== version) {
					const evaluation = await storedEvaluation(c.env, name, version);
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
			}
		}
		const headers = new Headers(c.req.raw.headers);
		headers.delete('content-length');
		c.req.raw = new Request(c.req.raw.url, { method: 'POST', headers, body: forward });
		return next();
	};
}
