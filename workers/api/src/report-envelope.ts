import { z } from 'zod';
import { safeNameSchema, timestampSchema, versionSchema } from '../../../src/lib/contracts/common';

/**
 * The fields of a drift report (`vigil.report/1`) that the API indexes and serves. The full report
 * is stored as sent; these fields must be present and well-formed for it to be filed.
 */
export const reportEnvelopeSchema = z
	.object({
		schema: z.literal('vigil.report/1'),
		id: safeNameSchema,
		created_at: timestampSchema,
		model: safeNameSchema,
		model_version: versionSchema.optional(),
		dataset: z
			.object({
				drifted: z.boolean(),
				drift_share: z.number().min(0).max(1)
			})
			.loose()
	})
	.loose();
export type ReportEnvelope = z.infer<typeof reportEnvelopeSchema>;

const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const safe = (v: unknown): v is string =>
	typeof v === 'string' && safeNameSchema.safeParse(v).success;

/**
 * Per-feature scores of a report for the gauges: from `features` (or `columns`) entries carrying a
 * feature name, a method and a finite score (or statistic / distance).
 *
 * @example
 * featureScoresOf({ features: [{ feature: 'x', method: 'ks', score: 0.2 }] }); // [{ feature: 'x', … }]
 */
export function featureScoresOf(
	report: Record<string, unknown>
): { feature: string; method: string; score: number }[] {
	const list = Array.isArray(report.features)
		? report.features
		: Array.isArray(report.columns)
			? report.columns
			: [];
	const out: { feature: string; method: string; score: number }[] = [];
	for (const item of list as Record<string, unknown>[]) {
		if (item === null || typeof item !== 'object') continue;
		const feature = item.feature ?? item.name ?? item.column;
		const method = item.method ?? item.stattest ?? item.test;
		const score = [item.score, item.statistic, item.distance, item.value].find(finite);
		if (safe(feature) && safe(method) && score !== undefined) out.push({ feature, method, score });
	}
	return out.slice(0, 2000);
}

/** RMSE / MAE / accuracy / F1 of a report's `performance` (or `metrics`) object, where finite. */
export function performanceOf(report: Record<string, unknown>) {
	const p = (report.performance ?? report.metrics ?? {}) as Record<string, unknown>;
	const pick = (k: string) => (p && finite(p[k]) ? (p[k] as number) : null);
	return { rmse: pick('rmse'), mae: pick('mae'), accuracy: pick('accuracy'), f1: pick('f1') };
}
