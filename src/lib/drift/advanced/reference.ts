import { z } from 'zod';
import { fitCbpe, type CbpeModel, type CbpeOptions } from './cbpe';
import {
	fitPcaReconstruction,
	type PcaReconstructionModel,
	type PcaReconstructionOptions
} from './pca-reconstruction';
import {
	createDetector,
	detectorStateSchema,
	restoreDetector,
	runStreamingDetector,
	cbpeResult,
	multivariateDriftResult,
	type AdvancedDrift,
	type DetectorState,
	type StreamingDetectorKind,
	type WindowRef
} from './schemas';
import type { ColumnData } from '../types';
import { fitDle, type DleModel, type DleOptions } from './dle';
import { dleModelSchema, dleResult } from './dle-schema';

/**
 * The fitted reference of the advanced methods, stored next to a model's reference profile
 * (`vigil.advanced-reference/1`): the PCA reconstruction model over the card's features and, when
 * the reference has labels, the CBPE model of a binary classifier's prediction column or the DLE
 * model of a regressor's. All are plain data, validated here before use so a damaged file fails
 * with the field that is wrong.
 */
const finite = z.number().refine(Number.isFinite, 'must be a finite number');

const pcaFeatureSchema = z.object({
	kind: z.enum(['numerical', 'category']),
	column: z.string().min(1),
	category: z.string().optional(),
	center: finite,
	scale: finite,
	constant: z.boolean()
});

export const pcaReconstructionModelSchema = z
	.object({
		kind: z.literal('pca-reconstruction'),
		columns: z
			.array(
				z.object({
					name: z.string().min(1),
					type: z.enum(['numerical', 'categorical']),
					imputeCategory: z.string().optional()
				})
			)
			.min(1),
		features: z.array(pcaFeatureSchema).min(1),
		components: z.array(finite),
		componentCount: z.number().int().nonnegative(),
		explainedVariance: z.number().min(0).max(1.000001),
		referenceSize: z.number().int().positive(),
		referenceMean: z.number().nonnegative(),
		referenceRowSd: z.number().nonnegative(),
		chunkSize: z.number().int().min(2),
		referenceChunks: z.number().int().nonnegative(),
		lowerThreshold: z.number().nonnegative(),
		upperThreshold: z.number().nonnegative(),
		minWindowSize: z.number().int().min(2)
	})
	.refine((m) => m.components.length === m.features.length * m.componentCount, {
		message: 'components must hold features × componentCount numbers',
		path: ['components']
	});

const cbpeReferenceMetricSchema = z.object({
	mean: finite,
	chunkSd: z.number().nonnegative(),
	lowerThreshold: finite,
	upperThreshold: finite
});

export const cbpeModelSchema = z.object({
	kind: z.literal('cbpe'),
	threshold: z.number().gt(0).max(1),
	chunkSize: z.number().int().min(2),
	minWindowSize: z.number().int().min(1),
	referenceSize: z.number().int().positive(),
	referenceChunks: z.number().int().min(2),
	calibration: z.object({
		applied: z.boolean(),
		brierRaw: finite,
		brierCalibrated: finite.nullable(),
		isotonic: z
			.object({ x: z.array(finite), y: z.array(finite) })
			.refine(
				(i) => i.x.length === i.y.length && i.x.length > 0,
				'x and y must be non-empty and as long'
			)
			.nullable()
	}),
	reference: z.object({
		accuracy: cbpeReferenceMetricSchema,
		precision: cbpeReferenceMetricSchema,
		recall: cbpeReferenceMetricSchema,
		f1: cbpeReferenceMetricSchema,
		roc_auc: cbpeReferenceMetricSchema
	})
});

export const advancedReferenceSchema = z.object({
	schema: z.literal('vigil.advanced-reference/1'),
	created_at: z.iso.datetime({ offset: true }),
	/** Reference rows the models were fitted on. */
	rows: z.number().int().positive(),
	pca: pcaReconstructionModelSchema.optional(),
	cbpe: z
		.object({
			/** The column of the reference (and of prediction records) holding the scores. */
			prediction: z.string().min(1),
			model: cbpeModelSchema
		})
		.optional(),
	dle: z
		.object({
			/** The label column the nannies learned the loss from. */
			target: z.string().min(1),
			model: dleModelSchema
		})
		.optional()
});
export type AdvancedReference = z.infer<typeof advancedReferenceSchema>;

/**
 * Fits the advanced reference: PCA on `features`, and CBPE when `scores` and `labels` are given.
 *
 * @example
 * const ref = fitAdvancedReference({ features, scores, labels, prediction: 'prediction' });
 * JSON.stringify(ref); // stored as reference-advanced.json
 */
export function fitAdvancedReference(input: {
	features: ColumnData[];
	scores?: ArrayLike<number>;
	labels?: ArrayLike<number>;
	prediction?: string;
	createdAt?: string;
	pcaOptions?: PcaReconstructionOptions;
	cbpeOptions?: CbpeOptions;
	/** A regressor's labelled reference for DLE: predictions and targets row-aligned with `features`. */
	dle?: { predictions: ArrayLike<number>; targets: ArrayLike<number>; target: string };
	dleOptions?: DleOptions;
}): AdvancedReference {
	const pca: PcaReconstructionModel = fitPcaReconstruction(input.features, input.pcaOptions);
	let cbpe: { prediction: string; model: CbpeModel } | undefined;
	if (input.scores && input.labels) {
		cbpe = {
			prediction: input.prediction ?? 'prediction',
			model: fitCbpe(input.scores, input.labels, input.cbpeOptions)
		};
	}
	let dle: { target: string; model: DleModel } | undefined;
	if (input.dle) {
		dle = {
			target: input.dle.target,
			model: fitDle(
				{
					features: input.features,
					predictions: input.dle.predictions,
					targets: input.dle.targets,
					prediction: input.prediction ?? 'prediction'
				},
				input.dleOptions
			)
		};
	}
	return advancedReferenceSchema.parse({
		schema: 'vigil.advanced-reference/1',
		created_at: input.createdAt ?? new Date().toISOString(),
		rows: pca.referenceSize,
		pca,
		...(cbpe ? { cbpe } : {}),
		...(dle ? { dle } : {})
	});
}

/** Saved state of the streaming detectors of one model, carried from one monitoring run to the next. */
export const streamStateSchema = z.object({
	schema: z.literal('vigil.stream-state/1'),
	model_version: z.string(),
	/** Keyed `<detector>:<stream>`. */
	detectors: z.record(z.string(), detectorStateSchema)
});
export type StreamState = z.infer<typeof streamStateSchema>;

/** The detectors run on every stream: Page-Hinkley and ADWIN with river's default parameters. */
export const STREAM_DETECTORS: StreamingDetectorKind[] = ['page-hinkley', 'adwin'];

/**
 * Runs the advanced methods on one window of new records: PCA reconstruction error on the feature
 * columns, the CBPE estimate on the scores, the DLE estimate on the columns and a regressor's
 * predictions, and the streaming detectors on each stream (continuing from `state`). Each method
 * that cannot run (a column missing, scores outside [0, 1]) is left out and its reason returned in
 * `skipped`, so one bad input never hides the others.
 *
 * @example
 * const { advanced, state } = runAdvanced(ref, { window, columns, scores, streams: { prediction } }, prev);
 */
export function runAdvanced(
	reference: AdvancedReference,
	input: {
		window: WindowRef;
		columns: ColumnData[];
		scores?: ArrayLike<number>;
		/** A regressor's predictions, row-aligned with `columns` (for DLE). */
		predictions?: ArrayLike<number>;
		streams: Record<string, ArrayLike<number>>;
		modelVersion: string;
	},
	previous?: StreamState
): { advanced: AdvancedDrift; state: StreamState; skipped: string[] } {
	const advanced: AdvancedDrift = {};
	const skipped: string[] = [];
	if (reference.pca) {
		try {
			advanced.multivariate = multivariateDriftResult(reference.pca as PcaReconstructionModel, [
				{ window: input.window, columns: input.columns }
			]);
		} catch (err) {
			skipped.push(`multivariate: ${err instanceof Error ? err.message : String(err)}`);
		}
	}
	if (reference.cbpe) {
		if (!input.scores) skipped.push(`cbpe: no ${reference.cbpe.prediction} scores in the records`);
		else
			try {
				advanced.cbpe = cbpeResult(reference.cbpe.model as CbpeModel, [
					{ window: input.window, scores: input.scores }
				]);
			} catch (err) {
				skipped.push(`cbpe: ${err instanceof Error ? err.message : String(err)}`);
			}
	}
	if (reference.dle) {
		if (!input.predictions)
			skipped.push(`dle: no ${reference.dle.model.prediction} predictions in the records`);
		else
			try {
				advanced.dle = dleResult(reference.dle.model as DleModel, [
					{ window: input.window, columns: input.columns, predictions: input.predictions }
				]);
			} catch (err) {
				skipped.push(`dle: ${err instanceof Error ? err.message : String(err)}`);
			}
	}
	// A new model version starts its detectors afresh: its stream is a different process.
	const carried =
		previous && previous.model_version === input.modelVersion ? previous.detectors : {};
	const detectors: Record<string, DetectorState> = {};
	const streaming = [];
	for (const [stream, values] of Object.entries(input.streams)) {
		if (values.length === 0) continue;
		for (const kind of STREAM_DETECTORS) {
			const key = `${kind}:${stream}`;
			const detector = carried[key] ? restoreDetector(carried[key]) : createDetector(kind);
			streaming.push(runStreamingDetector(detector, values, stream));
			detectors[key] = detector.toJSON();
		}
	}
	// Streams without values this run keep their state.
	for (const [key, s] of Object.entries(carried)) if (!(key in detectors)) detectors[key] = s;
	if (streaming.length) advanced.streaming = streaming;
	return {
		advanced,
		state: { schema: 'vigil.stream-state/1', model_version: input.modelVersion, detectors },
		skipped
	};
}
