import { z } from 'zod';
import { safeNameSchema, sha256Schema, timestampSchema, versionSchema } from './common';

/** Element types a feature column may carry before it is turned into the model's float input. */
export const featureDtypeSchema = z.enum(['float32', 'float64', 'int64', 'string']);
export type FeatureDtype = z.infer<typeof featureDtypeSchema>;

/**
 * What to do with a missing value (null, undefined, NaN, empty string) in a feature:
 * `reject` fails validation, `impute` replaces it by the feature's `impute_value` (a number, or a
 * category for string features), `allow` passes NaN to the model (the tree ensemble routes missing
 * values down the branch the trainer learned for them).
 */
export const missingPolicySchema = z.enum(['reject', 'impute', 'allow']);
export type MissingPolicy = z.infer<typeof missingPolicySchema>;

/** One input feature, in the order of the columns of the model's input tensor. */
export const featureSchema = z
	.object({
		name: z.string().min(1).max(256),
		dtype: featureDtypeSchema,
		unit: z.string().optional(),
		description: z.string().optional(),
		/** Values outside [min, max] fail validation (inclusive bounds). */
		range: z.object({ min: z.number(), max: z.number() }).optional(),
		/** Allowed values of a string feature; their index is the code the model sees. */
		categories: z.array(z.string()).optional(),
		missing: missingPolicySchema,
		impute_value: z.union([z.number(), z.string()]).optional()
	})
	.refine((f) => f.missing !== 'impute' || f.impute_value !== undefined, {
		message: "missing: 'impute' needs an impute_value"
	})
	.refine((f) => f.dtype !== 'string' || (f.categories && f.categories.length > 0), {
		message: 'a string feature needs its categories (the code map)'
	})
	.refine((f) => !f.range || f.range.min <= f.range.max, { message: 'range.min > range.max' });
export type Feature = z.infer<typeof featureSchema>;

/**
 * A documented transformation from the raw column to the float the graph receives. `category-codes`
 * maps each category to its index in `categories`; `cast` turns numbers into float32.
 */
export const preprocessingStepSchema = z.discriminatedUnion('kind', [
	z.object({
		kind: z.literal('category-codes'),
		feature: z.string(),
		/** code i ↔ categories[i]; unknown categories fail validation. */
		categories: z.array(z.string()).min(1),
		description: z.string()
	}),
	z.object({
		kind: z.literal('cast'),
		feature: z.string(),
		to: z.literal('float32'),
		description: z.string()
	}),
	z.object({
		kind: z.literal('note'),
		description: z.string()
	})
]);
export type PreprocessingStep = z.infer<typeof preprocessingStepSchema>;

/** One output tensor of the graph and what it means. */
export const outputSchema = z.object({
	name: z.string().min(1),
	dtype: z.enum(['float32', 'int64']),
	/** Shape with -1 for the batch dimension, e.g. [-1, 1] or [-1, 2]. */
	shape: z.array(z.number().int()),
	description: z.string(),
	unit: z.string().optional(),
	/** Class labels, for classifier outputs, in the order of the probability columns. */
	labels: z.array(z.string()).optional()
});
export type ModelOutput = z.infer<typeof outputSchema>;

/** Metric name → value for one split (`rmse`, `r2`, `mae`, `roc_auc`, `f1`, `accuracy`, `log_loss`, …). */
export const metricSetSchema = z.record(z.string(), z.number());

export const modelCardSchema = z.object({
	schema: z.literal('vigil.model-card/1'),
	name: safeNameSchema,
	version: versionSchema,
	title: z.string().optional(),
	description: z.string().optional(),
	task: z.enum(['regression', 'binary', 'multiclass']),
	/** Ordered: feature i is column i of the input tensor. */
	features: z.array(featureSchema).min(1),
	/** The target column of the training data and its meaning. */
	target: z.object({
		name: z.string(),
		unit: z.string().optional(),
		description: z.string().optional(),
		/** For classifiers: label strings; index i is class i. */
		classes: z.array(z.string()).optional()
	}),
	preprocessing: z.array(preprocessingStepSchema),
	outputs: z.array(outputSchema).min(1),
	onnx: z.object({
		/** File name relative to the card (`model.onnx`). */
		file: z.string().min(1),
		sha256: sha256Schema,
		bytes: z.number().int().positive(),
		/** Opsets by domain, e.g. { '': 17, 'ai.onnx.ml': 3 }. */
		opset: z.record(z.string(), z.number().int()),
		input_names: z.array(z.string()).min(1),
		output_names: z.array(z.string()).min(1)
	}),
	reference: z.object({
		/** Where the reference data set is served, e.g. `/data/indpensim.parquet`. */
		location: z.string(),
		/** SHA-256 of the reference: see `sha256_of`. */
		sha256: sha256Schema,
		/**
		 * `parquet-file`: of the file at `location`; `training-rows-csv`: of the training rows as
		 * canonical CSV (header + rows of the features and the target, `\n`-terminated), used until
		 * the Parquet file exists.
		 */
		sha256_of: z.enum(['parquet-file', 'training-rows-csv']),
		rows: z.number().int().nonnegative(),
		/** Row filter that selects the reference within the file, if not all rows. */
		filter: z.string().optional(),
		description: z.string().optional()
	}),
	metrics: z.object({
		train: metricSetSchema,
		validation: metricSetSchema,
		test: metricSetSchema,
		/** Further named evaluation sets, e.g. one per month after training. */
		extra: z.record(z.string(), metricSetSchema).optional()
	}),
	training: z.object({
		algorithm: z.string(),
		params: z.record(z.string(), z.union([z.number(), z.string(), z.boolean()])),
		trained_at: timestampSchema,
		rows: z.object({
			train: z.number().int().nonnegative(),
			validation: z.number().int().nonnegative(),
			test: z.number().int().nonnegative()
		}),
		trees: z.number().int().nonnegative(),
		seconds: z.number().nonnegative().optional(),
		data: z.string().optional()
	}),
	attribution: z.string().min(1)
});
export type ModelCard = z.infer<typeof modelCardSchema>;

/** One entry of static/models/manifest.json. */
export const modelManifestEntrySchema = z.object({
	name: safeNameSchema,
	version: versionSchema,
	task: z.enum(['regression', 'binary', 'multiclass']),
	title: z.string().optional(),
	/** Paths relative to the manifest, e.g. `penicillin-soft-sensor/1.0.0/card.json`. */
	card: z.string(),
	onnx: z.string(),
	sha256: sha256Schema
});

export const modelManifestSchema = z.object({
	schema: z.literal('vigil.model-manifest/1'),
	models: z.array(modelManifestEntrySchema)
});
export type ModelManifest = z.infer<typeof modelManifestSchema>;

/**
 * Parses a model card, throwing a zod error listing every wrong field.
 *
 * @example
 * const card = parseModelCard(await (await fetch('/models/adult-income/1.0.0/card.json')).json());
 */
export function parseModelCard(value: unknown): ModelCard {
	return modelCardSchema.parse(value);
}
