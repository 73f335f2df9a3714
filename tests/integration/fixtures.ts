import { monotonicFactory } from 'ulid';

const nextId = monotonicFactory();

/** A fresh ULID. */
export function newId(): string {
	return nextId();
}

/** A valid prediction record of `model`. */
export function predictionRecord(model: string, device: string, i: number) {
	return {
		id: newId(),
		model,
		model_version: '1.0.0',
		device,
		ts: new Date().toISOString(),
		features: {
			temperature: 298 + (i % 7),
			ph: 6.4 + (i % 3) / 10,
			phase: i % 2 ? 'fed' : 'batch'
		},
		prediction: 10 + (i % 11),
		latency_seconds: 0.002
	};
}

/** The fixed inference-latency bucket bounds of vigil.metrics-snapshot/1. */
export const LATENCY_BOUNDS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

/** A metrics snapshot of `device` with drift over `features` features and performance gauges. */
export function metricsSnapshot(
	model: string,
	device: string,
	features: number,
	predictions = 100
) {
	const counts = LATENCY_BOUNDS.map(() => 0).concat(0);
	counts[1] = Math.floor(predictions * 0.7);
	counts[3] = predictions - counts[1];
	return {
		schema: 'vigil.metrics-snapshot/1',
		id: newId(),
		device,
		model,
		model_version: '1.0.0',
		ts: new Date().toISOString(),
		counters: { predictions, inference_errors: 0, validation_errors: 1 },
		inference_latency: { bounds: LATENCY_BOUNDS, counts, sum_seconds: predictions * 0.004 },
		drift: {
			drift_share: 0.4,
			drifted: true,
			features: Array.from({ length: features }, (_, i) => ({
				feature: `f${i}`,
				method: i % 2 ? 'psi' : 'ks',
				score: (i % 10) / 10
			}))
		},
		performance: { rmse: 3.2, mae: 2.1 }
	};
}
