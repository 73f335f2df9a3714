import { z } from 'zod';
import { safeNameSchema, timestampSchema, ulidSchema, versionSchema } from './common';
import { predictionRecordSchema } from './prediction';

/**
 * A ground-truth value: a number (regression target, or a class index), a class name, or a flag.
 * Null, objects and arrays are not labels.
 */
export const labelValueSchema = z.union([
	z.number().refine(Number.isFinite, 'must be a finite number'),
	z.string().min(1).max(1024),
	z.boolean()
]);
export type LabelValue = z.infer<typeof labelValueSchema>;

/**
 * A delayed label (`vigil.label/1`): the ground truth of the prediction whose record id is `id`,
 * observed at `observed_at` (a lab assay, a default months later). `model` is optional; when it is
 * given, the label's type is checked against that model's card.
 */
export const labelSchema = z
	.object({
		schema: z.literal('vigil.label/1').optional(),
		id: ulidSchema,
		label: labelValueSchema,
		observed_at: timestampSchema,
		model: safeNameSchema.optional()
	})
	.strict()
	.meta({ id: 'Label', title: 'vigil.label/1' });
export type Label = z.infer<typeof labelSchema>;

/** The JSON body forms of a label batch: a bare array or `{ labels: [...] }`. */
export const labelBatchSchema = z
	.union([z.array(labelSchema), z.object({ labels: z.array(labelSchema) }).strict()])
	.meta({ id: 'LabelBatch' });

/** A label as stored: the label plus the batch that brought it and when the Worker received it. */
export const storedLabelSchema = z
	.object({
		schema: z.literal('vigil.label/1'),
		id: ulidSchema,
		label: labelValueSchema,
		observed_at: timestampSchema,
		model: safeNameSchema.optional(),
		batch: ulidSchema,
		received_at: timestampSchema
	})
	.meta({ id: 'StoredLabel' });
export type StoredLabel = z.infer<typeof storedLabelSchema>;

/** A label that replaced (or failed to replace) an earlier one with a different value. */
export const labelChangeSchema = z
	.object({
		id: ulidSchema,
		previous: labelValueSchema,
		previous_observed_at: timestampSchema,
		label: labelValueSchema,
		observed_at: timestampSchema,
		/** False when the new label was observed before the current one: it is kept in the history only. */
		effective: z.boolean()
	})
	.meta({ id: 'LabelChange' });
export type LabelChange = z.infer<typeof labelChangeSchema>;

/** What POST /api/v1/labels answers (201 first time, 200 with `replayed: true` on retries). */
export const labelIngestResultSchema = z
	.object({
		schema: z.literal('vigil.label-ingest/1'),
		batch: ulidSchema,
		labels: z.number().int().min(0),
		objects: z.array(z.string()),
		changed: z.array(labelChangeSchema),
		replayed: z.boolean()
	})
	.meta({ id: 'LabelIngestResult' });
export type LabelIngestResult = z.infer<typeof labelIngestResultSchema>;

/** GET /api/v1/labels/{id}: the label in force and every label received for the record. */
export const labelHistorySchema = z
	.object({
		schema: z.literal('vigil.label-history/1'),
		id: ulidSchema,
		current: storedLabelSchema,
		history: z.array(storedLabelSchema)
	})
	.meta({ id: 'LabelHistory' });
export type LabelHistory = z.infer<typeof labelHistorySchema>;

/** Label coverage of one window: labelled predictions / predictions. */
export const coverageWindowSchema = z.object({
	start: timestampSchema,
	end: timestampSchema,
	predictions: z.number().int().min(0),
	labelled: z.number().int().min(0),
	/** null when the window holds no predictions. */
	coverage: z.number().min(0).max(1).nullable()
});
export type CoverageWindow = z.infer<typeof coverageWindowSchema>;

/** GET /api/v1/labels/coverage. */
export const labelCoverageSchema = z
	.object({
		schema: z.literal('vigil.label-coverage/1'),
		model: safeNameSchema,
		from: timestampSchema,
		to: timestampSchema,
		total: coverageWindowSchema,
		by_version: z.array(
			z.object({
				model_version: versionSchema,
				predictions: z.number().int().min(0),
				labelled: z.number().int().min(0),
				coverage: z.number().min(0).max(1).nullable()
			})
		),
		windows: z.array(coverageWindowSchema)
	})
	.meta({ id: 'LabelCoverage', title: 'vigil.label-coverage/1' });
export type LabelCoverage = z.infer<typeof labelCoverageSchema>;

/** A prediction record with the label in force joined to it. */
export const labelledPredictionSchema = predictionRecordSchema
	.extend({
		label: labelValueSchema,
		label_source: z.enum(['labels', 'record']),
		label_observed_at: timestampSchema.optional()
	})
	.meta({ id: 'LabelledPrediction' });
export type LabelledPrediction = z.infer<typeof labelledPredictionSchema>;

/** GET /api/v1/labels/joined: the labelled predictions of a model in a range (for training). */
export const labelledPredictionsSchema = z
	.object({
		schema: z.literal('vigil.labelled-predictions/1'),
		model: safeNameSchema,
		from: timestampSchema,
		to: timestampSchema,
		predictions: z.number().int().min(0),
		labelled: z.number().int().min(0),
		coverage: z.number().min(0).max(1).nullable(),
		records: z.array(labelledPredictionSchema)
	})
	.meta({ id: 'LabelledPredictions', title: 'vigil.labelled-predictions/1' });
export type LabelledPredictions = z.infer<typeof labelledPredictionsSchema>;
