import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import * as ortNode from 'onnxruntime-node';
import type { GateConfig } from '../../src/lib/contracts/evaluation';
import { labelledPredictionsSchema, type LabelledPredictions } from '../../src/lib/contracts/label';
import { modelCardSchema, type ModelCard } from '../../src/lib/contracts/model-card';
import type { ModelVersionEntry } from '../../src/lib/contracts/models-registry';
import type { ColumnData } from '../../src/lib/drift/types';
import type { EncodedSplit } from '../../src/lib/ml/demo/spec';
import type { OrtModule } from '../../src/lib/ml/model-session';
import { modelInput } from '../../src/lib/pipeline';
import { ChallengerDataError, originalSplit, retrainTask } from '../../src/lib/retrain/challenger';
import { DEFAULT_GATES } from '../../src/lib/retrain/gates';
import {
	challengerVersion,
	TRAIN_STAGES,
	trainChallenger
} from '../../src/lib/retrain/train-challenger';
import { CliError, EXIT, type Command, type CommandContext } from '../command.ts';
import { ApiClient, ApiStatusError, apiCliError } from '../lib/api.ts';
import { asCliError } from '../lib/errors.ts';
import { numberOption, stringOption, strings } from '../lib/options.ts';
import { ProgressBar } from '../lib/progress.ts';
import { loadTable } from '../lib/tables.ts';
import { writeAtomic } from '../lib/files.ts';
import { promote } from './promote.ts';

const DAY_MS = 86_400_000;

/** The production version of a model and its card and ONNX bytes, from the registry. */
export async function fetchChampion(
	api: ApiClient,
	model: string
): Promise<{ entry: ModelVersionEntry; card: ModelCard; onnx: Uint8Array }> {
	const { models } = await api.json<{ models: ModelVersionEntry[] }>(
		'GET',
		`/api/v1/models?name=${encodeURIComponent(model)}&stage=production`
	);
	const entry = models[0];
	if (!entry)
		throw new CliError(
			`${model} has no production version in the registry: promote a champion first (vigil promote --force … or the Models page)`
		);
	const detail = await api.json<{ card: unknown }>(
		'GET',
		`/api/v1/models/${model}/${encodeURIComponent(entry.version)}`
	);
	const parsed = modelCardSchema.safeParse(detail.card);
	if (!parsed.success)
		throw new CliError(
			`the registry's card of ${model}@${entry.version} is not a valid model card`
		);
	const onnx = new Uint8Array(
		await (
			await api.request(
				'GET',
				`/api/v1/models/${model}/${encodeURIComponent(entry.version)}/model.onnx`
			)
		).arrayBuffer()
	);
	return { entry, card: parsed.data, onnx };
}

/** The original training data as an encoded split: the card's features and its target column. */
async function originalData(card: ModelCard, path: string): Promise<EncodedSplit> {
	const names = [...card.features.map((f) => f.name), card.target.name];
	const table = await loadTable('--include-original', path, names);
	try {
		return originalSplit(
			card,
			table.columns as ColumnData[],
			modelInput(card, table.columns as ColumnData[]),
			`--include-original '${path}'`
		);
	} catch (err) {
		if (err instanceof ChallengerDataError) throw new CliError(err.message);
		throw asCliError(err, '--include-original');
	}
}

function gateConfig(values: Record<string, unknown>): Partial<GateConfig> {
	const out: Partial<GateConfig> = {};
	for (const key of Object.keys(DEFAULT_GATES) as (keyof GateConfig)[]) {
		const v = numberOption(values, key.replaceAll('_', '-'));
		if (v !== undefined) out[key] = v;
	}
	return out;
}

function print(ctx: CommandContext, text: string): void {
	if (ctx.format === 'human') ctx.stdout(text);
}

/**
 * Why the latest monitoring report does not ask for a challenger, or undefined when it does
 * (its `vigil.retrain/1` extension's action is train-challenger-through-gates).
 */
async function recommendationBlocker(api: ApiClient, model: string): Promise<string | undefined> {
	let latest: { id: string; report: { extensions?: Record<string, unknown> } };
	try {
		latest = await api.json('GET', `/api/v1/reports/latest?model=${encodeURIComponent(model)}`);
	} catch (err) {
		if (err instanceof ApiStatusError && err.status === 404)
			return `${model} has no monitoring report yet`;
		throw asCliError(apiCliError(err));
	}
	const rec = latest.report.extensions?.['vigil.retrain/1'] as
		{ action?: string; reasons?: string[] } | undefined;
	if (!rec) return `the latest report (${latest.id}) carries no retraining recommendation`;
	if (rec.action === 'train-challenger-through-gates') return undefined;
	const reasons = (rec.reasons ?? []).join('; ');
	return rec.action === 'recommend'
		? `retraining is recommended (${reasons}), but the Worker's RETRAIN_POLICY only recommends: train without --when-recommended, or set RETRAIN_POLICY = "train"`
		: `the latest report (${latest.id}) does not recommend retraining (${reasons})`;
}

export const train: Command = {
	path: ['train'],
	summary: 'Train a challenger from labelled predictions and evaluate it against the champion',
	usage:
		'vigil train --api URL --token T --model NAME --out DIR [--holdout-from ISO] [--from ISO] [--to ISO] [--include-original DATA] [--version V] [--segment FEATURE]… [--when-recommended] [--promote]',
	help: `Pulls the model's labelled predictions from the Worker (GET /api/v1/labels/joined), trains a
challenger with the TypeScript trainer on the rows before --holdout-from (default: the latest 30%
of labelled rows are held out), plus the original training data when --include-original names a
CSV/Parquet file with the card's features and target. The challenger keeps the champion's
features, target and trainer parameters. It is exported to ONNX (checked against onnxruntime-node)
with a model card, then both versions score the same holdout rows and the evaluation gates decide.

Writes DIR/model.onnx, DIR/card.json and DIR/evaluation.json (vigil.evaluation/1). Nothing is
uploaded or promoted: use vigil promote. Exit code 0 when every gate passes, 1 when one fails,
2 on an error.

--when-recommended first reads the model's latest report (GET /api/v1/reports/latest) and trains
only when the monitoring job's retraining recommendation says train-challenger-through-gates (the
Worker's RETRAIN_POLICY = "train", drift persisting and performance degraded); otherwise it prints
why not and exits 0 without writing anything. --promote then promotes the challenger exactly as
vigil promote does (upload, evaluation stored, gates checked by the CLI and the Worker), and only
when every gate passed. Run from a scheduler, the two make retraining automatic yet gated.

Gate thresholds: --min-labelled (200), --min-coverage (0.3), --min-f1-gain (0.02),
--max-rmse-ratio (0.95), --max-brier-increase (0.01), --max-segment-degradation (0.05),
--min-segment-rows (30), --min-shadow-labelled (0: no shadow period required; above 0 the
challenger must first be staged and shadow-scored on live traffic, then evaluated again on the
Models page). Segments: every categorical feature, plus each --segment (a feature
of the prediction records, e.g. the batch id).`,
	options: {
		api: { type: 'string' },
		token: { type: 'string' },
		model: { type: 'string' },
		out: { type: 'string' },
		'holdout-from': { type: 'string' },
		from: { type: 'string' },
		to: { type: 'string' },
		'include-original': { type: 'string' },
		version: { type: 'string' },
		segment: { type: 'string', multiple: true },
		'when-recommended': { type: 'boolean' },
		promote: { type: 'boolean' },
		seed: { type: 'string' },
		'min-labelled': { type: 'string' },
		'min-coverage': { type: 'string' },
		'min-f1-gain': { type: 'string' },
		'max-rmse-ratio': { type: 'string' },
		'max-brier-increase': { type: 'string' },
		'max-segment-degradation': { type: 'string' },
		'min-segment-rows': { type: 'string' },
		'min-shadow-labelled': { type: 'string' }
	},
	async run(values, _positionals, ctx) {
		const base = stringOption(values, 'api');
		const token = stringOption(values, 'token') ?? process.env.VIGIL_TOKEN;
		const model = stringOption(values, 'model');
		const out = stringOption(values, 'out');
		if (!base) throw new CliError('--api is required (e.g. http://127.0.0.1:8787)');
		if (!model) throw new CliError('--model is required');
		if (!out)
			throw new CliError(
				'--out is required (a directory for model.onnx, card.json, evaluation.json)'
			);
		const api = new ApiClient(base, token ?? '', 120_000);
		const config = gateConfig(values);
		const seed = numberOption(values, 'seed');
		const now = new Date();
		const to = stringOption(values, 'to') ?? now.toISOString();
		const from =
			stringOption(values, 'from') ?? new Date(Date.parse(to) - 365 * DAY_MS).toISOString();
		for (const [name, v] of [
			['from', from],
			['to', to]
		] as const)
			if (Number.isNaN(Date.parse(v)))
				throw new CliError(`--${name} must be an ISO date or timestamp, got '${v}'`);

		if (values['when-recommended']) {
			const why = await recommendationBlocker(api, model);
			if (why) {
				if (ctx.format === 'json')
					ctx.stdout(`${JSON.stringify({ trained: false, reason: why })}\n`);
				print(ctx, `${model}: no challenger trained: ${why}\n`);
				return EXIT.ok;
			}
		}

		const bar = new ProgressBar(ctx.stderr, ctx.interactive, TRAIN_STAGES.length + 3);
		try {
			bar.update(0, 'champion');
			const champion = await fetchChampion(api, model);
			retrainTask(champion.card);
			bar.update(1, 'labelled predictions');
			const joined: LabelledPredictions = labelledPredictionsSchema.parse(
				await api.json(
					'GET',
					`/api/v1/labels/joined?model=${encodeURIComponent(model)}&from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`
				)
			);
			bar.update(2, 'original data');
			const originalPath = stringOption(values, 'include-original');
			const original = originalPath
				? { split: await originalData(champion.card, originalPath), description: originalPath }
				: undefined;
			const version =
				stringOption(values, 'version') ?? challengerVersion(champion.entry.version, now);
			let result;
			try {
				result = await trainChallenger({
					champion: {
						version: champion.entry.version,
						sha256: champion.entry.sha256,
						card: champion.card,
						onnx: champion.onnx
					},
					joined,
					ort: ortNode as unknown as OrtModule,
					runtime: 'onnxruntime-node',
					version,
					holdoutFrom: stringOption(values, 'holdout-from'),
					to,
					original,
					segments: strings(values, 'segment'),
					seed,
					config,
					now,
					onProgress: (p) =>
						bar.update(
							3 + p.step,
							p.stage === 'training' && p.round !== undefined
								? `training: round ${p.round} of at most ${p.maxRounds}`
								: p.stage
						)
				});
			} catch (err) {
				if (err instanceof ChallengerDataError) throw err;
				throw asCliError(err, `${model}@${version}`);
			}
			const { card, onnx, evaluation, holdoutFrom } = result;
			const dir = resolve(out);
			await mkdir(dir, { recursive: true });
			await writeAtomic(join(dir, 'model.onnx'), onnx);
			await writeAtomic(join(dir, 'card.json'), `${JSON.stringify(card, null, '\t')}\n`);
			await writeAtomic(
				join(dir, 'evaluation.json'),
				`${JSON.stringify(evaluation, null, '\t')}\n`
			);
			bar.update(TRAIN_STAGES.length + 3, 'done');
			bar.done();

			if (ctx.format === 'json' && !values.promote)
				ctx.stdout(
					`${JSON.stringify({ out: dir, version, passed: evaluation.passed, gates: evaluation.gates })}\n`
				);
			print(
				ctx,
				`${model}: challenger ${version} (${result.trees} trees, ${result.trainRows} training rows) vs champion ${champion.entry.version} on ${result.holdoutRows} holdout rows from ${holdoutFrom}\n`
			);
			for (const g of evaluation.gates)
				print(ctx, `  ${g.passed ? 'pass' : 'FAIL'}  ${g.gate.padEnd(15)} ${g.message}\n`);
			print(
				ctx,
				evaluation.passed
					? `All gates passed. Promote with: vigil promote --api ${api.base} --model ${model} --version ${version} --dir ${dir}\n`
					: `Not promotable: ${evaluation.gates
							.filter((g) => !g.passed)
							.map((g) => g.gate)
							.join(', ')} failed. Wrote ${dir}\n`
			);
			if (values.promote && evaluation.passed)
				return promote.run({ api: base, token, model, version, dir }, [], ctx);
			return evaluation.passed ? EXIT.ok : EXIT.drift;
		} catch (err) {
			bar.done();
			if (err instanceof ChallengerDataError) throw new CliError(err.message);
			throw asCliError(apiCliError(err));
		}
	}
};
