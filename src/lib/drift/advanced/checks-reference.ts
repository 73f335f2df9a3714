import { z } from 'zod';
import type { CorrelationDrift, QualitySuite } from '../../contracts/report-blocks';
import { correlationDrift, correlationSummary } from '../correlation-drift';
import { qualityReference } from '../quality/quality-reference';
import { qualitySuite, type QualitySuiteOptions } from '../quality/suite';
import type { ColumnData } from '../types';
import type { DomainClassifierOptions } from './domain-classifier';
import { domainClassifierResult, type DomainClassifierReport } from './domain-classifier-schema';
import { referenceSampleSchema, sampleColumns, sampleReference } from './reference-sample';
import type { WindowRef } from './window-ref';

const finiteOrNull = z.number().nullable();

/**
 * What the row-level checks need of the reference, frozen with a model's advanced reference
 * (`checks` in `vigil.advanced-reference/1`): the pairwise correlations (correlation drift), the
 * quality reference (data-quality suite) and a sample of rows (domain classifier). A host with
 * only this, and no reference data, computes the same three blocks as one with the data.
 */
export const checksReferenceSchema = z.object({
	correlation: z.object({
		columns: z.array(z.string()),
		r: z.array(finiteOrNull),
		n: z.array(z.number().int().nonnegative()),
		excluded: z.array(z.object({ column: z.string(), reason: z.string() }))
	}),
	quality: z.object({
		schema: z.literal('vigil.quality-reference/1'),
		rows: z.number().int().nonnegative(),
		columns: z.array(
			z.object({
				name: z.string(),
				type: z.enum(['numerical', 'categorical']),
				rows: z.number().int().nonnegative(),
				missing_share: z.number().min(0).max(1),
				min: finiteOrNull,
				max: finiteOrNull,
				categories: z.array(z.string()).optional(),
				constant: z.boolean()
			})
		),
		duplicated_row_share: z.number().min(0).max(1).nullable(),
		duplicated_columns: z.array(z.tuple([z.string(), z.string()])).nullable()
	}),
	sample: referenceSampleSchema
});
export type ChecksReference = z.infer<typeof checksReferenceSchema>;

/**
 * Fits the checks reference of the reference rows.
 *
 * @example
 * const checks = fitChecksReference(referenceColumns); // JSON-safe
 */
export function fitChecksReference(columns: ColumnData[], sampleRows = 1000): ChecksReference {
	const c = correlationSummary(columns);
	return {
		// JSON has no NaN: an undefined r (never produced for kept columns) is stored as null.
		correlation: { ...c, r: c.r.map((v) => (Number.isFinite(v) ? v : null)) },
		quality: qualityReference(columns),
		sample: sampleReference(columns, sampleRows)
	};
}

/** Which of the checks to run, with their options. */
export interface ChecksOptions {
	correlation?: boolean | { alpha?: number; minDelta?: number };
	quality?: boolean | QualitySuiteOptions;
	domainClassifier?: boolean | DomainClassifierOptions;
}

/**
 * Runs correlation drift, the data-quality suite and the domain classifier of one window against
 * a checks reference (each only when asked for; all three by default).
 *
 * @example
 * const { correlation, quality_suite, domain_classifier } = runChecks(stored.checks, columns, { index: 0, start: 0, end: n });
 */
export function runChecks(
	reference: ChecksReference,
	columns: ColumnData[],
	window: WindowRef,
	options: ChecksOptions = { correlation: true, quality: true, domainClassifier: true }
): {
	correlation?: CorrelationDrift;
	quality_suite?: QualitySuite;
	domain_classifier?: DomainClassifierReport;
} {
	const known = new Set(reference.quality.columns.map((c) => c.name));
	const current = columns.filter((c) => known.has(c.name));
	const opts = <T>(x: boolean | T | undefined): T | undefined =>
		x && typeof x === 'object' ? x : undefined;
	return {
		...(options.correlation
			? {
					correlation: correlationDrift(
						{ ...reference.correlation, r: reference.correlation.r.map((v) => v ?? NaN) },
						correlationSummary(current, 'current window'),
						opts(options.correlation)
					)
				}
			: {}),
		...(options.quality
			? { quality_suite: qualitySuite(reference.quality, current, opts(options.quality)) }
			: {}),
		...(options.domainClassifier
			? {
					domain_classifier: domainClassifierResult(
						sampleColumns(reference.sample),
						[{ window, columns: current }],
						opts(options.domainClassifier)
					)
				}
			: {})
	};
}
