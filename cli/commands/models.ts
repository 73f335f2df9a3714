import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as ortNode from 'onnxruntime-node';
import * as ortWeb from 'onnxruntime-web';
import { modelManifestSchema, type ModelManifest } from '../../src/lib/contracts/model-card';
import { buildModel, type BuiltModel } from '../../src/lib/ml/build-model';
import { adultSpec } from '../../src/lib/ml/demo/adult';
import { ATTRIBUTION } from '../../src/lib/ml/demo/attribution';
import { bikeSpec } from '../../src/lib/ml/demo/bike';
import { indpensimSpec } from '../../src/lib/ml/demo/indpensim';
import type { DemoModelSpec } from '../../src/lib/ml/demo/spec';
import { CliError, EXIT, type Command } from '../command.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

interface DemoSource {
	files: string[];
	spec: (texts: string[]) => DemoModelSpec;
}

/** The demo models: input files (relative to the data directory) and how to turn them into a spec. */
export const DEMO_MODELS: Record<string, DemoSource> = {
	'penicillin-soft-sensor': {
		files: ['indpensim/indpensim_batches_1-10.csv'],
		spec: ([csv]) => indpensimSpec(csv, ATTRIBUTION.indpensim)
	},
	'adult-income': {
		files: ['adult/adult.data', 'adult/adult.test'],
		spec: ([data, test]) => adultSpec(data, test, ATTRIBUTION.adult)
	},
	'bike-demand': {
		files: ['bike-sharing/hour.csv'],
		spec: ([csv]) => bikeSpec(csv, ATTRIBUTION.bike)
	}
};

function summary(built: BuiltModel, seconds: number): string {
	const m = built.card.metrics.test;
	const metrics =
		built.card.task === 'regression'
			? `test RMSE ${m.rmse}, R² ${m.r2}`
			: `test ROC AUC ${m.roc_auc}, F1 ${m.f1}`;
	const eq = Object.entries(built.equivalence)
		.map(([rt, e]) => `${rt} max |Δ| ${e.maxAbsDiff.toExponential(1)} over ${e.rows} rows`)
		.join(', ');
	return `${built.card.name}@${built.card.version}: ${built.card.training.trees} trees in ${seconds.toFixed(1)} s; ${metrics}; ${eq}`;
}

export const modelsBuild: Command = {
	path: ['models', 'build'],
	summary: 'Train the demo models and write static/models/ (ONNX, model cards, manifest)',
	usage: 'vigil models build [--data-dir DIR] [--out DIR] [--only NAME]…',
	help: `Trains the three demo models (gradient-boosted trees in TypeScript) from the public data
sets, exports each to ONNX, checks that onnxruntime-node and onnxruntime-web reproduce the
TypeScript model on every training row (1e-5), and writes <out>/<name>/<version>/model.onnx,
card.json and <out>/manifest.json. Deterministic: the same data give the same bytes.
--data-dir defaults to data/ (the real data sets kept in the repository), --out to static/models.
Models: ${Object.keys(DEMO_MODELS).join(', ')}.`,
	options: {
		'data-dir': { type: 'string' },
		out: { type: 'string' },
		only: { type: 'string', multiple: true }
	},
	async run(values, _positionals, ctx) {
		const dataDir = resolve(ROOT, String(values['data-dir'] ?? 'data'));
		const outDir = resolve(ROOT, String(values.out ?? 'static/models'));
		const only = (values.only as string[] | undefined) ?? Object.keys(DEMO_MODELS);
		for (const name of only) {
			if (!DEMO_MODELS[name]) {
				throw new CliError(
					`unknown model '${name}'; known: ${Object.keys(DEMO_MODELS).join(', ')}`
				);
			}
		}
		ortWeb.env.wasm.numThreads = 1;
		ortWeb.env.logLevel = 'error';
		const results: {
			name: string;
			version: string;
			trainSeconds: number;
			seconds: number;
			card: string;
			equivalence: BuiltModel['equivalence'];
		}[] = [];
		const entries: ModelManifest['models'] = [];
		for (const name of only) {
			const source = DEMO_MODELS[name];
			const paths = source.files.map((f) => join(dataDir, f));
			for (const p of paths) {
				if (!existsSync(p)) throw new CliError(`data file ${p} not found (use --data-dir)`);
			}
			const texts = await Promise.all(paths.map((p) => readFile(p, 'utf8')));
			// The newest input's modification time, so rebuilding from the same files gives the same card.
			const mtimes = await Promise.all(paths.map(async (p) => (await stat(p)).mtimeMs));
			const trainedAt = new Date(Math.floor(Math.max(...mtimes) / 1000) * 1000).toISOString();
			const started = performance.now();
			const spec = source.spec(texts);
			const parquet = join(ROOT, 'static', spec.reference.location.replace(/^\//, ''));
			const referenceParquetSha256 = existsSync(parquet)
				? createHash('sha256')
						.update(await readFile(parquet))
						.digest('hex')
				: undefined;
			const built = await buildModel(spec, {
				runtimes: { 'onnxruntime-node': ortNode, 'onnxruntime-web': ortWeb },
				trainedAt,
				referenceParquetSha256
			});
			const seconds = (performance.now() - started) / 1000;
			const dir = join(outDir, spec.name, spec.version);
			await mkdir(dir, { recursive: true });
			await writeFile(join(dir, 'model.onnx'), built.onnx);
			await writeFile(join(dir, 'card.json'), `${JSON.stringify(built.card, null, '\t')}\n`);
			entries.push({
				name: spec.name,
				version: spec.version,
				task: spec.task,
				title: spec.title,
				card: `${spec.name}/${spec.version}/card.json`,
				onnx: `${spec.name}/${spec.version}/model.onnx`,
				sha256: built.card.onnx.sha256
			});
			results.push({
				name: spec.name,
				version: spec.version,
				trainSeconds: built.trainSeconds,
				seconds,
				card: join(dir, 'card.json'),
				equivalence: built.equivalence
			});
			if (ctx.format === 'human') ctx.stdout(`${summary(built, built.trainSeconds)}\n`);
		}
		// Keep manifest entries of models not rebuilt this time (--only).
		const manifestPath = join(outDir, 'manifest.json');
		let previous: ModelManifest['models'] = [];
		if (existsSync(manifestPath)) {
			const parsed = modelManifestSchema.safeParse(
				JSON.parse(await readFile(manifestPath, 'utf8'))
			);
			if (parsed.success) previous = parsed.data.models;
		}
		const merged = [
			...previous.filter((p) => !entries.some((e) => e.name === p.name && e.version === p.version)),
			...entries
		].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.version < b.version ? -1 : 1));
		const manifest: ModelManifest = { schema: 'vigil.model-manifest/1', models: merged };
		await writeFile(
			manifestPath,
			`${JSON.stringify(modelManifestSchema.parse(manifest), null, '\t')}\n`
		);
		if (ctx.format === 'json')
			ctx.stdout(`${JSON.stringify({ models: results, manifest: manifestPath })}\n`);
		else ctx.stdout(`wrote ${manifestPath}\n`);
		return EXIT.ok;
	}
};

export const modelsCommands: Command[] = [modelsBuild];
