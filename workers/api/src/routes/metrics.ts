import { metricsSnapshotSchema } from '../../../../src/lib/contracts/metrics';
import { mediaType, parseJson, readBody, utf8, validate } from '../http/body';
import { modelParam } from '../http/params';
import { ApiError } from '../errors';
import { limits } from '../env';
import { error, json, query, readErrors, writeErrors } from '../openapi/parts';
import { exposition, ingestSnapshot, monitoringLatest, monitoringRuns } from '../services/metrics';
import type { Route } from './route';

const badRequest = 'Malformed request (bad JSON, bad parameter)';

/** Device metrics snapshots, the monitoring gauges and GET /metrics for Prometheus. */
export const metricsRoutes: Route[] = [
	{
		method: 'post',
		path: '/api/v1/metrics/snapshots',
		scope: 'ingest',
		handler: async (c) => {
			const type = mediaType(c);
			if (type !== 'application/json' && type !== '')
				throw new ApiError(
					415,
					'unsupported_media_type',
					'Send a metrics snapshot as application/json'
				);
			const body = parseJson(utf8(await readBody(c, limits(c.env).maxBodyBytes)));
			const snapshot = validate(metricsSnapshotSchema, body, 'metrics snapshot');
			const { duplicate } = await ingestSnapshot(c.env, snapshot);
			return c.json({ id: snapshot.id, accepted: !duplicate, duplicate }, duplicate ? 200 : 202);
		},
		doc: {
			summary: "Add a device's metrics snapshot (once per snapshot id)",
			requestBody: { required: true, content: json('MetricsSnapshot') },
			responses: {
				'202': { description: 'Accepted', content: json('MetricsSnapshotResult') },
				'200': { description: 'Duplicate, ignored', content: json('MetricsSnapshotResult') },
				...writeErrors(badRequest, undefined, 'The body does not match vigil.metrics-snapshot/1')
			}
		}
	},
	{
		method: 'get',
		path: '/api/v1/monitoring/latest',
		scope: 'read',
		handler: async (c) =>
			c.json(await monitoringLatest(c.env, modelParam(c.req.query('model'), true))),
		doc: {
			summary: 'Latest drift and performance gauges of a model, with the report link',
			parameters: [query('model', 'Model name', true)],
			responses: {
				'200': { description: 'Gauges' },
				'404': error('Unknown model'),
				...readErrors(badRequest)
			}
		}
	},
	{
		method: 'get',
		path: '/api/v1/monitoring/runs',
		scope: 'read',
		handler: async (c) => c.json(await monitoringRuns(c.env)),
		doc: {
			summary:
				"Each model's monitoring-job cursor and its last run (time, outcome: report, skipped, unavailable or failed, message)",
			responses: { '200': { description: 'Runs' }, ...readErrors(badRequest) }
		}
	},
	{
		method: 'get',
		path: '/metrics',
		scope: 'metrics',
		handler: async (c) =>
			c.text(await exposition(c.env), 200, {
				'content-type': 'text/plain; version=0.0.4; charset=utf-8'
			}),
		doc: {
			summary: 'Prometheus text format 0.0.4 (metrics scope unless PUBLIC_METRICS=true)',
			responses: {
				'200': {
					description: 'Exposition text',
					content: { 'text/plain': { schema: { type: 'string' } } }
				},
				...readErrors(badRequest)
			}
		}
	}
];
