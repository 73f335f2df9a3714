import { z } from 'zod';
import { safeNameSchema, sha256Schema, timestampSchema, ulidSchema, versionSchema } from './common';

/** A metric with its confidence interval (null bounds when no interval could be computed). */
export const metricEstimateSchema = z.object({
	value: z.number().nullable(),
	lower: z.number().nullable(),
	upper: z.number().nullable()
});
export type MetricEstimate = z.infer<typeof metricEstimateSchema>;

/** Performance of one window of predictions joined with their labels. */
export const performanceWindowSchema = z.object({
	start: timestampSchema,
	end: timestampSchema,
	predictions: z.number().int().min(0),
	labelled: z.number().int().min(0),
	coverage: z.number().min(0).max(1).nullable(),
	/** `ok`: metrics computed; `not_enough_labels`: coverage (or labelled count) below the minimum. */
	state: z.enum(['ok', 'not_enough_labels', 'no_predictions']),
	metrics: z.record(z.string(), metricEstimateSchema)
});
export type PerformanceWindow = z.infer<typeof performanceWindowSchema>;

export const intervalOptionsSchema = z.object({
	method: z.enum(['bootstrap', 'analytic']),
	/** Two-sided confidence level, e.g. 0.95. */
	level: z.number().gt(0).lt(1),
	resamples: z.number().int().min(1).optional(),
	seed: z.number().int().optional()
});

/** Performance over time (`vigil.performance/1`): GET /api/v1/performance and the reports. */
export const performanceSeriesSchema = z
	.object({
		schema: z.literal('vigil.performance/1'),
		model: safeNameSchema,
		task: z.enum(['regression', 'binary']),
		min_coverage: z.number().min(0).max(1),
		window_seconds: z.number().positive(),
		interval: intervalOptionsSchema,
		windows: z.array(performanceWindowSchema),
		/** Labels left out because their type does not fit the task. */
		mismatched_labels: z.number().int().min(0)
	})
	.meta({ id: 'PerformanceSeries', title: 'vigil.performance/1' });
export type PerformanceSeries = z.infer<typeof performanceSeriesSchema>;

/** Thresholds of the evaluation gates; every one is configurable. */
export const gateConfigSchema = z.object({
	min_labelled: z.number().int().min(0),
	min_coverage: z.number().min(0).max(1),
	/** Binary: challenger F1 − champion F1 must reach this (0.02 = two points). */
	min_f1_gain: z.number(),
	/** Regression: challenger RMSE / champion RMSE must not exceed this (0.95 = 5% better). */
	max_rmse_ratio: z.number().positive(),
	/** Binary: challenger Brier − champion Brier must not exceed this. */
	max_brier_increase: z.number().min(0),
	/** No segment's primary metric may degrade by more than this share. */
	max_segment_degradation: z.number().min(0),
	/** Segments with fewer holdout rows are reported but not gated. */
	min_segment_rows: z.number().int().min(1),
	/**
	 * Labelled predictions the challenger must have shadow-scored on live traffic beside the
	 * champion (while staged) before promotion; 0 = no shadow period required. Absent in
	 * evaluations made before the shadow gate existed.
	 */
	min_shadow_labelled: z.number().int().min(0).optional()
});
export type GateConfig = z.infer<typeof gateConfigSchema>;

export const gateNameSchema = z.enum([
	'compatible',
	'min_labelled',
	'min_coverage',
	'beats_champion',
	'calibration',
	'segments',
	'shadow'
]);
export type GateName = z.infer<typeof gateNameSchema>;

/** One gate with the figures it was decided on. */
export const gateResultSchema = z.object({
	gate: gateNameSchema,
	passed: z.boolean(),
	/** True when the gate does not apply (calibration of a regressor): it then passes. */
	not_applicable: z.boolean().optional(),
	value: z.number().nullable(),
	threshold: z.number().nullable(),
	message: z.string()
});
export type GateResult = z.infer<typeof gateResultSchema>;

/** The primary metric of one segment for both models. */
export const segmentResultSchema = z.object({
	column: z.string(),
	value: z.string(),
	rows: z.number().int().min(0),
	metric: z.string(),
	champion: z.number().nullable(),
	challenger: z.number().nullable(),
	/** Relative degradation of the challenger (positive = worse); null when not computable. */
	degradation: z.number().nullable(),
	gated: z.boolean()
});
export type SegmentResult = z.infer<typeof segmentResultSchema>;

/** Which version produced which prediction on the shared holdout (shadow scoring). */
export const shadowScoreSchema = z.object({
	id: ulidSchema,
	y: z.number(),
	champion: z.number(),
	challenger: z.number()
});

/**
 * The evaluation of a challenger against the champion (`vigil.evaluation/1`): the figures of every
 * gate, and whether all passed. Promotion to production requires a passing one.
 */
export const evaluationSchema = z
	.object({
		schema: z.literal('vigil.evaluation/1'),
		model: safeNameSchema,
		task: z.enum(['regression', 'binary']),
		created_at: timestampSchema,
		/** The versions compared, with the SHA-256 of their ONNX files (so the bytes evaluated are the bytes promoted). */
		champion: z.object({ version: versionSchema, sha256: sha256Schema.optional() }),
		challenger: z.object({ version: versionSchema, sha256: sha256Schema.optional() }),
		/** The window the challenger never trained on, and the labelled rows in it. */
		holdout: z.object({ from: timestampSchema, to: timestampSchema, rows: z.number().int() }),
		labelled: z.number().int().min(0),
		coverage: z.number().min(0).max(1).nullable(),
		config: gateConfigSchema,
		metrics: z.object({
			champion: z.record(z.string(), z.number().nullable()),
			challenger: z.record(z.string(), z.number().nullable())
		}),
		segments: z.array(segmentResultSchema),
		gates: z.array(gateResultSchema),
		passed: z.boolean(),
		shadow: z.object({
			champion_version: versionSchema,
			challenger_version: versionSchema,
			records: z.array(shadowScoreSchema)
		}),
		/**
		 * The shadow period: live predictions the champion served while the staged challenger
		 * scored the same inputs on the devices, once their labels arrived.
		 */
		shadow_period: z
			.object({
				from: timestampSchema,
				to: timestampSchema,
				rows: z.number().int().min(0),
				champion_versions: z.array(versionSchema),
				metrics: z.object({
					champion: z.record(z.string(), z.number().nullable()),
					challenger: z.record(z.string(), z.number().nullable())
				})
			})
			.optional()
	})
	.meta({ id: 'Evaluation', title: 'vigil.evaluation/1' });
export type Evaluation = z.infer<typeof evaluationSchema>;
