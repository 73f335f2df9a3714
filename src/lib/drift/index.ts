/**
 * The drift statistics core: pure functions over typed arrays, shared by the browser (Web
 * Worker), the Worker's monitoring job and the CLI. See docs/drift.md.
 */
export * from './types';
export {
	runStatistic,
	runPrepared,
	STATISTIC_NAMES,
	STATISTICS,
	UnknownStatisticError,
	isStatisticName,
	type StatisticName,
	type StatisticKind,
	type StatisticOptions,
	type StatisticResult,
	type Binning
} from './registry';
export * from './defaults';
export { prepareNumerical, prepareCategorical, prepareSide, type PreparedSide } from './prepared';
export { ksTwoSample, ksTwoSampleSorted, type KsMethod, type KsResult } from './ks-two-sample';
export { kolmogorovSf, kolmogorovLimitSf, smirnov } from './kolmogorov-distribution';
export {
	wasserstein,
	wassersteinSorted,
	wassersteinNormSorted,
	stdPopulation
} from './wasserstein';
export { energyDistance, energyDistanceSorted } from './energy-distance';
export {
	evidentlyBinsSorted,
	quantileBinsSorted,
	quantileInnerEdges,
	categoryBins,
	sturgesEdges,
	feelZeroes,
	epsilonFill,
	type BinnedProportions
} from './binned';
export { psi } from './psi';
export { klDivergence, relEntr } from './kl-divergence';
export { jensenShannon } from './jensen-shannon';
export { hellinger, hellingerEvidentlyNumericalSorted } from './hellinger';
export { andersonKSampleSorted, type AndersonResult } from './anderson-darling';
export { cramerVonMisesSorted, cvmLimitCdf, type CvmResult } from './cramer-von-mises';
export { chiSquareContingency, chiSquareGoodnessOfFit, type ChiSquareResult } from './chi-square';
export { zTestProportions, type ZTestResult } from './z-test';
export { lgamma, regularizedGammaP, regularizedGammaQ, chiSquareSf } from './special/gamma';
export { normalSf, normalCdf } from './special/normal';
export { besselK } from './special/bessel-k';
export {
	buildProfile,
	mergeProfiles,
	serializeProfile,
	deserializeProfile,
	profileSide,
	profileDigest,
	PROFILE_FORMAT_VERSION,
	type ReferenceProfile,
	type ProfileColumn,
	type ProfileOptions
} from './profile';
export { sketchSorted, mergeSketches, type QuantileSketch } from './quantile-sketch';
export { sha256Hex } from './sha256';
export { buildReport, type BuildReportInput } from './report';
export * from './correlation-drift';
export * from './segments';
export * from './quality';
export { renderReportHtml, escapeHtml } from './report-html';
export { regressionMetrics, classificationMetrics, rocAuc, proxyMetrics } from './performance';
export {
	multiclassMetrics,
	classIndices,
	argmaxRows,
	checkClassLabels
} from './multiclass-performance';
