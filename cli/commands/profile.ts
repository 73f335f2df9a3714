import { basename } from 'node:path';
import { CliError, EXIT, type Command } from '../command.ts';
import { StagedOutputs } from '../lib/files.ts';
import { loadModel } from '../lib/model.ts';
import { list, stringOption } from '../lib/options.ts';
import { stageProfile } from '../lib/profile-file.ts';
import { loadReference } from '../lib/reference.ts';
import { isProfileBytes } from '../lib/profile-file.ts';
import { readInput } from '../lib/files.ts';
import { fitAdvancedFile } from '../lib/advanced-reference.ts';

export const profileBuild: Command = {
	path: ['profile', 'build'],
	summary: 'Freeze a reference data set into a profile file (with its SHA-256)',
	usage:
		'vigil profile build --reference FILE --out PROFILE [--columns a,b] [--model CARD] [--target COL] [--where SQL] [--advanced-out FILE]',
	help: `Reads Parquet or CSV through the data engine and writes the reference profile (per column the
sorted values or a quantile sketch, moments, category counts, the SHA-256 of the source) in the
binary VGPF format, and PROFILE.sha256 beside it. 'vigil drift --reference PROFILE' and
'vigil monitor --reference PROFILE' refuse a profile whose bytes no longer match.
With --model the model's score on the reference is stored as the 'prediction' column, so
prediction drift can be computed later without the reference data, and when FILE is the card's reference file its row filter (card.reference.filter,
e.g. the training batches) selects the rows. --where SQL selects rows explicitly (one read-only
expression).
--advanced-out FILE also writes the fitted advanced reference (vigil.advanced-reference/1, JSON) of
the same rows: PCA reconstruction drift over the features and, when the card's task is binary and
--target names the label column, CBPE over the model's score. Upload it with
PUT /api/v1/models/{name}/{version}/reference-advanced.`,
	options: {
		reference: { type: 'string' },
		out: { type: 'string' },
		columns: { type: 'string' },
		model: { type: 'string' },
		target: { type: 'string' },
		where: { type: 'string' },
		'advanced-out': { type: 'string' }
	},
	async run(values, _positionals, ctx) {
		const reference = stringOption(values, 'reference');
		const out = stringOption(values, 'out');
		if (!reference) throw new CliError('--reference FILE is required');
		if (!out) throw new CliError('--out PROFILE is required');
		if (isProfileBytes(await readInput('--reference', reference)))
			throw new CliError(`--reference: '${reference}' is already a profile; give the data file`);
		const modelPath = stringOption(values, 'model');
		const model = modelPath ? await loadModel(modelPath) : undefined;
		const where =
			stringOption(values, 'where') ??
			(model && basename(reference) === basename(model.card.reference.location)
				? model.card.reference.filter
				: undefined);
		const advancedOut = stringOption(values, 'advanced-out');
		const target = stringOption(values, 'target');
		const { profile, columns } = await loadReference(reference, {
			columns: list(values, 'columns'),
			window: where ? { kind: 'where', sql: where } : undefined,
			model,
			target,
			onProgress: (m) => ctx.stderr(`… ${m}\n`)
		});
		const outputs = new StagedOutputs();
		const sha256 = stageProfile(outputs, out, profile);
		const advanced =
			advancedOut && columns
				? fitAdvancedFile(columns, {
						features: model?.card.features.map((f) => f.name) ?? list(values, 'columns'),
						target,
						card: model?.card,
						createdAt: profile.created_at
					})
				: undefined;
		if (advanced && advancedOut)
			outputs.add(advancedOut, `${JSON.stringify(advanced.reference)}\n`);
		await outputs.commit();
		const source = profile.sources[0].sha256;
		if (ctx.format === 'json')
			ctx.stdout(
				`${JSON.stringify({ profile: out, sha256, source_sha256: source, rows: profile.rows, columns: profile.columns.map((c) => ({ name: c.name, type: c.type })), ...(advanced ? { advanced: { file: advancedOut, ...advanced.summary } } : {}) })}\n`
			);
		else
			ctx.stdout(
				`profile ${out}: ${profile.columns.length} columns, ${profile.rows} rows\nSHA-256 ${sha256} (written to ${out}.sha256)\nsource SHA-256 ${source}\n${
					advanced
						? `advanced reference ${advancedOut}: PCA ${advanced.summary.pca_components} components over ${advanced.summary.pca_columns.length} columns (${(advanced.summary.explained_variance * 100).toFixed(1)}% of the variance)${advanced.summary.cbpe ? `, CBPE (${advanced.summary.cbpe_rows} labelled rows)` : ''}\n`
						: ''
				}`
			);
		return EXIT.ok;
	}
};

export const profileCommands: Command[] = [profileBuild];
