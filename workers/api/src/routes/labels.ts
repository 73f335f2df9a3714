import type { Context } from 'hono';
import { labelSchema, type LabelIngestResult } from '../../../../src/lib/contracts/label';
import { ulidSchema } from '../../../../src/lib/contracts/common';
import type { RetrainTask } from '../../../../src/lib/retrain/join-labels';
import { batchItems } from '../http/body';
import { readBatchUpload } from '../http/idempotency';
import { durationParam, modelParam, timeParam } from '../http/params';
import { ApiError } from '../errors';
import type { AppEnv } from '../env';
import { labelDocs } from '../openapi/label-docs';
import {
	ingestLabels,
	labelCoverage,
	labelHistory,
	labelledPredictions,
	performanceSeries,
	type LabelRange
} from '../services/labels';
import type { Route } from './route';

const DAY_MS = 86_400_000;

/** The model, range and window of a coverage or performance query (default: the last 7 days). */
function rangeParams(c: Context<AppEnv>, defaultWindowMs?: number): LabelRange {
	const model = modelParam(c.req.query('model'), true);
	const to = timeParam(c.req.query('to'), 'to') ?? Date.now();
	const from = timeParam(c.req.query('from'), 'from') ?? to - 7 * DAY_MS;
	if (!(to > from)) throw new ApiError(400, 'bad_request', 'Query parameter to must be after from');
	const windowMs = durationParam(c.req.query('window'), 'window') ?? defaultWindowMs ?? to - from;
	if ((to - from) / windowMs > 1000)
		throw new ApiError(
			400,
			'bad_request',
			'At most 1000 windows per query: use a longer window or a shorter range'
		);
	return { model, from, to, windowMs };
}

/** /api/v1/labels and /api/v1/performance: delayed labels joined to predictions at read time. */
export const labelRoutes: Route[] = [
	{
		method: 'post',
		path: '/api/v1/labels',
		scope: 'ingest',
		handler: async (c) => {
			const upload = await readBatchUpload(
				c,
				'POST /api/v1/labels',
				labelSchema,
				{
					item: 'Label',
					items: 'labels',
					contract: 'vigil.label/1',
					detail: 'label',
					repeatHint: '; send corrections in a later batch with a later observed_at'
				},
				(bytes) =>
					batchItems(c, bytes, {
						field: 'labels',
						shape: 'A JSON label batch is an array of labels or { "labels": [...] }',
						accepted: 'application/json or application/x-ndjson'
					})
			);
			const result = await ingestLabels(c.env, { ...upload, labels: upload.items });
			return c.json(result satisfies LabelIngestResult, result.replayed ? 200 : 201);
		},
		doc: labelDocs.ingest
	},
	{
		method: 'get',
		path: '/api/v1/labels/coverage',
		scope: 'read',
		handler: async (c) => c.json(await labelCoverage(c.env, rangeParams(c))),
		doc: labelDocs.coverage
	},
	{
		method: 'get',
		path: '/api/v1/labels/joined',
		scope: 'read',
		handler: async (c) => {
			const { model, from, to } = rangeParams(c);
			return c.json(await labelledPredictions(c.env, model, from, to));
		},
		doc: labelDocs.joined
	},
	{
		method: 'get',
		path: '/api/v1/labels/:id',
		scope: 'read',
		handler: async (c) => {
			const id = c.req.param('id') ?? '';
			if (!ulidSchema.safeParse(id).success)
				throw new ApiError(
					400,
					'bad_request',
					'A label is addressed by the record id it labels (a ULID)'
				);
			return c.json(await labelHistory(c.env, id));
		},
		doc: labelDocs.history
	},
	{
		method: 'get',
		path: '/api/v1/performance',
		scope: 'read',
		handler: async (c) => {
			const range = rangeParams(c, DAY_MS);
			const minCoverageText = c.req.query('min_coverage');
			const minCoverage =
				minCoverageText === undefined || minCoverageText === '' ? 0.3 : Number(minCoverageText);
			if (!(minCoverage >= 0 && minCoverage <= 1))
				throw new ApiError(
					400,
					'bad_request',
					'Query parameter min_coverage must be a share between 0 and 1'
				);
			const method = c.req.query('interval') ?? 'bootstrap';
			if (method !== 'bootstrap' && method !== 'analytic')
				throw new ApiError(
					400,
					'bad_request',
					'Query parameter interval must be bootstrap or analytic'
				);
			const task = c.req.query('task');
			if (task !== undefined && task !== 'regression' && task !== 'binary')
				throw new ApiError(400, 'bad_request', 'Query parameter task must be regression or binary');
			return c.json(
				await performanceSeries(c.env, range, {
					minCoverage,
					method,
					task: task as RetrainTask | undefined
				})
			);
		},
		doc: labelDocs.performance
	}
];
