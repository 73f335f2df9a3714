import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { evaluationSchema, type Evaluation } from '../../src/lib/contracts/evaluation';
import { modelCardSchema, type ModelCard } from '../../src/lib/contracts/model-card';
import type { ModelVersionEntry } from '../../src/lib/contracts/models-registry';
import { sha256Hex } from '../../src/lib/ml/model-session';
import { CliError, EXIT, type Command, type CommandContext } from '../command.ts';
import { ApiClient, ApiStatusError, apiCliError } from '../lib/api.ts';
import { readInput } from '../lib/files.ts';
import { stringOption } from '../lib/options.ts';

async function readJson(option: string, path: string): Promise<unknown> {
	const text = new TextDecoder().decode(await readInput(option, path));
	try {
		return JSON.parse(text);
	} catch {
		throw new CliError(`${option}: '${path}' is not JSON`);
	}
}

/**
 * Checks that an evaluation allows promoting `model@version` over the current production version:
 * the right model and version, every gate passed, and the champion it was compared with still in
 * production. Throws a CliError naming what is wrong (and the failed gates with their figures).
 *
 * @example
 * assertPromotable(evaluation, 'penicillin-soft-sensor', '1.1.0', '1.0.0');
 */
export function assertPromotable(
	evaluation: Evaluation,
	model: string,
	version: string,
	production: string | undefined
): void {
	if (evaluation.model !== model)
		throw new CliError(`the evaluation is of ${evaluation.model}, not ${model}: nothing promoted`);
	if (evaluation.challenger.version !== version)
		throw new CliError(
			`the evaluation is of ${model}@${evaluation.challenger.version}, not ${version}: nothing promoted`
		);
	if (!evaluation.passed) {
		const failed = evaluation.gates.filter((g) => !g.passed);
		throw new CliError(
			`refusing to promote ${model}@${version}: the evaluation failed ${failed.length} gate(s): ${failed
				.map((g) => `${g.gate} (${g.message})`)
				.join('; ')}. Nothing promoted`
		);
	}
	if (production !== undefined && evaluation.champion.version !== production)
		throw new CliError(
			`refusing to promote ${model}@${version}: it was evaluated against ${evaluation.champion.version}, but ${production} is in production now; re-run vigil train. Nothing promoted`
		);
}

function base64(bytes: Uint8Array): string {
	return Buffer.from(bytes).toString('base64');
}

/** Uploads the challenger from its directory unless the registry already holds the same bytes. */
async function ensureUploaded(
	api: ApiClient,
	model: string,
	version: string,
	dir: string | undefined,
	expectedSha256: string | undefined
): Promise<void> {
	try {
		const entry = await api.json<{ sha256: string }>(
			'GET',
			`/api/v1/models/${model}/${encodeURIComponent(version)}`
		);
		if (expectedSha256 && entry.sha256 !== expectedSha256)
			throw new CliError(
				`${model}@${version} in the registry is not the model that was evaluated (SHA-256 ${entry.sha256.slice(0, 12)}…, evaluated ${expectedSha256.slice(0, 12)}…): nothing promoted`
			);
		return;
	} catch (err) {
		if (!(err instanceof ApiStatusError && err.status === 404)) throw err;
	}
	if (!dir)
		throw new CliError(
			`${model}@${version} is not in the registry: pass --dir (the vigil train output) to upload it`
		);
	const parsed = modelCardSchema.safeParse(await readJson('--dir', join(dir, 'card.json')));
	if (!parsed.success) throw new CliError(`--dir: ${join(dir, 'card.json')} is not a model card`);
	const card: ModelCard = parsed.data;
	if (card.name !== model || card.version !== version)
		throw new CliError(`--dir holds ${card.name}@${card.version}, not ${model}@${version}`);
	const onnx = await readInput('--dir', join(dir, card.onnx.file));
	if ((await sha256Hex(onnx)) !== card.onnx.sha256)
		throw new CliError(`--dir: ${card.onnx.file} does not match the SHA-256 of its card`);
	if (expectedSha256 && card.onnx.sha256 !== expectedSha256)
		throw new CliError(
			`--dir holds other bytes than the ones evaluated (SHA-256 ${card.onnx.sha256.slice(0, 12)}…, evaluated ${expectedSha256.slice(0, 12)}…): nothing promoted`
		);
	await api.json('PUT', `/api/v1/models/${model}/${encodeURIComponent(version)}`, {
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ card, onnx_base64: base64(onnx) })
	});
}

/**
 * Stores the evaluation beside the version in the registry, where the Worker checks it before a
 * promotion to production. A Worker without the evaluation route (404 on the route itself) is
 * left to the CLI's own check.
 */
async function storeEvaluation(
	api: ApiClient,
	model: string,
	version: string,
	evaluation: Evaluation
): Promise<void> {
	try {
		await api.json('PUT', `/api/v1/models/${model}/${encodeURIComponent(version)}/evaluation`, {
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify(evaluation)
		});
	} catch (err) {
		if (err instanceof ApiStatusError && err.status === 404 && /^No API route/.test(err.detail))
			return;
		throw err;
	}
}

/**
 * Promotes a version to production. A rollback restores a version that was in production before
 * and was never a challenger of the current one, so when the Worker asks for an evaluation it is
 * retried with `force: true` (the promote route needs an admin token either way).
 */
async function promoteTo(
	api: ApiClient,
	model: string,
	version: string,
	rollback: boolean
): Promise<{ archived: string[] }> {
	const post = (body: unknown) =>
		api.json<{ archived: string[] }>(
			'POST',
			`/api/v1/models/${model}/${encodeURIComponent(version)}/promote`,
			{ headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }
		);
	try {
		return await post({ stage: 'production' });
	} catch (err) {
		if (rollback && err instanceof ApiStatusError && err.status === 409)
			return post({ stage: 'production', force: true });
		throw err;
	}
}

function say(ctx: CommandContext, human: string, json: unknown): void {
	ctx.stdout(ctx.format === 'json' ? `${JSON.stringify(json)}\n` : `${human}\n`);
}

export const promote: Command = {
	path: ['promote'],
	summary: 'Promote a challenger to production once its evaluation passed, or roll back',
	usage:
		'vigil promote --api URL --token T --model NAME (--version V [--evaluation FILE] [--dir DIR] | --rollback)',
	help: `Promotes NAME@V to production through the model registry (the previous production version is
archived; devices pick the new one up on their next sync). The evaluation written by vigil train
(--evaluation, default DIR/evaluation.json) must have passed every gate and must have been made
against the version now in production; otherwise nothing is promoted and the failed gates are
named. When V is not registered yet, it is uploaded from --dir (model.onnx and card.json). The very
first production version of a model has no champion to beat and is promoted without evaluation.

--rollback restores the most recently archived version to production (archiving the current one).`,
	options: {
		api: { type: 'string' },
		token: { type: 'string' },
		model: { type: 'string' },
		version: { type: 'string' },
		evaluation: { type: 'string' },
		dir: { type: 'string' },
		rollback: { type: 'boolean' }
	},
	async run(values, _positionals, ctx) {
		const base = stringOption(values, 'api');
		const token = stringOption(values, 'token') ?? process.env.VIGIL_TOKEN;
		const model = stringOption(values, 'model');
		if (!base) throw new CliError('--api is required (e.g. http://127.0.0.1:8787)');
		if (!model) throw new CliError('--model is required');
		const api = new ApiClient(base, token ?? '');
		try {
			const { models } = await api.json<{ models: ModelVersionEntry[] }>(
				'GET',
				`/api/v1/models?name=${encodeURIComponent(model)}`
			);
			const production = models.find((m) => m.stage === 'production');

			if (values.rollback) {
				if (values.version !== undefined)
					throw new CliError('--rollback restores the previous version: leave out --version');
				const previous = models
					.filter((m) => m.stage === 'archived' && m.version !== production?.version)
					.sort((a, b) => b.updated_at.localeCompare(a.updated_at))[0];
				if (!previous)
					throw new CliError(`${model} has no archived version to roll back to: nothing changed`);
				const result = await promoteTo(api, model, previous.version, true);
				say(
					ctx,
					`${model}: rolled back to ${previous.version}${result.archived.length ? ` (archived ${result.archived.join(', ')})` : ''}`,
					{ model, production: previous.version, archived: result.archived }
				);
				return EXIT.ok;
			}

			const version = stringOption(values, 'version');
			if (!version) throw new CliError('--version is required (or --rollback)');
			if (production?.version === version) {
				say(ctx, `${model}@${version} is already in production`, {
					model,
					production: version,
					archived: []
				});
				return EXIT.ok;
			}
			const dirOption = stringOption(values, 'dir');
			const evaluationPath =
				stringOption(values, 'evaluation') ??
				(dirOption ? join(dirOption, 'evaluation.json') : undefined);
			const dir = dirOption ?? (evaluationPath ? dirname(resolve(evaluationPath)) : undefined);
			let evaluation: Evaluation | undefined;
			if (production) {
				if (!evaluationPath || !existsSync(evaluationPath))
					throw new CliError(
						`refusing to promote ${model}@${version} without an evaluation: ${production.version} is in production, so the challenger must pass the gates first (vigil train, then --evaluation FILE). Nothing promoted`
					);
				const parsed = evaluationSchema.safeParse(await readJson('--evaluation', evaluationPath));
				if (!parsed.success)
					throw new CliError(
						`--evaluation: '${evaluationPath}' is not a vigil.evaluation/1 record (${parsed.error.issues[0]?.path.join('.')}: ${parsed.error.issues[0]?.message}). Nothing promoted`
					);
				assertPromotable(parsed.data, model, version, production.version);
				evaluation = parsed.data;
			}
			await ensureUploaded(
				api,
				model,
				version,
				dir && existsSync(dir) ? dir : undefined,
				evaluation?.challenger.sha256
			);
			if (evaluation) await storeEvaluation(api, model, version, evaluation);
			const result = await promoteTo(api, model, version, false);
			say(
				ctx,
				`${model}@${version} is in production${result.archived.length ? `; archived ${result.archived.join(', ')} (vigil promote --rollback restores it)` : ''}`,
				{ model, production: version, archived: result.archived }
			);
			return EXIT.ok;
		} catch (err) {
			throw apiCliError(err);
		}
	}
};
