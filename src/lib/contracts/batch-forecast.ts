import { z } from 'zod';

/**
 * Where one batch's titer is heading (the `forecast` field of a `vigil.batch-report/2` batch, when
 * `vigil batch monitor` was given a titer): the soft sensor corrected by the lab assays, the
 * forecast final titer and peak with their bands, and the harvest advice, from
 * src/lib/batch's TiterForecaster (docs/batch-engineering.md). Times are batch times in the time
 * column's unit; titers in the titer's unit.
 */
const band = z.object({ value: z.number(), low: z.number(), high: z.number() });
const timedBand = band.extend({ time: z.number(), time_low: z.number(), time_high: z.number() });

export const batchForecastSchema = z.object({
	/** The titer column, or the soft-sensor model as name@version. */
	titer: z.string(),
	assay_column: z.string().nullable(),
	/** `assays`: corrected by at least one lab assay; `soft_sensor`: the soft sensor alone. */
	basis: z.enum(['assays', 'soft_sensor']),
	/** Batch time of the last row. */
	time: z.number().nullable(),
	/** Band level (0.9: the 5 %–95 % band). */
	level: z.number(),
	soft: z.number().nullable(),
	corrected: band.nullable(),
	bias: z
		.object({
			value: z.number(),
			sd: z.number(),
			used: z.number().int(),
			outliers: z.number().int(),
			shifts: z.number().int()
		})
		.nullable(),
	final: timedBand.nullable(),
	peak: timedBand.extend({ passed: z.boolean() }).nullable(),
	harvest: z
		.object({
			status: z.enum(['wait', 'harvest_now', 'past_peak', 'no_forecast']),
			time: z.number().nullable(),
			low: z.number().nullable(),
			high: z.number().nullable(),
			message: z.string()
		})
		.nullable(),
	beyond_reference: z.boolean(),
	analogues: z.array(z.object({ batch: z.string(), distance: z.number(), offset: z.number() })),
	assays: z.array(
		z.object({
			time: z.number(),
			value: z.number(),
			status: z.enum(['used', 'outlier', 'shift', 'pending', 'outside', 'ignored']),
			/** Assay − soft sensor at the sample time (used, outlier, shift). */
			residual: z.number().optional(),
			/** Normalised innovation (used, outlier, shift). */
			innovation: z.number().optional(),
			reason: z.string().optional()
		})
	),
	notes: z.array(z.string())
});

export type BatchForecast = z.infer<typeof batchForecastSchema>;
