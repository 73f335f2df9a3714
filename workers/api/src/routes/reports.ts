import { Hono } from 'hono';
import { safeNameSchema } from '../../../../src/lib/contracts/common';
import { requireScope } from '../auth';
import { mediaType, parseJson, readBody, sha256Hex, utf8 } from '../body';
import { ApiError } from '../errors';
import { fleetOf, limits, type AppEnv } from '../env';
import { advancedGaugesOf } from '../prometheus/advanced-gauges';
import { featureScoresOf, fileReport, performanceOf } from '../report-envelope';
import { storeFromEnv, StorageError } from '../storage';

/**
 * Served with every stored report page: no scripts, no plugins, no network, no framing elsewhere.
 * Inline styles and data: images are allowed so a self-contained report still renders.
 */
export const REPORT_HTML_CSP =
	"default-src 'none'; script-src 'none'; object-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'self'; sandbox";

function isoParam(value: string | undefined, name: string): number | undefined {
	if (value === undefined || value === '') return undefined;
	const t = Date.parse(value);
	if (Number.isNaN(t) || !/^\d{4}-\d{2}-\d{2}/.test(value))
		throw new ApiError(
			400,
			'bad_request',
			`Query parameter ${name} must be an ISO date or timestamp`
		);
	return t;
}

function modelParam(value: string | undefined, required: boolean): string | undefined {
	if (value === undefined || value === '') {
		if (required) throw new ApiError(400, 'bad_request', 'Query parameter model is required');
		return undefined;
	}
	if (!safeNameSchema.safeParse(value).success)
		throw new ApiError(
			400,
			'bad_request',
			'Query parameter model must be a model name (letters, digits, ".", "_", "-")'
		);
	return value;
}

function encodeCursor(created_at: number, id: string): string {
	return btoa(`${created_at}:${id}`).replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');
}

function decodeCursor(cursor: string): { created_at: number; id: string } {
	try {
		const text = atob(cursor.replace(/-/g, '+').replace(/_/g, '/'));
		const [at, id] = [text.slice(0, text.indexOf(':')), text.slice(text.indexOf(':') + 1)];
		if (/^\d+$/.test(at) && safeNameSchema.safeParse(id).success)
			return { created_at: Number(at), id };
	} catch {
		// fall through
	}
	throw new ApiError(400, 'bad_request', 'The cursor is not one this API handed out');
}

function summary(row: {
	id: string;
	model: string;
	model_version: string | null;
	created_at: number;
	drifted: number;
	drift_share: number;
	has_html: number;
}) {
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
 * model's gauges. Shared by POST /api/v1/reports and the monitoring job.
 *
 * @example
 * await storeReport(env, report, '<!doctype html>…');
 */
export async function storeReport(
	env: Env,
	value: unknown,
	html?: string
): Promise<{ id: string; duplicate: boolean }> {
	const { report, model, model_version } = fileReport(value);
	const envelope = { id: report.id, model };
	const store = storeFromEnv(env);
	const json = JSON.stringify(report);
	const jsonKey = `reports/${envelope.id}.json`;
	try {
		const created = await store.put(jsonKey, json, {
			contentType: 'application/json',
			onlyIfAbsent: true,
			custom: { model: envelope.model, sha256: await sha256Hex(json) }
		});
		if (!created) {
			const existing = await store.head(jsonKey);
			if (existing?.metadata.custom?.sha256 !== (await sha256Hex(json)))
				throw new ApiError(
					409,
					'conflict',
					`A different report with id ${envelope.id} is already stored`
				);
		}
		if (html !== undefined)
			await store.put(`reports/${envelope.id}.html`, html, {
				contentType: 'text/html; charset=utf-8',
				onlyIfAbsent: true
			});
	} catch (err) {
		if (err instanceof StorageError)
			throw new ApiError(
				503,
				'storage_unavailable',
				'Object storage did not accept the report; retry later'
			);
		throw err;
	}
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
	return { id: envelope.id, duplicate };
}

/** /api/v1/reports: drift reports as JSON (and optional HTML) in object storage, indexed in the fleet object. */
export const reports = new Hono<AppEnv>()
	.post('/reports', requireScope('ingest'), async (c) => {
		const bytes = await readBody(c, limits(c.env).maxBodyBytes);
		const type = mediaType(c);
		let report: unknown;
		let html: string | undefined;
		if (type === 'multipart/form-data') {
			let form: FormData;
			try {
				form = await new Response(bytes, {
					headers: { 'content-type': c.req.header('content-type')! }
				}).formData();
			} catch {
				throw new ApiError(400, 'bad_request', 'The multipart body cannot be parsed');
			}
			const part = form.get('report');
			if (part === null)
				throw new ApiError(422, 'unprocessable', 'The multipart body needs a "report" part (JSON)');
			report = parseJson(
				typeof part === 'string' ? part : utf8(new Uint8Array(await part.arrayBuffer())),
				'The report part'
			);
			const htmlPart = form.get('html');
			if (htmlPart !== null)
				html =
					typeof htmlPart === 'string'
						? htmlPart
						: utf8(new Uint8Array(await htmlPart.arrayBuffer()));
		} else if (type === 'application/json' || type === '') {
			report = parseJson(utf8(bytes));
		} else {
			throw new ApiError(
				415,
				'unsupported_media_type',
				'Send a report as application/json, or multipart/form-data with "report" and "html" parts'
			);
		}
		if (report === null || typeof report !== 'object' || Array.isArray(report))
			throw new ApiError(422, 'unprocessable', 'A report is a JSON object (vigil.report/1)');
		const { id, duplicate } = await storeReport(c.env, report, html);
		return c.json({ id, url: `/api/v1/reports/${id}`, duplicate }, duplicate ? 200 : 201);
	})
	.get('/reports', requireScope('read'), async (c) => {
		const verdict = c.req.query('drifted');
		if (verdict !== undefined && verdict !== 'true' && verdict !== 'false')
			throw new ApiError(400, 'bad_request', 'Query parameter drifted must be true or false');
		const limitText = c.req.query('limit');
		const limit = limitText === undefined ? 50 : Number(limitText);
		if (!Number.isInteger(limit) || limit < 1 || limit > 500)
			throw new ApiError(
				400,
				'bad_request',
				'Query parameter limit must be an integer from 1 to 500'
			);
		const cursor = c.req.query('cursor');
		const rows = await fleetOf(c.env).listReports({
			model: modelParam(c.req.query('model'), false),
			since: isoParam(c.req.query('from'), 'from'),
			until: isoParam(c.req.query('to'), 'to'),
			drifted: verdict === undefined ? undefined : verdict === 'true',
			after: cursor ? decodeCursor(cursor) : undefined,
			limit: limit + 1
		});
		const page = rows.slice(0, limit);
		const last = page[page.length - 1];
		return c.json({
			reports: page.map(summary),
			...(rows.length > limit && last ? { cursor: encodeCursor(last.created_at, last.id) } : {})
		});
	})
	.get('/reports/latest', requireScope('read'), async (c) => {
		const model = modelParam(c.req.query('model'), true)!;
		const [row] = await fleetOf(c.env).listReports({ model, limit: 1 });
		if (!row) throw new ApiError(404, 'not_found', `No report for model ${model}`);
		const stored = await storeFromEnv(c.env).get(`reports/${row.id}.json`);
		if (!stored)
			throw new ApiError(
				404,
				'not_found',
				`The latest report of model ${model} is indexed but not stored`
			);
		return c.json({ ...summary(row), report: JSON.parse(await stored.text()) });
	})
	.get('/reports/:id', requireScope('read'), async (c) => {
		const raw = c.req.param('id');
		const wantsHtml =
			raw.endsWith('.html') ||
			c.req.query('format') === 'html' ||
			(c.req.header('accept') ?? '').split(',')[0].trim().startsWith('text/html');
		const id = raw.replace(/\.(html|json)$/, '');
		if (!safeNameSchema.safeParse(id).success)
			throw new ApiError(
				400,
				'bad_request',
				'A report id is letters, digits, ".", "_" and "-" only'
			);
		const store = storeFromEnv(c.env);
		if (wantsHtml) {
			const page = await store.get(`reports/${id}.html`);
			if (!page) throw new ApiError(404, 'not_found', `No HTML page for report ${id}`);
			return new Response(page.body, {
				headers: {
					'content-type': 'text/html; charset=utf-8',
					'content-security-policy': REPORT_HTML_CSP,
					'x-content-type-options': 'nosniff',
					'referrer-policy': 'no-referrer'
				}
			});
		}
		const stored = await store.get(`reports/${id}.json`);
		if (!stored) throw new ApiError(404, 'not_found', `No report with id ${id}`);
		return new Response(stored.body, {
			headers: { 'content-type': 'application/json', 'x-content-type-options': 'nosniff' }
		});
	});
