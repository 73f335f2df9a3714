import type { Context } from 'hono';
import {
	predictionRecordSchema,
	type PredictionIngestResult
} from '../../../../src/lib/contracts/prediction';
import { batchItems, mediaType } from '../http/body';
import { readBatchUpload } from '../http/idempotency';
import { dateParam, modelParam } from '../http/params';
import { decodeParquetRecords } from '../http/parquet';
import { serveObject } from '../http/serve-object';
import { ApiError } from '../errors';
import type { AppEnv } from '../env';
import {
	batchBody,
	error,
	idempotencyHeader,
	json,
	path,
	query,
	readErrors,
	writeErrors
} from '../openapi/parts';
import {
	ingestPredictions,
	listPredictionObjects,
	readPredictionObject
} from '../services/predictions';
import { parsePredictionKey, PREFIXES } from '../store/keys';
import type { Route } from './route';

const badRequest = 'Malformed request (bad JSON, bad parameter, traversal in a key or id)';

/** Splits an uploaded body into raw records by its media type. */
async function rawRecords(c: Context<AppEnv>, bytes: Uint8Array): Promise<unknown[]> {
	const type = mediaType(c);
	const isParquet =
		type === 'application/vnd.apache.parquet' ||
		type === 'application/x-parquet' ||
		(type === 'application/octet-stream' &&
			bytes.length >= 4 &&
			String.fromCharCode(...bytes.subarray(0, 4)) === 'PAR1');
	if (isParquet) return decodeParquetRecords(bytes);
	return batchItems(c, bytes, {
		field: 'records',
		shape: 'A JSON batch is an array of prediction records or { "records": [...] }',
		accepted: 'application/json, application/x-ndjson or application/vnd.apache.parquet'
	});
}

/** /api/v1/predictions: append-only batches of prediction records in object storage. */
export const predictionRoutes: Route[] = [
	{
		method: 'post',
		path: '/api/v1/predictions',
		scope: 'ingest',
		handler: async (c) => {
			const upload = await readBatchUpload(
				c,
				'POST /api/v1/predictions',
				predictionRecordSchema,
				{ item: 'Record', items: 'records', contract: 'vigil.prediction/1', detail: 'record' },
				(bytes) => rawRecords(c, bytes)
			);
			const result = await ingestPredictions(c.env, { ...upload, records: upload.items });
			return c.json(result satisfies PredictionIngestResult, result.replayed ? 200 : 201);
		},
		doc: {
			summary: 'Store a batch of prediction records once per Idempotency-Key',
			parameters: [idempotencyHeader],
			requestBody: batchBody('PredictionRecord', 'records', {
				'application/vnd.apache.parquet': {
					schema: { type: 'string', contentMediaType: 'application/vnd.apache.parquet' }
				}
			}),
			responses: {
				'201': { description: 'Stored', content: json('PredictionIngestResult') },
				'200': {
					description: 'Replay of an already stored batch',
					content: json('PredictionIngestResult')
				},
				...writeErrors(
					badRequest,
					'Conflict (idempotency key replayed with a different body)',
					'The body does not match its contract'
				)
			}
		}
	},
	{
		method: 'get',
		path: '/api/v1/predictions',
		scope: 'read',
		handler: async (c) => {
			const model = modelParam(c.req.query('model'), true);
			const from = dateParam(c.req.query('from'), 'from');
			const to = dateParam(c.req.query('to'), 'to');
			const limit = Math.max(1, Math.min(Number(c.req.query('limit') ?? 100) || 100, 1000));
			const cursor = c.req.query('cursor') || undefined;
			return c.json(await listPredictionObjects(c.env, { model, from, to, limit, cursor }));
		},
		doc: {
			summary: 'List stored prediction objects of a model',
			parameters: [
				query('model', 'Model name', true),
				query('from', 'First date (ISO)'),
				query('to', 'Last date (ISO)'),
				query('cursor', 'From the previous page'),
				query('limit', '1–1000')
			],
			responses: {
				'200': { description: 'Objects', content: json('PredictionList') },
				...readErrors(badRequest)
			}
		}
	},
	{
		method: 'get',
		path: '/api/v1/predictions/:key{.+}',
		scope: 'read',
		handler: (c) => {
			let key = c.req.param('key') ?? '';
			if (!key.startsWith(PREFIXES.predictions)) key = `${PREFIXES.predictions}${key}`;
			if (!parsePredictionKey(key))
				throw new ApiError(
					400,
					'bad_request',
					'Not a prediction object key (predictions/model=<m>/date=<YYYY-MM-DD>/device=<d>/<ULID>.ndjson)'
				);
			return serveObject(c, (range) => readPredictionObject(c.env, key, range));
		},
		doc: {
			summary: 'One stored prediction object; honours Range: bytes=…',
			parameters: [
				path('key', 'Object key as listed (predictions/model=…/date=…/device=…/<ULID>.ndjson)')
			],
			responses: {
				'200': { description: 'The object' },
				'206': { description: 'The requested range' },
				'404': error('No such object'),
				'416': error('Range not satisfiable'),
				...readErrors(badRequest)
			}
		}
	}
];
