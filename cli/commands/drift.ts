import { basename } from 'node:path';
import type { Report } from '../../src/lib/contracts/report';
import type { DriftOptions, MethodOverride } from '../../src/lib/drift/defaults';
import { isStatisticName, STATISTIC_NAMES, type StatisticName } from '../../src/lib/drift/registry';
import { buildReport } from '../../src/lib/drift/report';
import { renderReportHtml } from '../../src/lib/drift/report-html';
import { CliError, EXIT, type Command, type CommandContext } from '../command.ts';
import { asCliError } from '../lib/errors.ts';
import {
	evaluateConditions,
	FAIL_ON_METRICS,
	parseCondition,
	type ConditionResult
} from '../lib/fail-on.ts';
import { addChecks, checksToRun } from '../lib/drift-checks.ts';
import { CHECK_NAMES } from '../lib/fail-on-checks.ts';
import { StagedOutputs } from '../lib/files.ts';
import { fmt, summarizeChecks } from '../lib/summarize-checks.ts';
import { segmentReports } from '../../src/lib/drift/segments';
import { loadTable } from '../lib/tables.ts';
import { loadModel } from '../lib/model.ts';
import { list, numberOption, stringOption, strings } from '../lib/options.ts';
import { loadReference, loadSide } from '../lib/reference.ts';

function method(name: string, where: string): StatisticName {
	if (!isStatisticName(name))
		throw new CliError(
			`${where}: unknown method '${name}'; valid names: ${STATISTIC_NAMES.join(', ')}`
		);
	return name;
}

/**
 * Drift options from the command line: --method and --threshold for every column, --column-method
 * COL=NAME for one column, --drift-share for the data set.
 *
 * @example
 * driftOptions({ method: 'psi', 'column-method': ['age=ks'] }); // { all: { method: 'psi' }, perColumn: { age: { method: 'ks' } } }
 */
export function driftOptions(values: Record<string, unknown>): DriftOptions {
	const all: MethodOverride = {};
	const m = stringOption(values, 'method');
	if (m !== undefined) all.method = method(m, '--method');
	const threshold = numberOption(values, 'threshold');
	if (threshold !== undefined) {
		if (!(threshold >= 0)) throw new CliError(`--threshold must be ≥ 0, got ${threshold}`);
		all.threshold = threshold;
	}
	const perColumn: Record<string, MethodOverride> = {};
	for (const spec of strings(values, 'column-method')) {
		const eq = spec.lastIndexOf('=');
		if (eq <= 0 || eq === spec.length - 1)
			throw new CliError(`--column-method '${spec}': expected COLUMN=METHOD, e.g. age=psi`);
		perColumn[spec.slice(0, eq)] = {
			method: method(spec.slice(eq + 1), `--column-method '${spec}'`)
		};
	}
	const driftShare = numberOption(values, 'drift-share');
	if (driftShare !== undefined && !(driftShare > 0 && driftShare <= 1))
		throw new CliError(`--drift-share must be in (0, 1], got ${driftShare}`);
	return {
		...(Object.keys(all).length ? { all } : {}),
		...(Object.keys(perColumn).length ? { perColumn } : {}),
		...(driftShare !== undefined ? { driftShare } : {})
	};
}

/**
 * The human summary of a report: the verdict, then one line per drifted column.
 *
 * @example
 * ctx.stdout(summarize(report));
 */
export function summarize(report: Report): string {
	const d = report.dataset;
	const lines = [
		`${d.drifted ? 'DRIFT' : 'no drift'}: ${d.drifted_columns} of ${d.columns_tested} columns drifted (share ${d.drift_share.toFixed(3)}, threshold ${d.drift_share_threshold}); ${report.current.rows} current rows vs ${report.reference.rows} reference rows`
	];
	for (const c of report.columns) {
		if (c.status !== 'tested') {
			lines.push(`  ${c.name}: not tested (${c.reason})`);
			continue;
		}
		if (c.drifted)
			lines.push(`  ${c.name}: drifted (${c.method} ${fmt(c.value)} vs threshold ${c.threshold})`);
	}
	const p = report.prediction_drift;
	if (p?.status === 'tested')
		lines.push(`prediction drift: ${p.drifted ? 'yes' : 'no'} (${p.method} ${fmt(p.value)})`);
	const t = report.target_drift;
	if (t?.status === 'tested')
		lines.push(`target drift: ${t.drifted ? 'yes' : 'no'} (${t.method} ${fmt(t.value)})`);
	if (report.performance) {
		const { task: _task, rows: _rows, ...metrics } = report.performance as Record<string, unknown>;
		const shown = Object.entries(metrics)
			.filter(([, v]) => typeof v === 'number')
			.map(([k, v]) => `${k} ${fmt(v as number)}`);
		lines.push(`performance: ${shown.join(', ')}`);
	}
	const q = report.quality;
	if (q.type_mismatch_columns.length)
		lines.push(`type mismatch (not compared): ${q.type_mismatch_columns.join(', ')}`);
	lines.push(...summarizeChecks(report));
	return `${lines.join('\n')}\n`;
}

function gateLines(results: ConditionResult[]): string {
	return results
		.map(
			(r) =>
				`${r.holds ? 'FAIL' : 'pass'} ${r.text} (${r.metric} = ${r.actual === null ? 'not computable' : fmt(r.actual)})`
		)
		.join('\n');
}

async function runDrift(values: Record<string, unknown>, ctx: CommandContext): Promise<number> {
	const referencePath = stringOption(values, 'reference');
	const currentPath = stringOption(values, 'current');
	if (!referencePath) throw new CliError('--reference FILE is required');
	if (!currentPath) throw new CliError('--current FILE is required');
	// Everything that can be checked without reading data is checked first.
	const options = driftOptions(values);
	const conditions = strings(values, 'fail-on').map(parseCondition);
	const checks = checksToRun(values, conditions);
	const segmentBy = stringOption(values, 'segment-by');
	const maxSegments = numberOption(values, 'max-segments');
	if (maxSegments !== undefined && !(Number.isInteger(maxSegments) && maxSegments >= 1))
		throw new CliError(`--max-segments must be an integer ≥ 1, got ${maxSegments}`);
	if (maxSegments !== undefined && !segmentBy)
		throw new CliError('--max-segments needs --segment-by COL');
	const columns = list(values, 'columns');
	const target = stringOption(values, 'target');
	const prediction = stringOption(values, 'prediction');
	const htmlPath = stringOption(values, 'html');
	const jsonPath = stringOption(values, 'json');
	const progress = (m: string) => ctx.stderr(`… ${m}\n`);

	const modelPath = stringOption(values, 'model');
	const model = modelPath ? await loadModel(modelPath) : undefined;
	const predictionName = prediction ?? (model ? 'prediction' : undefined);
	if (segmentBy && [target, predictionName, ...(columns ?? [])].includes(segmentBy))
		throw new CliError(
			`--segment-by '${segmentBy}' is also a compared, target or prediction column; segment by a column that is not`
		);
	const sideOptions = {
		columns,
		model,
		target,
		prediction: predictionName,
		onProgress: progress,
		...(segmentBy ? { exclude: [segmentBy] } : {})
	};
	const reference = await loadReference(referencePath, sideOptions);
	const types = Object.fromEntries(reference.profile.columns.map((c) => [c.name, c.type]));
	const current = await loadSide('--current', currentPath, { ...sideOptions, types });

	const special = new Set([target, predictionName]);
	const refNames = reference.profile.columns.map((c) => c.name).filter((n) => !special.has(n));
	const curNames = current.columns.map((c) => c.name).filter((n) => !special.has(n));
	const onlyRef = refNames.filter((n) => !curNames.includes(n));
	const onlyCur = curNames.filter((n) => !refNames.includes(n));
	if (onlyRef.length || onlyCur.length)
		throw new CliError(
			`reference and current have different columns: ${[
				onlyRef.length ? `only in reference: ${onlyRef.join(', ')}` : '',
				onlyCur.length ? `only in current: ${onlyCur.join(', ')}` : ''
			]
				.filter(Boolean)
				.join('; ')} (use --columns to compare a common subset)`
		);

	progress('computing drift');
	const segment = segmentBy
		? (await loadTable('--current', currentPath, [segmentBy])).columns[0]
		: undefined;
	let report: Report;
	try {
		const input = {
			reference: reference.profile,
			current: current.columns,
			currentName: basename(currentPath),
			...(model ? { model: { name: model.card.name, version: model.card.version } } : {}),
			...(predictionName ? { prediction: predictionName } : {}),
			...(target ? { target } : {}),
			task: (model && model.card.task !== 'regression' ? 'classification' : 'regression') as
				'classification' | 'regression',
			options
		};
		report = buildReport(input);
		if (checks.size) progress(`running checks: ${[...checks].join(', ')}`);
		addChecks(report, checks, {
			profile: reference.profile,
			referenceColumns: reference.columns,
			current: current.columns
		});
		if (segment) {
			progress(`splitting by ${segmentBy}`);
			report.segments = segmentReports(input, segment, maxSegments ? { maxSegments } : {});
		}
	} catch (err) {
		throw asCliError(err);
	}
	const gate = conditions.length ? evaluateConditions(report, conditions) : undefined;

	const outputs = new StagedOutputs();
	if (htmlPath) outputs.add(htmlPath, renderReportHtml(report));
	if (jsonPath) outputs.add(jsonPath, `${JSON.stringify(report, null, '\t')}\n`);
	await outputs.commit();

	const failed = gate?.filter((g) => g.holds) ?? [];
	const code = gate
		? failed.length
			? EXIT.drift
			: EXIT.ok
		: report.dataset.drifted
			? EXIT.drift
			: EXIT.ok;
	if (ctx.format === 'json') {
		ctx.stdout(
			`${JSON.stringify({
				exit_code: code,
				...(gate
					? {
							gate: gate.map(({ text, metric, actual, holds }) => ({
								condition: text,
								metric,
								actual,
								holds
							}))
						}
					: {}),
				report
			})}\n`
		);
	} else {
		ctx.stdout(summarize(report));
		if (gate) {
			ctx.stdout(`${gateLines(gate)}\n`);
			if (failed.length)
				ctx.stdout(`quality gate failed: ${failed.map((f) => f.text).join(', ')}\n`);
		}
		if (htmlPath) ctx.stdout(`HTML report: ${htmlPath}\n`);
		if (jsonPath) ctx.stdout(`JSON report: ${jsonPath}\n`);
	}
	return code;
}

export const drift: Command = {
	path: ['drift'],
	summary: 'Compare current data with a reference: the drift report, exit 1 on drift (a CI gate)',
	usage:
		'vigil drift --reference FILE --current FILE [--model CARD] [--target COL] [--prediction COL] [--columns a,b] [--method NAME] [--column-method COL=NAME]… [--threshold X] [--drift-share X] [--checks correlation,quality,domain-classifier|all] [--segment-by COL [--max-segments N]] [--html OUT] [--json OUT] [--fail-on EXPR]…',
	help: `Reads Parquet or CSV (or, for --reference, a profile from 'vigil profile build', whose
SHA-256 is checked) and builds the same vigil.report/1 as the browser.
With --model CARD (a model card JSON, the ONNX file beside it) the model is run on both sides:
prediction drift, and performance when --target names the label column.
Exit codes: 0 no dataset drift, 1 dataset drift, 2 error. With --fail-on the conditions decide
instead: exit 1 when any holds. Metrics: ${FAIL_ON_METRICS.join(', ')}.
Methods: ${STATISTIC_NAMES.join(', ')}.
--checks adds correlation drift, the data-quality suite and the domain classifier (${CHECK_NAMES.join(', ')}, or all);
a --fail-on condition on one of their metrics turns it on. --segment-by COL splits the report by a column
and ranks the segments by how much they differ (at most --max-segments, default 100).
Example: vigil drift --reference train.parquet --current today.csv --model card.json --target y --fail-on 'rmse>0.3'`,
	options: {
		reference: { type: 'string' },
		current: { type: 'string' },
		model: { type: 'string' },
		target: { type: 'string' },
		prediction: { type: 'string' },
		columns: { type: 'string' },
		method: { type: 'string' },
		'column-method': { type: 'string', multiple: true },
		threshold: { type: 'string' },
		'drift-share': { type: 'string' },
		html: { type: 'string' },
		json: { type: 'string' },
		'fail-on': { type: 'string', multiple: true },
		checks: { type: 'string' },
		'segment-by': { type: 'string' },
		'max-segments': { type: 'string' }
	},
	run: (values, _positionals, ctx) => runDrift(values, ctx)
};
