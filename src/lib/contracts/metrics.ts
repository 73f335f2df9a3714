import { z } from 'zod';
import { safeNameSchema, timestampSchema, ulidSchema, versionSchema } from './common';

/**
 * Upper bounds (seconds) of the inference-latency histogram buckets. Fixed, so every device's
 * histogram adds up bucket by bucket; `+Inf` is implied as the last bucket.
 */
export const INFERENCE_LATENCY_BUCKETS = [
	0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5
] as const;

const count = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);

/** A ratio in [0, 1]. */
const ratio = z.number().min(0).max(1);

/** Drift gauges of a device's latest drift computation. */
export const driftGaugesSchema = z
	.object({
		drift_share: ratio,
		drifted: z.boolean(),
		features: z
			.array(
				z
					.object({
						feature: safeNameSchema,
						method: safeNameSchema,
						score: z.number().refine(Number.isFinite, 'must be finite')
					})
					.strict()
			)
			.max(2000)
	})
	.strict()
	.meta({ id: 'DriftGauges' });
export type DriftGauges = z.infer<typeof driftGaugesSchema>;

/** Performance gauges; each one present only when the device had labels to compute it. */
export const performanceGaugesSchema = z
	.object({
		rmse: z.number().min(0).optional(),
		mae: z.number().min(0).optional(),
		accuracy: ratio.optional(),
		f1: ratio.optional()
	})
	.strict()
	.meta({ id: 'PerformanceGauges' });
export type PerformanceGauges = z.infer<typeof performanceGaugesSchema>;

/**
 * A device's metrics since its previous push (`vigil.metrics-snapshot/1`). The id (a ULID made on the
 * device) makes a retried push count once.
 */
export const metricsSnapshotSchema = z
	.object({
		schema: z.literal('vigil.metrics-snapshot/1'),
		id: ulidSchema,
		device: safeNameSchema,
		model: safeNameSchema,
		model_version: versionSchema,
		ts: timestampSchema,
		counters: z
			.object({
				predictions: count,
				inference_errors: count.default(0),
				validation_errors: count.default(0)
			})
			.strict(),
		inference_latency: z
			.object({
				/** Must equal INFERENCE_LATENCY_BUCKETS. */
				bounds: z.array(z.number()),
				/** Non-cumulative counts per bucket; one more than `bounds` (the +Inf bucket). */
				counts: z.array(count),
				sum_seconds: z.number().min(0)
			})
			.strict()
			.refine(
				(h) =>
					h.bounds.length === INFERENCE_LATENCY_BUCKETS.length &&
					h.bounds.every((b, i) => b === INFERENCE_LATENCY_BUCKETS[i]),
				{ message: `bounds must be ${JSON.stringify(INFERENCE_LATENCY_BUCKETS)}`, path: ['bounds'] }
			)
			.refine((h) => h.counts.length === INFERENCE_LATENCY_BUCKETS.length + 1, {
				message: `counts must have ${INFERENCE_LATENCY_BUCKETS.length + 1} entries (the last is +Inf)`,
				path: ['counts']
			})
			.optional(),
		drift: driftGaugesSchema.optional(),
		performance: performanceGaugesSchema.optional()
	})
	.strict()
	.meta({ id: 'MetricsSnapshot', title: 'vigil.metrics-snapshot/1' });
export type MetricsSnapshot = z.infer<typeof metricsSnapshotSchema>;

/** What POST /api/v1/metrics/snapshots answers. */
export const metricsSnapshotResultSchema = z
	.object({ id: ulidSchema, accepted: z.boolean(), duplicate: z.boolean() })
	.meta({ id: 'MetricsSnapshotResult' });
