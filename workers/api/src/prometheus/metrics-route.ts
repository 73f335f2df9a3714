import { Hono } from 'hono';
import type { AppEnv } from '../env';
import { renderExposition, type MetricFamily } from './exposition';

/** GET /metrics: the fleet's metrics in Prometheus text format 0.0.4. */
export const metricsRoute = new Hono<AppEnv>().get('/metrics', async (c) => {
	const fleet = c.env.FLEET.get(c.env.FLEET.idFromName('fleet'));
	const counters = await fleet.counters();
	const families: MetricFamily[] = [
		{
			name: 'vigil_build_info',
			help: 'Build information of the running Vigil Worker; the value is always 1.',
			type: 'gauge',
			samples: [{ labels: { version: c.env.VIGIL_VERSION }, value: 1 }]
		},
		{
			name: 'vigil_predictions_total',
			help: 'Predictions reported by devices, by model and model version.',
			type: 'counter',
			samples: counters
				.filter((row) => row.name === 'vigil_predictions_total')
				.map((row) => ({ labels: row.labels, value: row.value }))
		}
	];
	return c.text(renderExposition(families), 200, {
		'content-type': 'text/plain; version=0.0.4; charset=utf-8'
	});
});
