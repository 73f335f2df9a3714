import { z } from 'zod';
import { advancedDriftSchema } from '../drift/advanced/schemas';
import { correlationDriftSchema, qualitySuiteSchema } from './report-blocks';
import { sha256Schema, timestampSchema, ulidSchema } from './common';

/**
 * The drift report (`vigil.report/1`): one JSON document per comparison of a current window with a
 * reference profile, the same wherever it was computed (browser, Worker, CLI). Numbers that are not
 * finite (a NaN p-value of a degenerate test) are written as null; the quality section says why.
 */

const finiteOrNull = z.number().nullable();
const share = z.number().min(0).max(1);

export const statisticNameSchema = z.enum([
	'ks',
	'chisquare',
	'z',
	'wasserstein',
	'jensenshannon',
	'psi',
	'kl_div',
	'hellinger',
	'anderson',
	'cramer_von_mises',
	'ed'
]);

/** What is needed to draw a numerical column: shares on shared edges and a downsampled ECDF. */
export const histogramSchema = z.object({
	edges: z.array(z.number()).min(2),
	reference: z.array(share),
	current: z.array(share)
});
export const ecdfSchema = z.object({
	x: z.array(z.number()),
	reference: z.array(share),
	current: z.array(share)
});
export const categoryShareSchema = z.object({
	category: z.string(),
	reference: share,
	current: share
});

/** A further method run on a column on request (its verdict does not count for dataset drift). */
export const additionalResultSchema = z.object({
	method: statisticNameSchema,
	kind: z.enum(['pvalue', 'distance']),
	value: finiteOrNull,
	statistic: finiteOrNull.optional(),
	pvalue: finiteOrNull.optional(),
	threshold: z.number(),
	drifted: z.boolean()
});

export const columnDriftSchema = z.object({
	name: z.string().min(1).max(500),
	type: z.enum(['numerical', 'categorical']),
	/** `tested`, or `skipped` when the method could not run (see `reason`). */
	status: z.enum(['tested', 'skipped']),
	reason: z.string().optional(),
	method: statisticNameSchema,
	kind: z.enum(['pvalue', 'distance']),
	/** The value compared with the threshold (the p-value or the distance). */
	value: finiteOrNull,
	statistic: finiteOrNull.optional(),
	pvalue: finiteOrNull.optional(),
	distance: finiteOrNull.optional(),
	threshold: z.number(),
	drifted: z.boolean(),
	histogram: histogramSchema.optional(),
	ecdf: ecdfSchema.optional(),
	categories: z.array(categoryShareSchema).optional(),
	/** Results of `additionalMethods`, or the reason one could not run. */
	additional: z
		.array(additionalResultSchema.or(z.object({ method: statisticNameSchema, error: z.string() })))
		.optional()
});

const sideQualitySchema = z.object({
	rows: z.number().int().nonnegative(),
	/** NaN / null share of rows. */
	missing_share: share,
	/** ±Infinity share of rows. */
	non_finite_share: share,
	constant: z.boolean()
});

export const columnQualitySchema = z.object({
	name: z.string(),
	type: z.enum(['numerical', 'categorical']),
	reference: sideQualitySchema,
	current: sideQualitySchema,
	/** Share of finite current values outside [min, max] of the reference. */
	out_of_range_share: share.optional(),
	new_categories: z.array(z.string()).optional(),
	vanished_categories: z.array(z.string()).optional(),
	notes: z.array(z.string())
});

export const qualitySchema = z.object({
	columns: z.array(columnQualitySchema),
	reference_only_columns: z.array(z.string()),
	current_only_columns: z.array(z.string()),
	type_mismatch_columns: z.array(z.string())
});

export const regressionPerformanceSchema = z.object({
	task: z.literal('regression'),
	rows: z.number().int().nonnegative(),
	rmse: finiteOrNull,
	mae: finiteOrNull,
	/** Mean absolute percentage error over rows whose label is not 0 (a share, not ×100). */
	mape: finiteOrNull,
	r2: finiteOrNull
});

export const classificationPerformanceSchema = z.object({
	task: z.literal('classification'),
	rows: z.number().int().nonnegative(),
	accuracy: finiteOrNull,
	precision: finiteOrNull,
	recall: finiteOrNull,
	f1: finiteOrNull,
	roc_auc: finiteOrNull,
	log_loss: finiteOrNull,
	confusion_matrix: z.object({
		tp: z.number().int().nonnegative(),
		fp: z.number().int().nonnegative(),
		tn: z.number().int().nonnegative(),
		fn: z.number().int().nonnegative()
	})
});

const classMetricsSchema = z.object({
	precision: finiteOrNull,
	recall: finiteOrNull,
	f1: finiteOrNull
});

/**
 * Multiclass metrics by label (added to vigil.report/1 as a third performance task): per class,
 * macro, micro and support-weighted averages, the confusion matrix (rows: actual class, columns:
 * predicted class, both in the order of `classes`) and one-vs-rest ROC AUC.
 */
export const multiclassPerformanceSchema = z.object({
	task: z.literal('multiclass'),
	rows: z.number().int().nonnegative(),
	classes: z.array(z.string()).min(2).max(100),
	accuracy: finiteOrNull,
	log_loss: finiteOrNull,
	per_class: z.array(
		classMetricsSchema.extend({
			class: z.string(),
			support: z.number().int().nonnegative(),
			roc_auc: finiteOrNull
		})
	),
	macro: classMetricsSchema.extend({ roc_auc: finiteOrNull }),
	micro: classMetricsSchema,
	weighted: classMetricsSchema.extend({ roc_auc: finiteOrNull }),
	confusion_matrix: z.array(z.array(z.number().int().nonnegative()))
});
export type MulticlassPerformance = z.infer<typeof multiclassPerformanceSchema>;

export const proxySchema = z.object({
	rows: z.number().int().nonnegative(),
	mean: finiteOrNull,
	std: finiteOrNull,
	quantiles: z.object({
		p05: finiteOrNull,
		p25: finiteOrNull,
		p50: finiteOrNull,
		p75: finiteOrNull,
		p95: finiteOrNull
	}),
	/** Share of scores ≥ 0.5 (classification). */
	positive_rate: finiteOrNull.optional(),
	/** Entropy (nats) of the scores in 10 equal bins ([0, 1] for classification, else [min, max]). */
	score_entropy: finiteOrNull
});

const performanceSchema = z.discriminatedUnion('task', [
	regressionPerformanceSchema,
	classificationPerformanceSchema,
	multiclassPerformanceSchema
]);

/**
 * The report split by a column (`vigil.segments/1`, src/lib/drift/segments.ts): each segment
 * against the whole reference, ranked by how much it differs (rank 1 first).
 */
export const segmentsSchema = z.object({
	schema: z.literal('vigil.segments/1'),
	column: z.string().min(1).max(500),
	max_segments: z.number().int().positive(),
	min_rows: z.number().int().nonnegative(),
	segments_total: z.number().int().nonnegative(),
	segments: z.array(
		z.object({
			value: z.string().nullable(),
			rows: z.number().int().positive(),
			rank: z.number().int().positive(),
			score: z.number().nonnegative(),
			drift_share: share,
			drifted_columns: z.number().int().nonnegative(),
			columns_tested: z.number().int().nonnegative(),
			dataset_drifted: z.boolean(),
			top_columns: z.array(z.string()).max(3),
			performance: performanceSchema.optional()
		})
	),
	too_small: z.object({
		segments: z.number().int().nonnegative(),
		rows: z.number().int().nonnegative()
	}),
	omitted: z.object({
		segments: z.number().int().nonnegative(),
		rows: z.number().int().nonnegative()
	}),
	message: z.string().optional()
});
export type Segments = z.infer<typeof segmentsSchema>;

export const reportSchema = z.object({
	schema: z.literal('vigil.report/1'),
	id: ulidSchema,
	created_at: timestampSchema,
	model: z.object({ name: z.string().min(1).max(200), version: z.string().max(100) }).optional(),
	reference: z.object({
		name: z.string().max(500),
		sha256: sha256Schema,
		rows: z.number().int().nonnegative()
	}),
	current: z.object({
		name: z.string().max(500),
		rows: z.number().int().nonnegative(),
		window: z
			.object({
				start: z.string().optional(),
				end: z.string().optional(),
				label: z.string().optional()
			})
			.optional()
	}),
	dataset: z.object({
		drifted: z.boolean(),
		drift_share: share,
		drifted_columns: z.number().int().nonnegative(),
		columns_tested: z.number().int().nonnegative(),
		drift_share_threshold: share
	}),
	columns: z.array(columnDriftSchema),
	prediction_drift: columnDriftSchema.optional(),
	target_drift: columnDriftSchema.optional(),
	quality: qualitySchema,
	performance: performanceSchema.optional(),
	proxy: proxySchema.optional(),
	/** Multivariate, CBPE and streaming results (src/lib/drift/advanced). */
	advanced: advancedDriftSchema.optional(),
	/** Change of the pairwise correlations of the numerical columns (additive, optional). */
	correlation: correlationDriftSchema.optional(),
	/** The data-quality suite: checks by column type with reference-derived conditions. */
	quality_suite: qualitySuiteSchema.optional(),
	/** The report split by a column, segments ranked by how much they differ. */
	segments: segmentsSchema.optional(),
	/** Room for further result blocks, keyed by a namespaced name. */
	extensions: z.record(z.string(), z.unknown()).optional()
});

export type Report = z.infer<typeof reportSchema>;
export type ColumnDrift = z.infer<typeof columnDriftSchema>;
export type ColumnQuality = z.infer<typeof columnQualitySchema>;
export type Performance = NonNullable<Report['performance']>;
export type ProxyMetrics = z.infer<typeof proxySchema>;
