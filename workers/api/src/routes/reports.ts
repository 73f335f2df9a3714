import { safeNameSchema } from '../../../../src/lib/contracts/common';
import { mediaType, parseJson, readBody, utf8 } from '../http/body';
import { modelParam, timeParam } from '../http/params';
import { ApiError } from '../errors';
import { limits } from '../env';
import { error, json, path, query, readErrors, ref, writeErrors } from '../openapi/parts';
import { latestReport, listReports, readReport, storeReport } from '../services/reports';
import type { Route } from './route';

/**
 * Served with every stored report page: no scripts, no plugins, no network, no framing elsewhere.
 * Inline styles and data: images are allowed so a self-contained report still renders.
 */
export const REPORT_HTML_CSP =
	"default-src 'none'; script-src 'none'; object-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'self'; sandbox";

const badRequest = 'Malformed request (bad JSON, bad parameter, traversal in an id)';

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

/** A report body: JSON, or multipart with a `report` part and an optional `html` part. */
async function reportBody(
	type: string,
	contentType: string | undefined,
	bytes: Uint8Array
): Promise<{ report: unknown; html?: string }> {
	if (type === 'application/json' || type === '') return { report: parseJson(utf8(bytes)) };
	if (type !== 'multipart/form-data')
		throw new ApiError(
			415,
			'unsupported_media_type',
			'Send a report as application/json, or multipart/form-data with "report" and "html" parts'
		);
	let form: FormData;
	try {
		form = await new Response(bytes, { headers: { 'content-type': contentType! } }).formData();
	} catch {
		throw new ApiError(400, 'bad_request', 'The multipart body cannot be parsed');
	}
	const text = async (part: string | File) =>
		typeof part === 'string' ? part : utf8(new Uint8Array(await part.arrayBuffer()));
	const part = form.get('report');
	if (part === null)
		throw new ApiError(422, 'unprocessable', 'The multipart body needs a "report" part (JSON)');
	const htmlPart = form.get('html');
	return {
		report: parseJson(await text(part), 'The report part'),
		html: htmlPart === null ? undefined : await text(htmlPart)
	};
}

/** /api/v1/reports: drift reports as JSON (and optional HTML) in object storage, indexed in the fleet object. */
export const reportRoutes: Route[] = [
	{
		method: 'post',
		path: '/api/v1/reports',
		scope: 'ingest',
		handler: async (c) => {
			const bytes = await readBody(c, limits(c.env).maxBodyBytes);
			const { report, html } = await reportBody(mediaType(c), c.req.header('content-type'), bytes);
			if (report === null || typeof report !== 'object' || Array.isArray(report))
				throw new ApiError(422, 'unprocessable', 'A report is a JSON object (vigil.report/1)');
			const { id, duplicate } = await storeReport(c.env, report, html);
			return c.json({ id, url: `/api/v1/reports/${id}`, duplicate }, duplicate ? 200 : 201);
		},
		doc: {
			summary: 'Store a drift report (JSON, or multipart with report and html parts)',
			requestBody: {
				required: true,
				content: {
					'application/json': { schema: ref('Report') },
					'multipart/form-data': {
						schema: {
							type: 'object',
							properties: { report: ref('Report'), html: { type: 'string' } },
							required: ['report']
						}
					}
				}
			},
			responses: {
				'201': { description: 'Stored' },
				'200': { description: 'Already stored (same report)' },
				...writeErrors(
					badRequest,
					'A different report with the same id is stored',
					'The body does not match vigil.report/1'
				)
			}
		}
	},
	{
		method: 'get',
		path: '/api/v1/reports',
		scope: 'read',
		handler: async (c) => {
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
			const { rows, reports } = await listReports(c.env, {
				model: modelParam(c.req.query('model'), false),
				since: timeParam(c.req.query('from'), 'from'),
				until: timeParam(c.req.query('to'), 'to'),
				drifted: verdict === undefined ? undefined : verdict === 'true',
				after: cursor ? decodeCursor(cursor) : undefined,
				limit: limit + 1
			});
			const last = rows[limit - 1];
			return c.json({
				reports: reports.slice(0, limit),
				...(rows.length > limit && last ? { cursor: encodeCursor(last.created_at, last.id) } : {})
			});
		},
		doc: {
			summary: 'List reports, newest first',
			parameters: [
				query('model', 'Model name'),
				query('from', 'ISO time'),
				query('to', 'ISO time'),
				query('drifted', 'true or false'),
				query('limit', '1–500'),
				query('cursor', 'From the previous page')
			],
			responses: {
				'200': { description: 'A page of report summaries' },
				...readErrors(badRequest)
			}
		}
	},
	{
		method: 'get',
		path: '/api/v1/reports/latest',
		scope: 'read',
		handler: async (c) => c.json(await latestReport(c.env, modelParam(c.req.query('model'), true))),
		doc: {
			summary: 'The newest report of a model',
			parameters: [query('model', 'Model name', true)],
			responses: {
				'200': { description: 'Summary and report' },
				'404': error('No report'),
				...readErrors(badRequest)
			}
		}
	},
	{
		method: 'get',
		path: '/api/v1/reports/:id',
		scope: 'read',
		handler: async (c) => {
			const raw = c.req.param('id') ?? '';
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
			if (wantsHtml)
				return new Response(await readReport(c.env, id, 'html'), {
					headers: {
						'content-type': 'text/html; charset=utf-8',
						'content-security-policy': REPORT_HTML_CSP,
						'x-content-type-options': 'nosniff',
						'referrer-policy': 'no-referrer'
					}
				});
			return new Response(await readReport(c.env, id, 'json'), {
				headers: { 'content-type': 'application/json', 'x-content-type-options': 'nosniff' }
			});
		},
		doc: {
			summary:
				'One report as JSON, or its HTML page (Accept: text/html or ?format=html) under a CSP without scripts',
			parameters: [path('id', 'Report id'), query('format', 'html for the page')],
			responses: {
				'200': {
					description: 'The report',
					content: { ...json('Report'), 'text/html': { schema: { type: 'string' } } }
				},
				'404': error('No report'),
				...readErrors(badRequest)
			}
		}
	}
];
