import { z } from 'zod';
import { QUALITY_CHECKS } from '../drift/quality/check';

/**
 * Additive blocks of the drift report (`vigil.report/1`), each versioned by its own `schema`:
 * correlation drift (`vigil.correlation-drift/1`) and the data-quality suite
 * (`vigil.quality-suite/1`). Reports without them stay valid; readers that do not know them ignore
 * them. Shapes are those of src/lib/drift/correlation-drift.ts and src/lib/drift/quality/suite.ts.
 */

const share = z.number().min(0).max(1);
const excludedSchema = z.object({ column: z.string(), reason: z.string() });

export const correlationPairSchema = z.object({
	a: z.string(),
	b: z.string(),
	reference: z.number().min(-1).max(1),
	current: z.number().min(-1).max(1),
	delta: z.number().min(-2).max(2),
	z: z.number(),
	pvalue: share,
	drifted: z.boolean()
});

export const correlationDriftSchema = z.object({
	schema: z.literal('vigil.correlation-drift/1'),
	method: z.literal('pearson-fisher-z'),
	alpha: z.number().gt(0).lt(1),
	min_delta: z.number().min(0),
	pairs_tested: z.number().int().nonnegative(),
	drifted_pairs: z.number().int().nonnegative(),
	drifted: z.boolean(),
	largest: correlationPairSchema.nullable(),
	pairs: z.array(correlationPairSchema).max(1000),
	excluded: z.array(excludedSchema)
});
export type CorrelationDrift = z.infer<typeof correlationDriftSchema>;

export const qualityCheckNameSchema = z.enum(QUALITY_CHECKS);

export const qualityCheckSchema = z.object({
	check: qualityCheckNameSchema,
	column: z.string().optional(),
	severity: z.enum(['warn', 'fail']),
	status: z.enum(['pass', 'warn', 'fail', 'skipped']),
	value: z.number().nullable(),
	bound: z.number().nullable(),
	condition: z.string(),
	message: z.string()
});

export const qualitySuiteSchema = z.object({
	schema: z.literal('vigil.quality-suite/1'),
	checks: z.array(qualityCheckSchema),
	passed: z.number().int().nonnegative(),
	warned: z.number().int().nonnegative(),
	failed: z.number().int().nonnegative(),
	skipped: z.number().int().nonnegative(),
	missing_columns: z.array(z.string())
});
export type QualitySuite = z.infer<typeof qualitySuiteSchema>;
