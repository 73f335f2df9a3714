import { z } from 'zod';
import { safeNameSchema, timestampSchema, ulidSchema, versionSchema } from './common';

/** A feature value as the device saw it: numbers, categories, flags or missing. */
export const featureValueSchema = z.union([
	z.number(),
	z.string().max(1024),
	z.boolean(),
	z.null()
]);

/**
 * Identifiers of a prediction that are not model inputs (a batch id, a sample number, an order
 * id): what a lab or a later system knows the prediction by, so delayed labels can be matched to
 * it. At most 16 keys; values are strings, numbers or null.
 */
export const predictionContextSchema = z
	.record(z.string().min(1).max(128), z.union([z.number(), z.string().max(1024), z.null()]))
	.refine((value) => Object.keys(value).length <= 16, 'at most 16 context keys');
export type PredictionContext = z.infer<typeof predictionContextSchema>;

/**
 * One prediction made on a device (`vigil.prediction/1`). The id is a ULID made on the device, so a
 * record keeps its identity however often its batch is retried.
 */
export const predictionRecordSchema = z
	.object({
		schema: z.literal('vigil.prediction/1').optional(),
		id: ulidSchema,
		model: safeNameSchema,
		model_version: versionSchema,
		device: safeNameSchema,
		ts: timestampSchema,
		features: z.record(z.string().min(1).max(128), featureValueSchema),
		/** Optional since records made before it existed have none. */
		context: predictionContextSchema.optional(),
		prediction: z.union([z.number(), z.array(z.number()).min(1).max(1024)]),
		probability: z.number().min(0).max(1).optional(),
		label: z.union([z.number(), z.string().max(1024), z.null()]).optional(),
		latency_seconds: z.number().min(0).optional(),
		/**
		 * A staged challenger's score of the same input, made beside the served prediction on the
		 * device (shadow scoring): never shown or acted on, kept for the challenger's evaluation.
		 */
		shadow: z
			.object({
				model_version: versionSchema,
				prediction: z.union([z.number(), z.array(z.number()).min(1).max(1024)]),
				probability: z.number().min(0).max(1).optional()
			})
			.strict()
			.optional()
	})
	.strict()
	.meta({ id: 'PredictionRecord', title: 'vigil.prediction/1' });
export type PredictionRecord = z.infer<typeof predictionRecordSchema>;

/** The JSON body forms of a batch: a bare array or `{ records: [...] }`. */
export const predictionBatchSchema = z
	.union([
		z.array(predictionRecordSchema),
		z.object({ records: z.array(predictionRecordSchema) }).strict()
	])
	.meta({ id: 'PredictionBatch' });

/** One stored object of a batch: records of one model, date and device. */
export const storedPredictionObjectSchema = z
	.object({
		key: z.string(),
		model: safeNameSchema,
		date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
		device: safeNameSchema,
		records: z.number().int().min(0),
		size: z.number().int().min(0),
		uploaded: timestampSchema.optional()
	})
	.meta({ id: 'StoredPredictionObject' });
export type StoredPredictionObject = z.infer<typeof storedPredictionObjectSchema>;

/** What POST /api/v1/predictions answers (201 first time, 200 with `replayed: true` on retries). */
export const predictionIngestResultSchema = z
	.object({
		schema: z.literal('vigil.prediction-ingest/1'),
		batch: ulidSchema,
		records: z.number().int().min(0),
		objects: z.array(storedPredictionObjectSchema),
		replayed: z.boolean()
	})
	.meta({ id: 'PredictionIngestResult' });
export type PredictionIngestResult = z.infer<typeof predictionIngestResultSchema>;

/** GET /api/v1/predictions. */
export const predictionListSchema = z
	.object({
		objects: z.array(storedPredictionObjectSchema),
		cursor: z.string().optional()
	})
	.meta({ id: 'PredictionList' });
export type PredictionList = z.infer<typeof predictionListSchema>;
