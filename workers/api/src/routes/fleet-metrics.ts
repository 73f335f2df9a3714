import { Hono } from 'hono';
import { metricsSnapshotSchema } from '../../../../src/lib/contracts/metrics';
import { safeNameSchema } from '../../../../src/lib/contracts/common';
import { requireScope } from '../auth';
import { parseJson, readBody, utf8, validate, mediaType } from '../body';
import { ApiError } from '../errors';
import { fleetOf, limits, type AppEnv } from '../env';

/** POST /api/v1/metrics/snapshots and GET /api/v1/monitoring/latest. */
export const fleetMetrics = new Hono<AppEnv>()
	.post('/metrics/snapshots', requireScope('ingest'), async (c) => {
		const type = mediaType(c);
		if (type !== 'application/json' && type !== '')
			throw new ApiError(
				415,
				'unsupported_media_type',
				'Send a metrics snapshot as application/json'
			);
		const body = parseJson(utf8(await readBody(c, limits(c.env).maxBodyBytes)));
		const snapshot = validate(metricsSnapshotSchema, body, 'metrics snapshot');
		const { duplicate } = await fleetOf(c.env).ingestSnapshot(snapshot);
		return c.json({ id: snapshot.id, accepted: !duplicate, duplicate }, duplicate ? 200 : 202);
	})
	.get('/monitoring/latest', requireScope('read'), async (c) => {
		const model = c.req.query('model');
		if (!model || !safeNameSchema.safeParse(model).success)
			throw new ApiError(
				400,
				'bad_request',
				'Query parameter model is required and must be a model name'
			);
		const fleet = fleetOf(c.env);
		const gauges = (await fleet.modelGauges()).find((g) => g.model === model);
		if (!gauges) throw new ApiError(404, 'not_found', `Nothing is known yet about model ${model}`);
		const [features, [report]] = await Promise.all([
			fleet.featureScores(model),
			fleet.listReports({ model, limit: 1 })
		]);
		const iso = (t: number | null) => (t === null ? null : new Date(t).toISOString());
		return c.json({
			schema: 'vigil.monitoring-latest/1',
			model,
			updated_at: iso(gauges.updated_at),
			drift_share: gauges.drift_share,
			drifted: gauges.drifted === null ? null : gauges.drifted === 1,
			performance: { rmse: gauges.rmse, mae: gauges.mae, accuracy: gauges.accuracy, f1: gauges.f1 },
			features: features.map(({ feature, method, score }) => ({ feature, method, score })),
			last_prediction_at: iso(gauges.last_prediction_at),
			report: report
				? { id: report.id, created_at: iso(report.created_at), url: `/api/v1/reports/${report.id}` }
				: null
		});
	});
