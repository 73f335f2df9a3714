import { z } from 'zod';
import { batchForecastSchema } from './batch-forecast';
import { sha256Schema } from './common';

/**
 * The verdict of monitored batches against a batch reference (`vigil.batch-report/2`: version 2 names the signal that
 * raised the alarm and gives each contribution its per-signal scores), as written
 * by `vigil batch monitor --json` from src/lib/batch's BatchMonitor summaries.
 */
export const batchContributionSchema = z.object({
	variable: z.string(),
	/** Share of the combined index T²/limit + SPE/limit (the ranking key). */
	contribution: z.number(),
	t2: z.number(),
	spe: z.number(),
	z: z.number(),
	value: z.number().nullable(),
	centre: z.number(),
	low: z.number(),
	high: z.number(),
	/** Score in each alarm signal at that time, over its limit (1 is the limit). */
	signals: z
		.object({ level: z.number(), change: z.number(), recipe: z.number(), flatline: z.number() })
		.optional()
});

export const batchVerdictSchema = z.object({
	batch: z.string(),
	alarm: z.boolean(),
	first_alarm_time: z.number().nullable(),
	/** The signal whose run rule raised the first alarm (docs/batch-engineering.md). */
	alarm_statistic: z.enum(['level', 'change', 'recipe', 'flatline', 't2', 'spe']).nullable(),
	verdict: z.enum(['normal', 'abnormal', 'not_monitored']),
	rows: z.number().int().nonnegative(),
	monitored_rows: z.number().int().nonnegative(),
	start: z.number().nullable(),
	end: z.number().nullable(),
	/** Rows after the reference's last batch time (not monitored). */
	beyond_reference_rows: z.number().int().nonnegative(),
	/** Batch time of the contributions: the first alarm, or the largest combined index. */
	contributions_time: z.number().nullable(),
	/** Decreasing order of contribution. */
	contributions: z.array(batchContributionSchema),
	peak: z.object({ time: z.number(), t2_ratio: z.number(), spe_ratio: z.number() }).nullable(),
	above: z.object({ t2: z.number(), spe: z.number() }),
	/** Columns constant in the reference that changed in this batch (reported, not alarmed). */
	fixed_changes: z.array(
		z.object({
			column: z.string(),
			reference_value: z.number(),
			first_time: z.number(),
			value: z.number()
		})
	),
	notes: z.array(z.string()),
	/** The titer correction and forecast (only when the monitor was given a titer). */
	forecast: batchForecastSchema.optional()
});

export const batchReportSchema = z.object({
	schema: z.literal('vigil.batch-report/2'),
	reference: z.object({ name: z.string(), content_sha256: sha256Schema }),
	data: z.object({ name: z.string(), sha256: sha256Schema }),
	batches: z.array(batchVerdictSchema)
});

export type BatchReport = z.infer<typeof batchReportSchema>;
export type BatchVerdict = z.infer<typeof batchVerdictSchema>;
