import { basename } from 'node:path';
import {
	BatchInputError,
	BatchMonitor,
	buildBatchReference,
	fixedChanges,
	verifyBatchReference,
	type BatchReference,
	type BatchSummary
} from '../../src/lib/batch';
import { batchReferenceSchema } from '../../src/lib/contracts/batch-reference';
import type { BatchReport, BatchVerdict } from '../../src/lib/contracts/batch-report';
import { CliError, EXIT, type Command, type CommandContext } from '../command.ts';
import { checkDistinctBatches, readBatchFile } from '../lib/batch-files.ts';
import {
	batchTiters,
	forecastBatch,
	forecastLines,
	monitorTiterReference,
	referenceTiterInput,
	titerColumns,
	titerOptions,
	titerSource,
	withTiterMeta
} from '../lib/batch-titer.ts';
import { readInput, StagedOutputs } from '../lib/files.ts';
import { list, stringOption, strings } from '../lib/options.ts';

function required(values: Record<string, unknown>, name: string, what: string): string {
	const v = stringOption(values, name);
	if (!v) throw new CliError(`--${name} ${what} is required`);
	return v;
}

function asCli(err: unknown): never {
	if (err instanceof BatchInputError) throw new CliError(err.message);
	throw err;
}

async function runReference(values: Record<string, unknown>, ctx: CommandContext) {
	const paths = strings(values, 'data');
	if (paths.length === 0) throw new CliError('--data FILE is required (repeat it for more files)');
	const batchColumn = required(values, 'batch-column', 'COL');
	const timeColumn = required(values, 'time-column', 'COL');
	const out = required(values, 'out', 'REF.json');
	const columns = list(values, 'columns');
	const source = await titerSource(values);
	const extra = source ? titerColumns(source, timeColumn) : [];
	// The titer and the assays are what is forecast, not monitored; a model's inputs stay monitored.
	const notMonitored = source
		? [...(source.kind === 'column' ? [source.column] : []), source.assayColumn ?? '']
		: [];
	const files = [];
	for (const p of paths) {
		ctx.stderr(`… reading ${p}\n`);
		files.push(
			await readBatchFile('--data', p, {
				batchColumn,
				timeColumn,
				columns,
				extra
			})
		);
	}
	checkDistinctBatches(files);
	const variables = columns ?? files[0].variables.filter((v) => !notMonitored.includes(v));
	for (const f of files)
		for (const v of [...variables, ...extra])
			if (!f.variables.includes(v))
				throw new CliError(
					`--data: '${f.path}' has no numeric column '${v}' (the first file has it)`
				);
	const batches = files.flatMap((f) =>
		f.batches.map((b) => ({
			...b,
			values: variables.map((v) => b.values[f.variables.indexOf(v)])
		}))
	);
	const titer = source ? await referenceTiterInput(source, files, timeColumn) : undefined;
	for (const f of files)
		if (f.sortedBatches.length)
			ctx.stderr(
				`note: ${f.path}: rows of batch ${f.sortedBatches.join(', ')} were not in time order; sorted by '${timeColumn}'\n`
			);
	ctx.stderr(`… building the reference from ${batches.length} batches\n`);
	let ref: BatchReference;
	try {
		ref = buildBatchReference({
			name: basename(out).replace(/\.json$/i, ''),
			batchColumn,
			timeColumn,
			variables,
			batches,
			sources: files.map((f) => ({
				name: basename(f.path),
				sha256: f.sha256,
				rows: f.rows,
				batches: f.batches.map((b) => b.id)
			})),
			titer: titer?.titer
		});
	} catch (err) {
		asCli(err);
	}
	if (titer) ref = withTiterMeta(ref, titer.meta);
	const staged = new StagedOutputs();
	staged.add(out, `${JSON.stringify(ref)}\n`);
	await staged.commit();
	if (ctx.format === 'json') {
		ctx.stdout(
			`${JSON.stringify({ reference: out, content_sha256: ref.content_sha256, batches: ref.batches.map((b) => b.id), variables: ref.variables, excluded: ref.excluded, components: ref.pca.components, run_rule: ref.run_rule })}\n`
		);
		return EXIT.ok;
	}
	const end = ref.grid.start + (ref.grid.length - 1) * ref.grid.step;
	const lines = [
		`batch reference ${out}: ${ref.batches.length} batches (${ref.batches.map((b) => b.id).join(', ')}), ${ref.variables.length} variables, batch time ${ref.grid.start}–${Number(end.toPrecision(6))} every ${ref.grid.step}`,
		`PCA: ${ref.pca.components} components (${(ref.pca.explained * 100).toFixed(1)} % of the scaled variance); limits at ${ref.limits.levels.map((l) => `${l * 100} %`).join(' and ')}; alarm after ${ref.run_rule.points} consecutive points past the ${ref.run_rule.level * 100} % limit`,
		...ref.excluded.map(
			(e) =>
				`left out: ${e.column} (${e.reason === 'constant' ? `constant ${e.value} in every reference row; changes are reported` : `values in ${(e.present * 100).toFixed(1)} % of the rows`})`
		),
		...(ref.titer ? [titerLine(ref.titer)] : []),
		`content SHA-256 ${ref.content_sha256}`
	];
	ctx.stdout(`${lines.join('\n')}\n`);
	return EXIT.ok;
}

function titerLine(t: NonNullable<BatchReference['titer']>): string {
	const c = t.correction;
	return c
		? `titer: ${t.column}, corrected by the assays in '${c.assay_column}' (${c.assays} reference assays: bias drift q = ${c.process_variance.toPrecision(3)} per time unit, residual variance R = ${c.measurement_variance.toPrecision(3)})`
		: `titer: ${t.column}, no assay correction (no --assay-column)`;
}

async function readReference(path: string): Promise<BatchReference> {
	const text = new TextDecoder().decode(await readInput('--reference', path));
	let raw: unknown;
	try {
		raw = JSON.parse(text);
	} catch {
		throw new CliError(`--reference: '${path}' is not JSON`);
	}
	const parsed = batchReferenceSchema.safeParse(raw);
	if (!parsed.success)
		throw new CliError(
			`--reference: '${path}' is not a usable vigil.batch-reference/2 (${parsed.error.issues
				.slice(0, 3)
				.map((i) => `${i.path.join('.')}: ${i.message}`)
				.join('; ')})`
		);
	try {
		// The JSON as read, so that the digest covers exactly the bytes' numbers and key order.
		verifyBatchReference(raw as BatchReference);
	} catch (err) {
		asCli(err);
	}
	return parsed.data;
}

function verdictOf(
	s: BatchSummary,
	changes: BatchVerdict['fixed_changes'],
	notes: string[]
): BatchVerdict {
	return {
		batch: s.batch,
		alarm: s.alarm,
		first_alarm_time: s.firstAlarmTime,
		alarm_statistic: s.alarmStatistic,
		verdict: s.verdict,
		rows: s.rows,
		monitored_rows: s.monitoredRows,
		start: s.start,
		end: s.end,
		beyond_reference_rows: s.beyondReference,
		contributions_time: s.contributionsTime,
		contributions: s.contributions,
		peak: s.peak
			? { time: s.peak.time, t2_ratio: s.peak.t2Ratio, spe_ratio: s.peak.speRatio }
			: null,
		above: s.above,
		fixed_changes: changes,
		notes
	};
}

const SIGNAL_WORDS: Record<NonNullable<BatchVerdict['alarm_statistic']>, string> = {
	level: 'level: far from the reference trajectory',
	change: 'change: a sudden change against the batch itself',
	recipe: 'recipe: an input off its schedule',
	flatline: 'flatline: a value frozen',
	t2: 'T²',
	spe: 'SPE'
};

function humanLine(v: BatchVerdict): string {
	const top = v.contributions
		.slice(0, 3)
		.map((c) => `${c.variable} (z ${c.z.toFixed(1)})`)
		.join(', ');
	const head =
		v.verdict === 'not_monitored'
			? `batch ${v.batch}: not monitored (no row within the reference's batch times)`
			: v.alarm
				? `batch ${v.batch}: ALARM at ${v.first_alarm_time} (${SIGNAL_WORDS[v.alarm_statistic ?? 'level']}); top: ${top}`
				: `batch ${v.batch}: normal; largest deviation at ${v.contributions_time}: ${top}`;
	const extra = [
		...(v.forecast ? forecastLines(v.forecast) : []),
		...v.fixed_changes.map(
			(c) => `${c.column} changed from ${c.reference_value} to ${c.value} at ${c.first_time}`
		),
		...v.notes
	];
	return extra.length ? `${head}\n  ${extra.join('\n  ')}` : head;
}

async function runMonitor(values: Record<string, unknown>, ctx: CommandContext) {
	const refPath = required(values, 'reference', 'REF.json');
	const dataPath = required(values, 'data', 'FILE');
	const ref = await readReference(refPath);
	const batchColumn = stringOption(values, 'batch-column') ?? ref.batch_column;
	const timeColumn = stringOption(values, 'time-column') ?? ref.time_column;
	const constants = ref.excluded.filter((e) => e.reason === 'constant').map((e) => e.column);
	const source = await titerSource(values);
	const titerRef = source ? monitorTiterReference(ref, source) : undefined;
	ctx.stderr(`… reading ${dataPath}\n`);
	const file = await readBatchFile('--data', dataPath, {
		batchColumn,
		timeColumn,
		columns: ref.variables,
		extra: [...constants, ...(source ? titerColumns(source, timeColumn) : [])]
	}).catch((err) => {
		throw err instanceof CliError && /has no column/.test(err.message)
			? new CliError(`${err.message}; the reference monitors ${ref.variables.join(', ')}`)
			: err;
	});
	const verdicts: BatchVerdict[] = [];
	const lastRef = ref.grid.start + (ref.grid.length - 1) * ref.grid.step;
	const titers = source ? await batchTiters(source, file, timeColumn) : [];
	for (const [i, b] of file.batches.entries()) {
		const m = new BatchMonitor(ref, b.id);
		const row = new Float64Array(ref.variables.length);
		try {
			for (let r = 0; r < b.time.length; r++) {
				for (let j = 0; j < row.length; j++) row[j] = b.values[j][r];
				m.push(b.time[r], row);
			}
		} catch (err) {
			asCli(err);
		}
		const s = m.summary();
		const notes: string[] = [];
		if (file.sortedBatches.includes(b.id))
			notes.push(`rows were not in time order; sorted by '${timeColumn}'`);
		if (s.beyondReference > 0)
			notes.push(
				`${s.beyondReference} rows after ${Number(lastRef.toPrecision(6))}, the last batch time the reference covers, are not monitored`
			);
		const changes = fixedChanges(ref.excluded, b.time, (c) => {
			const j = file.variables.indexOf(c);
			return j >= 0 ? b.values[j] : undefined;
		});
		const verdict = verdictOf(s, changes, notes);
		if (source && titerRef)
			verdict.forecast = forecastBatch(
				titerRef,
				b.time,
				titers[i].soft,
				titers[i].assay,
				source.assayColumn ?? null
			);
		verdicts.push(verdict);
	}
	const report: BatchReport = {
		schema: 'vigil.batch-report/2',
		reference: { name: ref.name, content_sha256: ref.content_sha256 },
		data: { name: basename(dataPath), sha256: file.sha256 },
		batches: verdicts
	};
	const jsonPath = stringOption(values, 'json');
	if (jsonPath) {
		const out = new StagedOutputs();
		out.add(jsonPath, `${JSON.stringify(report, null, '\t')}\n`);
		await out.commit();
	}
	const code = verdicts.some((v) => v.alarm) ? EXIT.drift : EXIT.ok;
	if (ctx.format === 'json') ctx.stdout(`${JSON.stringify({ exit_code: code, ...report })}\n`);
	else ctx.stdout(`${verdicts.map(humanLine).join('\n')}\n`);
	return code;
}

export const batchReference: Command = {
	path: ['batch', 'reference'],
	summary: 'Build a frozen batch reference ("golden batches") from 3 or more normal batches',
	usage:
		'vigil batch reference --data FILE [--data FILE …] --batch-column COL --time-column COL [--columns A,B,…] [--titer-column COL | --model DIR] [--assay-column COL] --out REF.json',
	help: `Reads Parquet or CSV files of normal batches (one row per batch and batch time), aligns them on
a common batch-time grid and writes vigil.batch-reference/2 (JSON, sealed by its content SHA-256):
per variable the trajectory (centre and spread over batch time), a PCA of the scaled data with
Hotelling's T² and SPE limits at 95 % and 99 %, and the limits of the alarm signals (level,
change, recipe schedule, flatline), all learnt by leaving each reference batch out. See docs/batch-engineering.md.
  --data FILE          a data file; repeat for more (a batch id may be in one file only)
  --batch-column COL   the batch id column
  --time-column COL    the batch time column (numeric, e.g. hours since the start)
  --columns A,B,…      the variables to monitor (default: every numeric column but the batch and
                       time columns; columns constant in every reference row or with values in
                       fewer than half the rows are left out and listed)
  --titer-column COL   a soft sensor's titer column: keep the reference batches' titer
                       trajectories for the forecast (--titer is the same option)
  --model DIR          or score this soft-sensor model (a model directory or its card.json) on
                       the reference batches for the titer, e.g.
                       static/models/penicillin-soft-sensor/1.0.0
  --assay-column COL   the lab assay of the titer (a value on the rows where a sample was taken):
                       the reference's titer is the soft sensor corrected by its assays, and the
                       correction's noise (bias drift q, residual variance R) is estimated from
                       them for 'vigil batch monitor --assay-column'
  --out REF.json       where to write the reference
Needs 3 batches or more. Exit codes: 0 written, 2 bad input.`,
	options: {
		data: { type: 'string', multiple: true },
		'batch-column': { type: 'string' },
		'time-column': { type: 'string' },
		columns: { type: 'string' },
		...titerOptions,
		out: { type: 'string' }
	},
	run: (values, _p, ctx) => runReference(values, ctx)
};

export const batchMonitor: Command = {
	path: ['batch', 'monitor'],
	summary:
		'Monitor batches against a batch reference: T², SPE, alarms, contributions (exit 1 on an alarm)',
	usage:
		'vigil batch monitor --reference REF.json --data FILE --batch-column COL --time-column COL [--titer-column COL | --model DIR] [--assay-column COL] [--json OUT.json]',
	help: `Scores every row of every batch in FILE against the reference as if it were streamed live
(src/lib/batch BatchMonitor): T² and SPE with their limits at that batch time, four alarm
signals (level, change, recipe schedule, flatline; docs/batch-engineering.md), the alarm when a
signal's run rule holds, and the contributions of each variable. Prints one line per batch: the
verdict, the first alarm time and the top 3 variables (at the first alarm, or at the largest
deviation when there is none). Columns constant in the reference that change are reported.
With a titer (the reference must have been built with the same --titer-column or --model), each
batch also gets: the titer now, corrected by the lab assays (a Kalman filter on the soft sensor's
bias; an assay far off is left out, two in a row on the same side are a real shift), the forecast
final titer and peak with their 90 % bands (from the reference batches whose titer followed the
same course), and the recommended harvest time ("already past the peak" when the corrected titer
is falling; never earlier than the last row). See docs/batch-operators.md.
  --reference REF.json  from 'vigil batch reference' (refused when its content changed)
  --data FILE           Parquet or CSV with the reference's variables
  --batch-column COL    default: the reference's batch column
  --time-column COL     default: the reference's time column
  --json OUT.json       write vigil.batch-report/2: batches: [{ batch, alarm, first_alarm_time,
                        contributions: [{ variable, contribution, t2, spe, z, … }],
                        forecast: { corrected, final, peak, harvest, bias, assays, notes } }, …]
  --titer-column COL    the soft sensor's titer column (as for the reference)
  --model DIR           or the soft-sensor model the reference was built with
  --assay-column COL    correct the titer with this lab assay column (needs a reference built with
                        --assay-column); without it the titer is the soft sensor alone
Exit codes: 0 no batch raised an alarm, 1 at least one did, 2 bad input.`,
	options: {
		reference: { type: 'string' },
		data: { type: 'string' },
		'batch-column': { type: 'string' },
		'time-column': { type: 'string' },
		...titerOptions,
		json: { type: 'string' }
	},
	run: (values, _p, ctx) => runMonitor(values, ctx)
};

export const batchCommands: Command[] = [batchReference, batchMonitor];
