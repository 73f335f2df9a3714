import { z } from 'zod';
import { gbdtJsonProblem, type GbdtJson } from '../../ml/train/gbdt-json';
import { DLE_METRICS, estimateDle, type DleMetric, type DleModel } from './dle';
import type { ColumnData } from '../types';
import { windowRefSchema, type WindowRef } from './window-ref';

/**
 * The shapes of DLE: the fitted model as stored in the advanced reference (validated before use,
 * including every tree, so a damaged file fails with the field that is wrong and can never make a
 * walk loop), and the report block `vigil.dle/1` with its builder.
 */
const finite = z.number().refine(Number.isFinite, 'must be a finite number');

const treeSchema = z.object({
	feature: z.array(z.number().int()),
	threshold: z.array(z.number()),
	left: z.array(z.number().int()),
	right: z.array(z.number().int()),
	missingLeft: z.array(z.number().int().min(0).max(1)),
	value: z.array(z.number())
});

/** A squared-error tree ensemble in JSON (gbdtToJson), checked node by node. */
export const regressionTreesSchema = z
	.object({
		objective: z.literal('squared-error'),
		featureCount: z.number().int().positive(),
		baseScore: finite,
		trees: z.array(treeSchema).max(5000)
	})
	.superRefine((json, ctx) => {
		const problem = gbdtJsonProblem(json as GbdtJson);
		if (problem) ctx.addIssue({ code: 'custom', message: problem, path: ['trees'] });
	});

const dleReferenceMetricSchema = z.object({
	mean: finite,
	chunkSd: z.number().nonnegative(),
	lowerThreshold: z.number().nonnegative(),
	upperThreshold: finite,
	lossCv: z.number().nonnegative(),
	tau: z.number().nonnegative(),
	bias: finite
});

export const dleModelSchema = z
	.object({
		kind: z.literal('dle'),
		columns: z.array(
			z.discriminatedUnion('type', [
				z.object({ name: z.string().min(1), type: z.literal('numerical') }),
				z.object({
					name: z.string().min(1),
					type: z.literal('categorical'),
					categories: z.array(z.string())
				})
			])
		),
		prediction: z.string().min(1),
		chunkSize: z.number().int().min(2),
		minWindowSize: z.number().int().min(2),
		referenceSize: z.number().int().positive(),
		referenceChunks: z.number().int().min(2),
		excluded: z.number().int().nonnegative(),
		nanny: z.object({ abs: regressionTreesSchema, squared: regressionTreesSchema }),
		reference: z.object({ mae: dleReferenceMetricSchema, rmse: dleReferenceMetricSchema })
	})
	.refine(
		(m) =>
			m.nanny.abs.featureCount === m.columns.length + 1 &&
			m.nanny.squared.featureCount === m.columns.length + 1,
		{ message: 'the nannies must take every column plus the prediction', path: ['nanny'] }
	);

export const dleMetricEstimateSchema = z.discriminatedUnion('status', [
	z.object({
		status: z.literal('ok'),
		value: z.number().nonnegative(),
		standard_error: z.number().nonnegative(),
		lower_band: z.number().nonnegative(),
		upper_band: z.number().nonnegative(),
		lower_threshold: z.number().nonnegative(),
		upper_threshold: z.number(),
		alert: z.boolean()
	}),
	z.object({ status: z.literal('not_enough_data'), reason: z.string() })
]);

/** DLE estimates of one regression model over a series of windows (in the target's units). */
export const dleResultSchema = z.object({
	schema: z.literal('vigil.dle/1'),
	prediction: z.string(),
	reference_size: z.number().int().positive(),
	chunk_size: z.number().int().positive(),
	reference: z.record(
		z.enum(DLE_METRICS),
		z.object({
			mean: z.number(),
			chunk_sd: z.number().nonnegative(),
			lower_threshold: z.number(),
			upper_threshold: z.number(),
			tau: z.number().nonnegative()
		})
	),
	windows: z.array(
		z.object({
			window: windowRefSchema,
			n: z.number().int().nonnegative(),
			excluded: z.number().int().nonnegative(),
			metrics: z.record(z.enum(DLE_METRICS), dleMetricEstimateSchema)
		})
	)
});
export type DleResult = z.infer<typeof dleResultSchema>;

function mapMetrics<T>(f: (k: DleMetric) => T): Record<DleMetric, T> {
	return Object.fromEntries(DLE_METRICS.map((k) => [k, f(k)])) as Record<DleMetric, T>;
}

/**
 * Estimates every window with DLE and returns the report shape.
 *
 * @example
 * const result = dleResult(model, [{ window: { index: 0, start: 0, end: 700 }, columns, predictions }]);
 */
export function dleResult(
	model: DleModel,
	windows: {
		window: WindowRef;
		columns: ColumnData[];
		predictions: ArrayLike<number>;
	}[]
): DleResult {
	return {
		schema: 'vigil.dle/1',
		prediction: model.prediction,
		reference_size: model.referenceSize,
		chunk_size: model.chunkSize,
		reference: mapMetrics((k) => ({
			mean: model.reference[k].mean,
			chunk_sd: model.reference[k].chunkSd,
			lower_threshold: model.reference[k].lowerThreshold,
			upper_threshold: model.reference[k].upperThreshold,
			tau: model.reference[k].tau
		})),
		windows: windows.map(({ window, columns, predictions }) => {
			const est = estimateDle(model, columns, predictions);
			return {
				window,
				n: est.n,
				excluded: est.excluded,
				metrics: mapMetrics((k) => {
					const m = est.metrics[k];
					return m.status === 'ok'
						? {
								status: 'ok' as const,
								value: m.value,
								standard_error: m.standardError,
								lower_band: m.lowerBand,
								upper_band: m.upperBand,
								lower_threshold: m.lowerThreshold,
								upper_threshold: m.upperThreshold,
								alert: m.alert
							}
						: m;
				})
			};
		})
	};
}
