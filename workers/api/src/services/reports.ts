import { sha256Hex } from '../http/body';
import { ApiError } from '../errors';
import { fleetOf } from '../env';
import type { ReportFilter, ReportRow } from '../fleet/fleet-aggregator';
import { advancedGaugesOf } from '../prometheus/advanced-gauges';
import { storeFromEnv } from '../store';
import { reportKey } from '../store/keys';
import { featureScoresOf, fileReport, performanceOf } from './report-envelope';

/** A row of the report index as the API lists it. */
export interface ReportSummary {
	id: string;
	model: string;
	model_version: string | null;
	created_at: string;
	drifted: boolean;
	drift_share: number;
	has_html: boolean;
	url: string;
}

function summary(row: ReportRow): ReportSummary {
	return {
		id: row.id,
		model: row.model,
		model_version: row.model_version,
		created_at: new Date(row.created_at).toISOString(),
		drifted: row.drifted === 1,
		drift_share: row.drift_share,
		has_html: row.has_html === 1,
		url: `/api/v1/reports/${row.id}`
	};
}

/**
 * Stores a report (and its optional HTML page) once, indexes it in the fleet object and updates the
 * model's gauges. Used by POST /api/v1/reports and by the monitoring job.
 *
 * @example
 * const { id, duplicate } = await storeReport(env, report, '<!doctype html>…');
 */
export async function storeReport(
	env: Env,
	value: unknown,
	html?: string
): Promise<{ id: string; duplicate: boolean }> {
	const { report, model, model_version } = fileReport(value);
	const store = storeFromEnv(env);
	const json = JSON.stringify(report);
	const jsonKey = reportKey(report.id);
	const created = await store.put(jsonKey, json, {
		contentType: 'application/json',
		onlyIfAbsent: true,
		custom: { model, sha256: await sha256Hex(json) }
	});
	if (!created) {
		const existing = await store.head(jsonKey);
		if (existing?.metadata.custom?.sha256 !== (await sha256Hex(json)))
			throw new ApiError(
				409,
				'conflict',
				`A different report with id ${report.id} is already stored`
			);
	}
	if (html !== undefined)
		await store.put(reportKey(report.id, 'html'), html, {
			contentType: 'text/html; charset=utf-8',
			onlyIfAbsent: true
		});
	const { duplicate } = await fleetOf(env).recordReport({
		id: report.id,
		model,
		model_version,
		created_at: Date.parse(report.created_at),
		drifted: report.dataset.drifted,
		drift_share: report.dataset.drift_share,
		has_html: html !== undefined,
		...performanceOf(report),
		features: featureScoresOf(report),
		advanced: advancedGaugesOf(report)
	});
	return { id: report.id, duplicate };
}

/**
 * One page of report summaries, newest first; `after` is the last report of the previous page.
 * Answers one row more than `limit` when there is a next page.
 *
 * @example
 * const rows = await listReports(env, { model: 'm', limit: 51 });
 */
export async function listReports(
	env: Env,
	filter: ReportFilter
): Promise<{ rows: ReportRow[]; reports: ReportSummary[] }> {
	const rows = await fleetOf(env).listReports(filter);
	return { rows, reports: rows.map(summary) };
}

/**
 * The newest report of a model with its summary, or a 404.
 *
 * @example
 * const latest = await latestReport(env, 'penicillin-soft-sensor');
 */
export async function latestReport(env: Env, model: string) {
	const [row] = await fleetOf(env).listReports({ model, limit: 1 });
	if (!row) throw new ApiError(404, 'not_found', `No report for model ${model}`);
	const stored = await storeFromEnv(env).get(reportKey(row.id));
	if (!stored)
		throw new ApiError(
			404,
			'not_found',
			`The latest report of model ${model} is indexed but not stored`
		);
	return { ...summary(row), report: JSON.parse(await stored.text()) as unknown };
}

/**
 * A stored report's JSON or HTML page as a stream, or a 404.
 *
 * @example
 * const body = await readReport(env, id, 'html');
 */
export async function readReport(
	env: Env,
	id: string,
	format: 'json' | 'html'
): Promise<ReadableStream<Uint8Array>> {
	const stored = await storeFromEnv(env).get(reportKey(id, format));
	if (!stored)
		throw new ApiError(
			404,
			'not_found',
			format === 'html' ? `No HTML page for report ${id}` : `No report with id ${id}`
		);
	return stored.body;
}
