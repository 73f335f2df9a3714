import { z } from 'zod';
import type { ColumnData } from '../types';
import {
	domainClassifierDrift,
	DOMAIN_CLASSIFIER_DEFAULTS,
	type DomainClassifierOptions
} from './domain-classifier';
import { windowRefSchema, type WindowRef } from './window-ref';

const share = z.number().min(0).max(1);

export const domainWindowResultSchema = z.discriminatedUnion('status', [
	z.object({
		status: z.literal('ok'),
		auc: share,
		fold_aucs: z.array(share),
		null_quantile: share,
		pvalue: share,
		drifted: z.boolean(),
		rows_per_side: z.number().int().positive(),
		reference_rows: z.number().int().nonnegative(),
		current_rows: z.number().int().nonnegative(),
		/** Highest importance first. */
		attributions: z.array(z.object({ column: z.string(), importance: z.number(), share }))
	}),
	z.object({
		status: z.literal('not_enough_data'),
		reason: z.string(),
		reference_rows: z.number().int().nonnegative(),
		current_rows: z.number().int().nonnegative()
	})
]);

/** Domain-classifier drift with attributions over a series of windows (`vigil.domain-classifier/1`). */
export const domainClassifierResultSchema = z.object({
	schema: z.literal('vigil.domain-classifier/1'),
	method: z.literal('gbdt-cross-validated-auc'),
	columns: z.array(z.string()),
	folds: z.number().int().min(2),
	threshold: z.number().min(0.5).max(1),
	alpha: z.number().gt(0).lt(1),
	permutations: z.number().int().positive(),
	max_rows_per_side: z.number().int().positive(),
	windows: z.array(z.object({ window: windowRefSchema, result: domainWindowResultSchema }))
});
export type DomainClassifierReport = z.infer<typeof domainClassifierResultSchema>;

/**
 * Runs the domain classifier of `reference` (rows, or the stored reference sample) against every
 * window and returns the report shape.
 *
 * @example
 * const block = domainClassifierResult(referenceColumns, [{ window: { index: 0, start: 0, end: 500 }, columns }]);
 */
export function domainClassifierResult(
	reference: ColumnData[],
	windows: { window: WindowRef; columns: ColumnData[] }[],
	options: DomainClassifierOptions = {}
): DomainClassifierReport {
	const o = { ...DOMAIN_CLASSIFIER_DEFAULTS, ...options };
	const names = new Set(windows.flatMap((w) => w.columns.map((c) => c.name)));
	return {
		schema: 'vigil.domain-classifier/1',
		method: 'gbdt-cross-validated-auc',
		columns: reference.map((c) => c.name).filter((n) => names.has(n)),
		folds: o.folds,
		threshold: o.threshold,
		alpha: o.alpha,
		permutations: o.permutations,
		max_rows_per_side: o.maxRowsPerSide,
		windows: windows.map(({ window, columns }) => {
			const r = domainClassifierDrift(reference, columns, options);
			if (r.status !== 'ok')
				return {
					window,
					result: {
						status: r.status,
						reason: r.reason,
						reference_rows: r.referenceRows,
						current_rows: r.currentRows
					}
				};
			return {
				window,
				result: {
					status: 'ok' as const,
					auc: r.auc,
					fold_aucs: r.foldAucs,
					null_quantile: r.nullQuantile,
					pvalue: r.pValue,
					drifted: r.drifted,
					rows_per_side: r.rowsPerSide,
					reference_rows: r.referenceRows,
					current_rows: r.currentRows,
					attributions: r.attributions
				}
			};
		})
	};
}
