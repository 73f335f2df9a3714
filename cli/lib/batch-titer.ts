import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import {
	BatchInputError,
	forecastRecord,
	medianStep,
	referenceTiters,
	sealReference,
	TiterForecaster,
	titerReference,
	type BatchReference,
	type BatchSeries,
	type TiterReference
} from '../../src/lib/batch';
import type { BatchForecast } from '../../src/lib/contracts/batch-forecast';
import type { TabularModel } from '../../src/lib/ml/model-session';
import { CliError } from '../command.ts';
import type { BatchFile } from './batch-files.ts';
import { loadModel, scoreColumns } from './model.ts';
import { stringOption } from './options.ts';

/** Where the soft sensor's titer comes from: a column of the data, or a model scored on it. */
export type TiterSource =
	| { kind: 'column'; column: string; assayColumn?: string }
	| { kind: 'model'; model: TabularModel; assayColumn?: string };

/** The titer options shared by `batch reference` and `batch monitor`. */
export const titerOptions = {
	'titer-column': { type: 'string' },
	titer: { type: 'string' },
	model: { type: 'string' },
	'assay-column': { type: 'string' }
} as const;

/**
 * Reads `--titer-column COL` (or its older name `--titer`) or `--model DIR|card.json`, and
 * `--assay-column COL`; undefined when no titer is asked for.
 *
 * @example
 * const source = await titerSource(values); // { kind: 'model', model, assayColumn: 'P_offline' }
 */
export async function titerSource(
	values: Record<string, unknown>
): Promise<TiterSource | undefined> {
	const column = stringOption(values, 'titer-column') ?? stringOption(values, 'titer');
	const modelPath = stringOption(values, 'model');
	const assayColumn = stringOption(values, 'assay-column');
	if (column && modelPath) throw new CliError('give --titer-column or --model, not both');
	if (!column && !modelPath) {
		if (assayColumn)
			throw new CliError(
				'--assay-column corrects a titer: give --titer-column COL or --model DIR too'
			);
		return undefined;
	}
	if (column) return { kind: 'column', column, assayColumn };
	const isDir = await stat(modelPath!).then(
		(s) => s.isDirectory(),
		() => false
	);
	const model = await loadModel(isDir ? join(modelPath!, 'card.json') : modelPath!, '--model');
	if (model.card.task !== 'regression')
		throw new CliError(
			`--model: '${model.card.name}' is a ${model.card.task} model; a titer needs a regression model`
		);
	return { kind: 'model', model, assayColumn };
}

/**
 * The columns a titer source needs from the data besides the batch and time columns.
 *
 * @example
 * titerColumns(source, 'Time (h)'); // ['P_offline', 'Aeration rate', …]
 */
export function titerColumns(s: TiterSource, timeColumn: string): string[] {
	const own = s.kind === 'column' ? [s.column] : s.model.card.features.map((f) => f.name);
	return [...own, ...(s.assayColumn ? [s.assayColumn] : [])].filter((c) => c !== timeColumn);
}

const label = (s: TiterSource) =>
	s.kind === 'column' ? s.column : `${s.model.card.name}@${s.model.card.version}`;

function column(file: BatchFile, b: BatchSeries, name: string, timeColumn: string): Float64Array {
	if (name === timeColumn) return b.time;
	const j = file.variables.indexOf(name);
	if (j < 0) throw new CliError(`--data: '${file.path}' has no numeric column '${name}'`);
	return b.values[j];
}

/**
 * The soft sensor's titer and the assays of every batch of a file: the column as read, or the
 * model scored on the batch's rows.
 *
 * @example
 * const t = await batchTiters(source, file, 'Time (h)'); // [{ soft, assay }, …] per batch
 */
export async function batchTiters(
	s: TiterSource,
	file: BatchFile,
	timeColumn: string
): Promise<{ soft: Float64Array; assay?: Float64Array }[]> {
	const out = [];
	for (const b of file.batches) {
		const assay = s.assayColumn ? column(file, b, s.assayColumn, timeColumn) : undefined;
		if (s.kind === 'column') {
			out.push({ soft: column(file, b, s.column, timeColumn), assay });
			continue;
		}
		const cols = s.model.card.features.map((f) => ({
			name: f.name,
			type: 'numerical' as const,
			values: column(file, b, f.name, timeColumn)
		}));
		out.push({ soft: await scoreColumns(s.model, cols), assay });
	}
	return out;
}

/**
 * The titer part of a new reference: each reference batch's titer corrected in hindsight by its
 * assays (the trailing median over 10 sampling steps first), and the correction's noise.
 *
 * @example
 * const t = await referenceTiterInput(source, files, 'Time (h)');
 * const ref = withTiterMeta(buildBatchReference({ …, titer: t.titer }), t.meta);
 */
export async function referenceTiterInput(s: TiterSource, files: BatchFile[], timeColumn: string) {
	const per: { soft: Float64Array; assay?: Float64Array }[] = [];
	for (const f of files) per.push(...(await batchTiters(s, f, timeColumn)));
	const batches = files.flatMap((f) => f.batches);
	const medianWindow = 10 * medianStep(batches);
	let t;
	try {
		t = referenceTiters(
			batches.map((b, i) => ({ time: b.time, ...per[i] })),
			medianWindow
		);
	} catch (err) {
		if (err instanceof BatchInputError)
			throw new CliError(`--assay-column '${s.assayColumn}': ${err.message}`);
		throw err;
	}
	const meta: NonNullable<BatchReference['titer']> = {
		column: label(s),
		trajectories: [],
		median_window: medianWindow,
		model:
			s.kind === 'model'
				? {
						name: s.model.card.name,
						version: s.model.card.version,
						onnx_sha256: s.model.card.onnx.sha256
					}
				: null,
		correction:
			t.noise && s.assayColumn
				? {
						assay_column: s.assayColumn,
						process_variance: t.noise.processVariance,
						measurement_variance: t.noise.measurementVariance,
						initial_variance: t.noise.initialVariance,
						assays: t.noise.assays
					}
				: null
	};
	return { titer: { column: label(s), values: t.values }, meta };
}

/**
 * Adds the titer's source and correction to a freshly built reference and seals it again.
 *
 * @example
 * const sealed = withTiterMeta(ref, meta);
 */
export function withTiterMeta(
	ref: BatchReference,
	meta: NonNullable<BatchReference['titer']>
): BatchReference {
	const { content_sha256: _old, ...rest } = ref;
	return sealReference({
		...rest,
		titer: { ...meta, trajectories: ref.titer?.trajectories ?? [] }
	});
}

/**
 * The reference's titer, checked against the source the monitor was given: the same model (name,
 * version and ONNX digest), or a column when the reference was built from a column; an assay
 * column only when the reference carries the correction's noise.
 *
 * @example
 * const titerRef = monitorTiterReference(ref, source);
 */
export function monitorTiterReference(ref: BatchReference, s: TiterSource): TiterReference {
	let t: TiterReference;
	try {
		t = titerReference(ref);
	} catch (err) {
		if (err instanceof BatchInputError) throw new CliError(`--reference: ${err.message}`);
		throw err;
	}
	const m = ref.titer!.model;
	if (s.kind === 'model') {
		const c = s.model.card;
		if (!m)
			throw new CliError(
				`--model: the reference's titer is the column '${ref.titer!.column}', not a model; use --titer-column`
			);
		if (m.name !== c.name || m.version !== c.version || m.onnx_sha256 !== c.onnx.sha256)
			throw new CliError(
				`--model: the reference's titer came from ${m.name}@${m.version} (ONNX ${m.onnx_sha256.slice(0, 12)}…), not ${c.name}@${c.version} (ONNX ${c.onnx.sha256.slice(0, 12)}…)`
			);
	} else if (m)
		throw new CliError(
			`--titer-column: the reference's titer came from the model ${m.name}@${m.version}; use --model`
		);
	if (s.assayColumn && !t.noise)
		throw new CliError(
			`--assay-column: the reference was built without assays, so the correction's noise is unknown; rebuild it with --assay-column`
		);
	return s.assayColumn ? t : { ...t, noise: null };
}

/**
 * Replays one batch through a TiterForecaster (rows in time order, each assay at its row's time)
 * and returns the report's `forecast` record.
 *
 * @example
 * verdict.forecast = forecastBatch(titerRef, b.time, soft, assay, 'P_offline');
 */
export function forecastBatch(
	ref: TiterReference,
	time: Float64Array,
	soft: Float64Array,
	assay: Float64Array | undefined,
	assayColumn: string | null
): BatchForecast {
	const f = new TiterForecaster(ref);
	for (let r = 0; r < time.length; r++) {
		f.pushRow(time[r], soft[r]);
		if (assay && Number.isFinite(assay[r])) f.pushAssay({ time: time[r], value: assay[r] });
	}
	f.finish();
	return forecastRecord(f.forecast(), assayColumn);
}

const n = (x: number) => String(Number(x.toPrecision(4)));
const range = (lo: number, hi: number) => `${n(lo)}–${n(hi)}`;

/**
 * The forecast of one batch as indented lines for the human output.
 *
 * @example
 * forecastLines(verdict.forecast); // ['titer now 7.93 (6.73–9.13), …', 'harvest: …']
 */
export function forecastLines(f: BatchForecast): string[] {
	if (!f.corrected) return [`titer (${f.titer}): ${f.notes.join('; ')}`];
	const by =
		f.basis === 'assays'
			? `corrected by ${f.bias!.used} assay${f.bias!.used === 1 ? '' : 's'}`
			: 'soft sensor alone';
	const pct = `${Math.round(f.level * 100)} %`;
	const lines = [
		`titer (${f.titer}, ${by}) at ${n(f.time!)}: ${n(f.corrected.value)} (${pct} band ${range(f.corrected.low, f.corrected.high)}); soft sensor ${n(f.soft!)}`
	];
	const parts = [];
	if (f.final)
		parts.push(
			`final ${n(f.final.value)} (${range(f.final.low, f.final.high)}) at about ${n(f.final.time)}`
		);
	if (f.peak)
		parts.push(
			`peak ${n(f.peak.value)} (${range(f.peak.low, f.peak.high)}) at ${f.peak.passed ? '' : 'about '}${n(f.peak.time)}${f.peak.passed ? ', passed' : ''}`
		);
	if (parts.length) lines.push(`forecast: ${parts.join('; ')}`);
	if (f.harvest) lines.push(`harvest: ${f.harvest.message}`);
	return [...lines, ...f.notes];
}
