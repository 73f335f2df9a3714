/**
 * Batch-process monitoring: the pure core shared by the browser, the Worker and the CLI (typed
 * arrays in, plain data out; no I/O). See docs/batch-engineering.md.
 */
export { BatchInputError, type BatchInputErrorCode } from './errors';
export { splitBatches, type BatchSeries, type BatchTable, type SplitNotes } from './split';
export {
	alignBatches,
	gridFor,
	medianStep,
	resample,
	type AlignedBatches,
	type BatchGrid
} from './align';
export { screenColumns, fixedChanges, type FixedChange } from './columns';
export { fitScaling, type Scaling, type ScalingOptions } from './scaling';
export { fitPca, pcaStatistics, type PcaModel } from './pca';
export { boxLimit, windowedLimits, longestRun } from './limits';
export {
	buildBatchReference,
	type BatchReferenceInput,
	type BatchReferenceOptions
} from './reference';
export { referenceDigest, sealReference, verifyBatchReference } from './digest';
export { prepareReference, gridPosition, type PreparedReference } from './prepared';
export { contributions, type Contribution } from './contributions';
export { BatchMonitor, type BatchRowResult, type BatchSummary } from './monitor';
export type { BatchReference, BatchSource, ExcludedColumn } from '../contracts/batch-reference';
export {
	AssayCorrection,
	ASSAY_GATE,
	estimateAssayNoise,
	assayCorrectedSeries,
	type AssayCorrectionOptions,
	type AssayNoise,
	type AssayResiduals,
	type AssayUpdate
} from './assay-correction';
export {
	referenceTiter,
	referenceTiters,
	titerReference,
	trailingMedian,
	type TiterReference
} from './titer-reference';
export {
	analogueForecast,
	predictionBand,
	studentTQuantile,
	type Analogue,
	type AnalogueForecast,
	type AnalogueOptions,
	type Band
} from './analogue-forecast';
export { titerOutlook, plateauIndex, type HarvestAdvice, type TimedBand } from './harvest';
export {
	TiterForecaster,
	type AssayNotUsed,
	type AssayOutcome,
	type TiterForecast,
	type TiterForecasterOptions
} from './titer-forecaster';
export { forecastRecord } from './forecast-record';
