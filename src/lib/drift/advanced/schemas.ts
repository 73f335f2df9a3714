import { z } from 'zod';
import { Adwin, type AdwinOptions } from './adwin';
import {
	CBPE_METRICS,
	estimateCbpe,
	type CbpeMetric,
	type CbpeModel,
	type CbpeWindowEstimate
} from './cbpe';
import { Cusum, type CusumOptions } from './cusum';
import { PageHinkley, type PageHinkleyOptions } from './page-hinkley';
import {
	pcaReconstructionDrift,
	type PcaReconstructionModel,
	type PcaReconstructionResult
} from './pca-reconstruction';
import type { StreamingUpdate } from './streaming-update';
import type { ColumnData } from '../types';
import { dleResultSchema } from './dle-schema';
import { domainClassifierResultSchema } from './domain-classifier-schema';
import { windowRefSchema, type WindowRef } from './window-ref';

/**
 * Result shapes of the advanced methods, as the drift report (`vigil.report/1`, field `advanced`)
 * embeds them. Each top-level object is versioned (`schema: 'vigil.<thing>/1'`); field names are
 * snake_case like the rest of the report; the TypeScript types are derived with z.infer and the
 * builders below turn the engine's results into exactly these shapes.
 */

export { windowRefSchema, type WindowRef };

const notEnoughDataSchema = z.object({
	status: z.literal('not_enough_data'),
	reason: z.string()
});

export const cbpeMetricNameSchema = z.enum(CBPE_METRICS);

export const cbpeMetricEstimateSchema = z.discriminatedUnion('status', [
	z.object({
		status: z.literal('ok'),
		value: z.number().min(0).max(1),
		sampling_error: z.number().nonnegative(),
		lower_band: z.number().min(0).max(1),
		upper_band: z.number().min(0).max(1),
		lower_threshold: z.number().min(0).max(1),
		upper_threshold: z.number().min(0).max(1),
		alert: z.boolean()
	}),
	notEnoughDataSchema
]);

/** CBPE estimates of one classifier over a series of windows. */
export const cbpeResultSchema = z.object({
	schema: z.literal('vigil.cbpe/1'),
	threshold: z.number(),
	calibration_applied: z.boolean(),
	reference_size: z.number().int().positive(),
	chunk_size: z.number().int().positive(),
	reference: z.record(
		cbpeMetricNameSchema,
		z.object({
			mean: z.number(),
			chunk_sd: z.number().nonnegative(),
			lower_threshold: z.number(),
			upper_threshold: z.number()
		})
	),
	windows: z.array(
		z.object({
			window: windowRefSchema,
			n: z.number().int().nonnegative(),
			excluded: z.number().int().nonnegative(),
			metrics: z.record(cbpeMetricNameSchema, cbpeMetricEstimateSchema)
		})
	)
});
export type CbpeResult = z.infer<typeof cbpeResultSchema>;

export const pcaWindowResultSchema = z.discriminatedUnion('status', [
	z.object({
		status: z.literal('ok'),
		n: z.number().int().positive(),
		mean_error: z.number().nonnegative(),
		sampling_error: z.number().nonnegative(),
		lower_threshold: z.number().nonnegative(),
		upper_threshold: z.number().nonnegative(),
		alert: z.boolean()
	}),
	notEnoughDataSchema.extend({ n: z.number().int().nonnegative() })
]);

/** Multivariate drift by PCA reconstruction error over a series of windows. */
export const multivariateDriftResultSchema = z.object({
	schema: z.literal('vigil.multivariate-drift/1'),
	method: z.literal('pca-reconstruction'),
	columns: z.array(z.string()),
	constant_columns: z.array(z.string()),
	component_count: z.number().int().nonnegative(),
	explained_variance: z.number().min(0).max(1.000001),
	reference_size: z.number().int().positive(),
	reference_mean: z.number().nonnegative(),
	windows: z.array(z.object({ window: windowRefSchema, result: pcaWindowResultSchema }))
});
export type MultivariateDriftResult = z.infer<typeof multivariateDriftResultSchema>;

export const streamingDetectorKindSchema = z.enum(['page-hinkley', 'adwin', 'cusum']);
export type StreamingDetectorKind = z.infer<typeof streamingDetectorKindSchema>;

/** One streaming detector run over one stream (predictions, errors or a feature). */
export const streamingDriftResultSchema = z.object({
	schema: z.literal('vigil.streaming-drift/1'),
	detector: streamingDetectorKindSchema,
	/** What was streamed, e.g. `prediction`, `error`, or a feature name. */
	stream: z.string().min(1).max(200),
	parameters: z.record(z.string(), z.union([z.number(), z.string(), z.null()])),
	observations: z.number().int().nonnegative(),
	ignored: z.number().int().nonnegative(),
	drifts: z.number().int().nonnegative(),
	/** Offsets (0-based, within this run) at which a drift was signalled; at most the first 1000. */
	drift_at: z.array(z.number().int().nonnegative()).max(1000),
	last_statistic: z.number().nullable(),
	threshold: z.number()
});
export type StreamingDriftResult = z.infer<typeof streamingDriftResultSchema>;

/** The optional block of a drift report that carries the advanced methods. */
export const advancedDriftSchema = z.object({
	cbpe: cbpeResultSchema.optional(),
	/** Label-free RMSE and MAE of a regression model (direct loss estimation). */
	dle: dleResultSchema.optional(),
	multivariate: multivariateDriftResultSchema.optional(),
	/** Domain-classifier drift with per-column attributions. */
	domain_classifier: domainClassifierResultSchema.optional(),
	streaming: z.array(streamingDriftResultSchema).optional()
});
export type AdvancedDrift = z.infer<typeof advancedDriftSchema>;

/** Saved detector state (from `toJSON()`), validated before `fromJSON()` when read back. */
export const detectorStateSchema = z.discriminatedUnion('kind', [
	z.object({
		kind: z.literal('page-hinkley'),
		options: z.object({
			delta: z.number(),
			threshold: z.number(),
			alpha: z.number(),
			minInstances: z.number().int(),
			mode: z.enum(['up', 'down', 'both'])
		}),
		n: z.number().int(),
		mean: z.number(),
		sumUp: z.number(),
		minUp: z.number(),
		sumDown: z.number(),
		maxDown: z.number(),
		seen: z.number().int(),
		ignored: z.number().int(),
		drifts: z.number().int()
	}),
	z.object({
		kind: z.literal('adwin'),
		options: z.object({
			delta: z.number(),
			clock: z.number().int(),
			maxBuckets: z.number().int(),
			minWindowLength: z.number().int(),
			gracePeriod: z.number().int()
		}),
		rows: z.array(z.object({ totals: z.array(z.number()), variances: z.array(z.number()) })),
		width: z.number().int(),
		total: z.number(),
		variance: z.number(),
		tick: z.number().int(),
		seen: z.number().int(),
		ignored: z.number().int(),
		drifts: z.number().int()
	}),
	z.object({
		kind: z.literal('cusum'),
		options: z.object({
			k: z.number(),
			h: z.number(),
			warmup: z.number().int(),
			mean: z.number().nullable(),
			sigma: z.number().nullable()
		}),
		n: z.number().int(),
		warmMean: z.number(),
		warmM2: z.number(),
		mu: z.number().nullable(),
		sigma: z.number().nullable(),
		upper: z.number(),
		lower: z.number(),
		seen: z.number().int(),
		ignored: z.number().int(),
		drifts: z.number().int()
	})
]);
export type DetectorState = z.infer<typeof detectorStateSchema>;

export type StreamingDetector = PageHinkley | Adwin | Cusum;

export type DetectorOptions = {
	'page-hinkley': PageHinkleyOptions;
	adwin: AdwinOptions;
	cusum: CusumOptions;
};

/**
 * Creates a detector by name (river's defaults unless options are given).
 *
 * @example
 * const d = createDetector('adwin', { delta: 0.002 });
 */
export function createDetector<K extends StreamingDetectorKind>(
	kind: K,
	options: DetectorOptions[K] = {}
): StreamingDetector {
	if (kind === 'page-hinkley') return new PageHinkley(options as PageHinkleyOptions);
	if (kind === 'adwin') return new Adwin(options as AdwinOptions);
	return new Cusum(options as CusumOptions);
}

/**
 * Restores any detector from validated saved state (throws a ZodError naming the bad field).
 *
 * @example
 * const d = restoreDetector(JSON.parse(await kv.get('detector:prediction')));
 */
export function restoreDetector(state: unknown): StreamingDetector {
	const s = detectorStateSchema.parse(state);
	if (s.kind === 'page-hinkley') return PageHinkley.fromJSON(s);
	if (s.kind === 'adwin') return Adwin.fromJSON(s);
	return Cusum.fromJSON(s);
}

/**
 * Feeds `values` to `detector` and summarizes the run in the report shape.
 *
 * @example
 * const result = runStreamingDetector(createDetector('page-hinkley'), errors, 'error');
 * result.drifts; // drifts signalled in this run
 */
export function runStreamingDetector(
	detector: StreamingDetector,
	values: ArrayLike<number>,
	stream: string
): StreamingDriftResult {
	const before = detector.toJSON();
	const driftAt: number[] = [];
	let last: StreamingUpdate | null = null;
	let drifts = 0;
	for (let i = 0; i < values.length; i++) {
		last = detector.update(values[i]);
		if (last.drift) {
			drifts++;
			if (driftAt.length < 1000) driftAt.push(i);
		}
	}
	const after = detector.toJSON();
	const parameters: Record<string, number | string | null> = { ...after.options };
	return {
		schema: 'vigil.streaming-drift/1',
		detector: after.kind,
		stream,
		parameters,
		observations: values.length,
		ignored: after.ignored - before.ignored,
		drifts,
		drift_at: driftAt,
		last_statistic: last && Number.isFinite(last.statistic) ? last.statistic : null,
		threshold:
			last?.threshold ??
			(after.kind === 'page-hinkley'
				? after.options.threshold
				: after.kind === 'cusum'
					? after.options.h
					: 0)
	};
}

function mapMetrics<T>(f: (k: CbpeMetric) => T): Record<CbpeMetric, T> {
	return Object.fromEntries(CBPE_METRICS.map((k) => [k, f(k)])) as Record<CbpeMetric, T>;
}

/**
 * Estimates every window with CBPE and returns the report shape.
 *
 * @example
 * const result = cbpeResult(model, [{ window: { index: 0, start: 0, end: 1000 }, scores }]);
 */
export function cbpeResult(
	model: CbpeModel,
	windows: { window: WindowRef; scores: ArrayLike<number> }[]
): CbpeResult {
	return {
		schema: 'vigil.cbpe/1',
		threshold: model.threshold,
		calibration_applied: model.calibration.applied,
		reference_size: model.referenceSize,
		chunk_size: model.chunkSize,
		reference: mapMetrics((k) => {
			const r = model.reference[k];
			return {
				mean: r.mean,
				chunk_sd: r.chunkSd,
				lower_threshold: r.lowerThreshold,
				upper_threshold: r.upperThreshold
			};
		}),
		windows: windows.map(({ window, scores }) => {
			const est: CbpeWindowEstimate = estimateCbpe(model, scores);
			return {
				window,
				n: est.n,
				excluded: est.excluded,
				metrics: mapMetrics((k): z.infer<typeof cbpeMetricEstimateSchema> => {
					const m = est.metrics[k];
					if (m.status !== 'ok') return m;
					return {
						status: 'ok',
						value: m.value,
						sampling_error: m.samplingError,
						lower_band: m.lowerBand,
						upper_band: m.upperBand,
						lower_threshold: m.lowerThreshold,
						upper_threshold: m.upperThreshold,
						alert: m.alert
					};
				})
			};
		})
	};
}

/**
 * Runs PCA reconstruction drift on every window and returns the report shape.
 *
 * @example
 * const result = multivariateDriftResult(model, [{ window: { index: 0, start: 0, end: 500 }, columns }]);
 */
export function multivariateDriftResult(
	model: PcaReconstructionModel,
	windows: { window: WindowRef; columns: ColumnData[] }[]
): MultivariateDriftResult {
	return {
		schema: 'vigil.multivariate-drift/1',
		method: 'pca-reconstruction',
		columns: model.columns.map((c) => c.name),
		constant_columns: [...new Set(model.features.filter((f) => f.constant).map((f) => f.column))],
		component_count: model.componentCount,
		explained_variance: model.explainedVariance,
		reference_size: model.referenceSize,
		reference_mean: model.referenceMean,
		windows: windows.map(({ window, columns }) => {
			const r: PcaReconstructionResult = pcaReconstructionDrift(model, columns);
			return {
				window,
				result:
					r.status === 'ok'
						? {
								status: 'ok' as const,
								n: r.n,
								mean_error: r.meanError,
								sampling_error: r.samplingError,
								lower_threshold: r.lowerThreshold,
								upper_threshold: r.upperThreshold,
								alert: r.alert
							}
						: r
			};
		})
	};
}
