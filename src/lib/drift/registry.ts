import { andersonKSampleSorted } from './anderson-darling';
import {
	categoryBinsFromCounts,
	epsilonFill,
	evidentlyBinsSorted,
	feelZeroes,
	quantileBinsSorted,
	valueCountsSorted,
	type BinnedProportions
} from './binned';
import { chiSquareGoodnessOfFit } from './chi-square';
import { cramerVonMisesSorted } from './cramer-von-mises';
import { energyDistanceSorted } from './energy-distance';
import { hellinger, hellingerEvidentlyNumericalSorted } from './hellinger';
import { jensenShannon } from './jensen-shannon';
import { klDivergence } from './kl-divergence';
import { ksTwoSampleSorted } from './ks-two-sample';
import {
	prepareSide,
	sideQuantileEdges,
	sideStd,
	type NumericalSide,
	type PreparedSide
} from './prepared';
import { psi } from './psi';
import { DriftInputError, type ColumnType } from './types';
import { wassersteinSorted } from './wasserstein';
import { zTestProportions } from './z-test';

/** Method names of docs/statistics.md §10 (Evidently's registry names). */
export const STATISTIC_NAMES = [
	'ks',
	'chisquare',
	'z',
	'wasserstein',
	'jensenshannon',
	'psi',
	'kl_div',
	'hellinger',
	'anderson',
	'cramer_von_mises',
	'ed'
] as const;
export type StatisticName = (typeof STATISTIC_NAMES)[number];

export type StatisticKind = 'pvalue' | 'distance';
export type Binning = 'evidently' | { kind: 'quantile'; bins: number };

export interface StatisticOptions {
	/** p-value method for `ks` and `cramer_von_mises` (default `auto`). */
	method?: 'auto' | 'exact' | 'asymp';
	/** Binning for psi, kl_div, jensenshannon and hellinger (default `evidently`). */
	binning?: Binning;
	/** Drift threshold (default: the method's, docs/statistics.md §10). */
	threshold?: number;
}

export interface StatisticResult {
	name: StatisticName;
	kind: StatisticKind;
	/** The p-value (kind `pvalue`) or the distance (kind `distance`) compared with the threshold. */
	value: number;
	/** The test statistic, for p-value methods. */
	statistic?: number;
	/** The p-value, for p-value methods. */
	pvalue?: number;
	threshold: number;
	drifted: boolean;
}

interface StatisticSpec {
	kind: StatisticKind;
	threshold: number;
	/** The comparison that flags drift (docs/statistics.md §10); NaN never flags drift. */
	drifted: (value: number, threshold: number) => boolean;
	types: ColumnType[];
}

const both: ColumnType[] = ['numerical', 'categorical'];
const numericalOnly: ColumnType[] = ['numerical'];

/** Kind, default threshold, drift comparison and column types of every method. */
export const STATISTICS: Record<StatisticName, StatisticSpec> = {
	ks: { kind: 'pvalue', threshold: 0.05, drifted: (p, t) => p <= t, types: numericalOnly },
	chisquare: { kind: 'pvalue', threshold: 0.05, drifted: (p, t) => p < t, types: both },
	z: { kind: 'pvalue', threshold: 0.05, drifted: (p, t) => p < t, types: both },
	wasserstein: {
		kind: 'distance',
		threshold: 0.1,
		drifted: (s, t) => s >= t,
		types: numericalOnly
	},
	jensenshannon: { kind: 'distance', threshold: 0.1, drifted: (s, t) => s >= t, types: both },
	psi: { kind: 'distance', threshold: 0.1, drifted: (s, t) => s >= t, types: both },
	kl_div: { kind: 'distance', threshold: 0.1, drifted: (s, t) => s >= t, types: both },
	hellinger: { kind: 'distance', threshold: 0.1, drifted: (s, t) => s >= t, types: both },
	anderson: { kind: 'pvalue', threshold: 0.1, drifted: (p, t) => p < t, types: numericalOnly },
	cramer_von_mises: {
		kind: 'pvalue',
		threshold: 0.1,
		drifted: (p, t) => p <= t,
		types: numericalOnly
	},
	ed: { kind: 'distance', threshold: 0.1, drifted: (s, t) => s > t, types: numericalOnly }
};

/** Thrown for a method name that is not in {@link STATISTIC_NAMES}. */
export class UnknownStatisticError extends DriftInputError {
	readonly validNames: readonly string[] = STATISTIC_NAMES;
	constructor(name: string) {
		super(
			'unknown_statistic',
			`unknown drift method "${name}"; valid names: ${STATISTIC_NAMES.join(', ')}`,
			{ name, validNames: [...STATISTIC_NAMES] }
		);
		this.name = 'UnknownStatisticError';
	}
}

/**
 * Whether `name` is a registered method.
 *
 * @example
 * isStatisticName('ks'); // true
 */
export function isStatisticName(name: string): name is StatisticName {
	return (STATISTIC_NAMES as readonly string[]).includes(name);
}

function requireName(name: string): StatisticName {
	if (!isStatisticName(name)) throw new UnknownStatisticError(name);
	return name;
}

function countsOf(ref: PreparedSide, cur: PreparedSide): BinnedProportions {
	if (ref.type === 'categorical' && cur.type === 'categorical')
		return categoryBinsFromCounts(ref.counts, cur.counts, ref.n, cur.n);
	if (ref.type === 'numerical' && cur.type === 'numerical') {
		if (ref.sorted.length === 0 || cur.sorted.length === 0)
			throw new DriftInputError('empty_column', 'needs finite values on both sides');
		const { labels, refCounts, curCounts } = valueCountsSorted(ref.sorted, cur.sorted);
		return {
			ref: refCounts.map((c) => c / ref.sorted.length),
			cur: curCounts.map((c) => c / cur.sorted.length),
			refCounts,
			curCounts,
			binning: 'values',
			labels
		};
	}
	throw new DriftInputError('type_mismatch', 'reference and current have different column types');
}

function binned(ref: PreparedSide, cur: PreparedSide, binning: Binning): BinnedProportions {
	if (ref.type === 'numerical' && cur.type === 'numerical') {
		if (binning === 'evidently') return evidentlyBinsSorted(ref.sorted, cur.sorted);
		return quantileBinsSorted(
			ref.sorted,
			cur.sorted,
			binning.bins,
			sideQuantileEdges(ref, binning.bins)
		);
	}
	return countsOf(ref, cur);
}

function checkOptions(options: StatisticOptions): void {
	const { method, binning, threshold } = options;
	if (method !== undefined && !['auto', 'exact', 'asymp'].includes(method))
		throw new DriftInputError(
			'invalid_option',
			`method must be auto, exact or asymp, got ${String(method)}`
		);
	if (threshold !== undefined && !Number.isFinite(threshold))
		throw new DriftInputError(
			'invalid_option',
			`threshold must be a finite number, got ${threshold}`
		);
	if (
		binning !== undefined &&
		binning !== 'evidently' &&
		!(
			typeof binning === 'object' &&
			binning.kind === 'quantile' &&
			Number.isInteger(binning.bins) &&
			binning.bins >= 2
		)
	)
		throw new DriftInputError(
			'invalid_option',
			`binning must be 'evidently' or { kind: 'quantile', bins: n ≥ 2 }, got ${JSON.stringify(binning)}`
		);
}

function numericalPair(
	name: string,
	ref: PreparedSide,
	cur: PreparedSide
): [NumericalSide, NumericalSide] {
	if (ref.type !== 'numerical' || cur.type !== 'numerical')
		throw new DriftInputError(
			'unsupported_type',
			`${name} needs numerical columns on both sides; got ${ref.type} and ${cur.type}`
		);
	return [ref, cur];
}

/**
 * Run a method on two prepared sides (see {@link runStatistic}). Profiles call this with their
 * stored, already sorted reference side.
 *
 * @example
 * runPrepared('ks', prepareNumerical([1, 2, 3]), prepareNumerical([1, 2, 3])).pvalue; // 1
 */
export function runPrepared(
	nameIn: string,
	ref: PreparedSide,
	cur: PreparedSide,
	options: StatisticOptions = {}
): StatisticResult {
	const name = requireName(nameIn);
	checkOptions(options);
	const spec = STATISTICS[name];
	// Emptiness first: a side with no values has no type of its own (all-null reads as numerical),
	// so a type mismatch reported for it would name the wrong problem.
	if (ref.n === 0)
		throw new DriftInputError('empty_column', `${name}: the reference has no values (all missing)`);
	if (cur.n === 0)
		throw new DriftInputError(
			'empty_column',
			`${name}: the current data has no values (all missing)`
		);
	if (ref.type !== cur.type)
		throw new DriftInputError(
			'type_mismatch',
			`${name}: reference is ${ref.type} but current is ${cur.type}`
		);
	if (!spec.types.includes(ref.type))
		throw new DriftInputError('unsupported_type', `${name} does not apply to ${ref.type} columns`);
	const threshold = options.threshold ?? spec.threshold;
	const binning = options.binning ?? 'evidently';
	const method = options.method ?? 'auto';
	let value: number;
	let statistic: number | undefined;
	switch (name) {
		case 'ks': {
			const [a, b] = numericalPair(name, ref, cur);
			const r = ksTwoSampleSorted(a.sorted, b.sorted, method, { n1: a.n, n2: b.n });
			statistic = r.statistic;
			value = r.pvalue;
			break;
		}
		case 'cramer_von_mises': {
			const [a, b] = numericalPair(name, ref, cur);
			const r = cramerVonMisesSorted(a.sorted, b.sorted, method);
			statistic = r.statistic;
			value = r.pvalue;
			break;
		}
		case 'anderson': {
			const [a, b] = numericalPair(name, ref, cur);
			const r = andersonKSampleSorted(a.sorted, b.sorted);
			statistic = r.statistic;
			value = r.significanceLevel;
			break;
		}
		case 'wasserstein': {
			const [a, b] = numericalPair(name, ref, cur);
			value = wassersteinSorted(a.sorted, b.sorted) / Math.max(sideStd(a), 0.001);
			break;
		}
		case 'ed': {
			const [a, b] = numericalPair(name, ref, cur);
			value = energyDistanceSorted(a.sorted, b.sorted);
			break;
		}
		case 'chisquare': {
			const c = countsOf(ref, cur);
			const r = chiSquareGoodnessOfFit(c.refCounts, c.curCounts);
			statistic = r.statistic;
			value = r.pvalue;
			break;
		}
		case 'z': {
			const c = countsOf(ref, cur);
			if (c.refCounts.length > 2)
				throw new DriftInputError(
					'invalid_option',
					`z needs at most 2 distinct values, the column has ${c.refCounts.length}`
				);
			const r = zTestProportions(c.refCounts, c.curCounts);
			statistic = r.z ?? undefined;
			value = r.pvalue;
			break;
		}
		case 'psi': {
			const b = binned(ref, cur, binning);
			value =
				binning === 'evidently'
					? psi(feelZeroes(b.ref), feelZeroes(b.cur))
					: psi(epsilonFill(b.cur), epsilonFill(b.ref));
			break;
		}
		case 'kl_div': {
			const b = binned(ref, cur, binning);
			value =
				binning === 'evidently'
					? klDivergence(feelZeroes(b.ref), feelZeroes(b.cur), true)
					: klDivergence(epsilonFill(b.ref), epsilonFill(b.cur));
			break;
		}
		case 'jensenshannon': {
			const b = binned(ref, cur, binning);
			value =
				binning === 'evidently' ? jensenShannon(b.ref, b.cur) : jensenShannon(b.ref, b.cur, 2);
			break;
		}
		case 'hellinger': {
			if (binning !== 'evidently') {
				const b = binned(ref, cur, binning);
				value = hellinger(b.ref, b.cur);
			} else if (ref.type === 'numerical' && cur.type === 'numerical')
				value = hellingerEvidentlyNumericalSorted(ref.sorted, cur.sorted);
			else {
				const b = countsOf(ref, cur);
				value = hellinger(b.ref, b.cur);
			}
			break;
		}
	}
	const result: StatisticResult = {
		name,
		kind: spec.kind,
		value,
		threshold,
		drifted: spec.drifted(value, threshold)
	};
	if (spec.kind === 'pvalue') {
		if (statistic !== undefined) result.statistic = statistic;
		result.pvalue = value;
	}
	return result;
}

/**
 * Run a drift method by its Evidently name (docs/statistics.md §10) on two samples: number arrays
 * or typed arrays (numerical; NaN/±Infinity/null are missing) or string arrays (categorical; null
 * is missing). Full double precision; drift is flagged with the method's comparison.
 *
 * @throws UnknownStatisticError for a name outside {@link STATISTIC_NAMES};
 *   DriftInputError for empty, mixed-type or unsupported input.
 * @example
 * const r = runStatistic('ks', [1, 2, 3, 4], [5, 6, 7, 8]);
 * r.pvalue; // 0.028571428571428577
 * r.drifted; // true
 */
export function runStatistic(
	name: string,
	reference: ArrayLike<number | string | null> | Float64Array | Float32Array | Int32Array,
	current: ArrayLike<number | string | null> | Float64Array | Float32Array | Int32Array,
	options: StatisticOptions = {}
): StatisticResult {
	requireName(name);
	return runPrepared(
		name,
		prepareSide(reference, 'reference'),
		prepareSide(current, 'current'),
		options
	);
}
