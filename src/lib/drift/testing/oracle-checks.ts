import { andersonKSampleSorted } from '../anderson-darling';
import {
	categoryBins,
	epsilonFill,
	evidentlyBinsSorted,
	feelZeroes,
	quantileBinsSorted
} from '../binned';
import { chiSquareContingency, chiSquareGoodnessOfFit } from '../chi-square';
import { cramerVonMisesSorted, type CvmMethod } from '../cramer-von-mises';
import { energyDistanceSorted } from '../energy-distance';
import { hellinger, hellingerEvidentlyNumericalSorted } from '../hellinger';
import { jensenShannon } from '../jensen-shannon';
import { klDivergence } from '../kl-divergence';
import { kolmogorovLimitSf } from '../kolmogorov-distribution';
import { ksTwoSampleSorted, type KsMethod } from '../ks-two-sample';
import { psi } from '../psi';
import { finiteSorted } from '../sorted';
import { stdPopulation, wassersteinNormSorted, wassersteinSorted } from '../wasserstein';
import { zTestProportions } from '../z-test';
import { runStatistic, type StatisticName } from '../registry';
import { at, caseInput, matches, type OracleCase } from './oracle';

/** Tolerances of docs/statistics.md §1: statistics 1e-9 relative, p-values 1e-6 relative. */
export const STAT = 1e-9;
export const PVALUE = 1e-6;

export interface OracleCheck {
	/** Dotted path into the case's `expected`. */
	path: string;
	expected: unknown;
	/** Computed value, or the message of the error that was raised. */
	actual: number | string | boolean | number[] | { error: string };
	ok: boolean;
}

function attempt<T>(fn: () => T): T | { error: string } {
	try {
		return fn();
	} catch (e) {
		return { error: e instanceof Error ? `${e.name}: ${e.message}` : String(e) };
	}
}

const isError = (v: unknown): v is { error: string } =>
	typeof v === 'object' && v !== null && 'error' in v && !Array.isArray(v);

/**
 * Every check of one oracle case: each leaf of `expected` that this core computes, with the
 * computed value and whether it matches within the tolerance of its kind.
 */
export function oracleChecks(c: OracleCase): OracleCheck[] {
	const out: OracleCheck[] = [];
	const e = c.expected;
	const num = (path: string, actual: number, tol: number) => {
		const expected = at(e, path);
		if (expected === undefined) return;
		out.push({ path, expected, actual, ok: matches(actual, expected, tol) });
	};
	const same = (path: string, actual: unknown) => {
		const expected = at(e, path);
		if (expected === undefined) return;
		out.push({
			path,
			expected,
			actual: actual as OracleCheck['actual'],
			ok: JSON.stringify(actual) === JSON.stringify(expected)
		});
	};
	const vec = (path: string, actual: ArrayLike<number>, tol: number) => {
		const expected = at(e, path) as unknown[] | undefined;
		if (expected === undefined) return;
		const a = Array.from(actual);
		const ok = a.length === expected.length && a.every((v, i) => matches(v, expected[i], tol));
		out.push({ path, expected, actual: a, ok });
	};
	const errorExpected = (path: string, result: unknown): boolean => {
		const expected = at(e, path);
		if (expected && typeof expected === 'object' && 'error' in expected) {
			out.push({ path, expected, actual: result as OracleCheck['actual'], ok: isError(result) });
			return true;
		}
		if (isError(result)) {
			out.push({ path, expected, actual: result, ok: false });
			return true;
		}
		return false;
	};

	if (c.type === 'numerical') {
		const ref = finiteSorted(caseInput(c, 'reference') as number[]);
		const cur = finiteSorted(caseInput(c, 'current') as number[]);
		for (const m of ['auto', 'exact', 'asymp'] as KsMethod[]) {
			const r = ksTwoSampleSorted(ref, cur, m);
			num(`ks.${m}.statistic`, r.statistic, STAT);
			num(`ks.${m}.pvalue`, r.pvalue, PVALUE);
			same(`ks.${m}.method_used`, r.methodUsed);
			same(`ks.${m}.fallback_warning`, r.fallback);
			same(`ks.${m}.statistic_sign`, r.statisticSign);
		}
		const raw = ksTwoSampleSorted(ref, cur, 'asymp').statistic;
		const n1 = ref.length;
		const n2 = cur.length;
		num(
			'ks.kolmogorov_limit_pvalue',
			kolmogorovLimitSf(Math.sqrt((n1 * n2) / (n1 + n2)) * raw),
			PVALUE
		);
		num('wasserstein', wassersteinSorted(ref, cur), STAT);
		num('wasserstein_norm', wassersteinNormSorted(ref, cur), STAT);
		num('ref_std_ddof0', stdPopulation(ref), STAT);
		num('energy_distance', energyDistanceSorted(ref, cur), STAT);

		const q = quantileBinsSorted(ref, cur, 10);
		vec('q10.inner_edges', q.edges!, STAT);
		vec('q10.ref_counts', q.refCounts, 0);
		vec('q10.cur_counts', q.curCounts, 0);
		vec('q10.ref_props', q.ref, STAT);
		vec('q10.cur_props', q.cur, STAT);
		num('q10.psi', psi(epsilonFill(q.cur), epsilonFill(q.ref)), STAT);
		num('q10.kl', klDivergence(epsilonFill(q.ref), epsilonFill(q.cur)), STAT);
		num('q10.js', jensenShannon(q.ref, q.cur, 2), STAT);
		num('q10.hellinger', hellinger(q.ref, q.cur), STAT);

		const ev = evidentlyBinsSorted(ref, cur);
		same('evidently.binning', ev.binning);
		if (ev.edges) vec('evidently.sturges_edges', ev.edges, STAT);
		num('evidently.psi', psi(feelZeroes(ev.ref), feelZeroes(ev.cur)), STAT);
		num('evidently.kl', klDivergence(feelZeroes(ev.ref), feelZeroes(ev.cur), true), STAT);
		num('evidently.js', jensenShannon(ev.ref, ev.cur), STAT);
		num('evidently.hellinger', hellingerEvidentlyNumericalSorted(ref, cur), STAT);
		num('evidently.wasserstein_norm', wassersteinNormSorted(ref, cur), STAT);

		const ad = attempt(() => andersonKSampleSorted(ref, cur));
		if (!errorExpected('anderson', ad) && !isError(ad)) {
			num('anderson.statistic', ad.statistic, STAT);
			num('anderson.significance_level', ad.significanceLevel, PVALUE);
			vec('anderson.critical_values', ad.criticalValues, STAT);
			same('anderson.capped', ad.capped);
			same('anderson.floored', ad.floored);
		}
		for (const [key, m] of [
			['auto', 'auto'],
			['asymptotic', 'asymp'],
			['exact', 'exact']
		] as [string, CvmMethod][]) {
			if (at(e, `cvm.${key}`) === undefined) continue;
			const r = attempt(() => cramerVonMisesSorted(ref, cur, m));
			if (errorExpected(`cvm.${key}`, r) || isError(r)) continue;
			num(`cvm.${key}.statistic`, r.statistic, STAT);
			num(`cvm.${key}.pvalue`, r.pvalue, PVALUE);
			same(`cvm.${key}.method_used`, r.methodUsed);
		}
	} else {
		const bins = categoryBins(
			caseInput(c, 'reference') as (string | null)[],
			caseInput(c, 'current') as (string | null)[]
		);
		same('categories', bins.labels);
		vec('ref_counts', bins.refCounts, 0);
		vec('cur_counts', bins.curCounts, 0);
		for (const [key, corr] of [
			['chi2_contingency', true],
			['chi2_contingency_nocorr', false]
		] as [string, boolean][]) {
			const r = chiSquareContingency(bins.refCounts, bins.curCounts, corr);
			num(`${key}.statistic`, r.statistic, STAT);
			num(`${key}.pvalue`, r.pvalue, PVALUE);
			same(`${key}.dof`, r.dof);
		}
		const gof = chiSquareGoodnessOfFit(bins.refCounts, bins.curCounts);
		num('evidently_chisquare_gof.statistic', gof.statistic, STAT);
		num('evidently_chisquare_gof.pvalue', gof.pvalue, PVALUE);
		if (at(e, 'ztest') !== undefined) {
			const z = zTestProportions(bins.refCounts, bins.curCounts);
			num('ztest.z', z.z ?? NaN, STAT);
			num('ztest.pvalue', z.pvalue, PVALUE);
			num('ztest.pvalue_evidently', z.pvalueEvidently, PVALUE);
		}
		vec('cat.ref_props', bins.ref, STAT);
		vec('cat.cur_props', bins.cur, STAT);
		num('cat.psi', psi(epsilonFill(bins.cur), epsilonFill(bins.ref)), STAT);
		num('cat.kl', klDivergence(epsilonFill(bins.ref), epsilonFill(bins.cur)), STAT);
		num('cat.js', jensenShannon(bins.ref, bins.cur, 2), STAT);
		num('cat.hellinger', hellinger(bins.ref, bins.cur), STAT);
		same('evidently.binning', 'values');
		num('evidently.psi', psi(feelZeroes(bins.ref), feelZeroes(bins.cur)), STAT);
		num('evidently.kl', klDivergence(feelZeroes(bins.ref), feelZeroes(bins.cur), true), STAT);
		num('evidently.js', jensenShannon(bins.ref, bins.cur), STAT);
		num('evidently.hellinger', hellinger(bins.ref, bins.cur), STAT);
	}
	registryChecks(c, out);
	return out;
}

/** Where each registry method's value sits in the oracle (docs/statistics.md §10). */
const REGISTRY_PATHS: Record<
	StatisticName,
	{ numerical?: string; categorical?: string; tol: number }
> = {
	ks: { numerical: 'ks.auto.pvalue', tol: PVALUE },
	chisquare: { categorical: 'evidently_chisquare_gof.pvalue', tol: PVALUE },
	z: { categorical: 'ztest.pvalue', tol: PVALUE },
	wasserstein: { numerical: 'wasserstein_norm', tol: STAT },
	jensenshannon: { numerical: 'evidently.js', categorical: 'evidently.js', tol: STAT },
	psi: { numerical: 'evidently.psi', categorical: 'evidently.psi', tol: STAT },
	kl_div: { numerical: 'evidently.kl', categorical: 'evidently.kl', tol: STAT },
	hellinger: { numerical: 'evidently.hellinger', categorical: 'evidently.hellinger', tol: STAT },
	anderson: { numerical: 'anderson.significance_level', tol: PVALUE },
	cramer_von_mises: { numerical: 'cvm.auto.pvalue', tol: PVALUE },
	ed: { numerical: 'energy_distance', tol: STAT }
};

const QUANTILE_PATHS: [StatisticName, string][] = [
	['psi', 'psi'],
	['kl_div', 'kl'],
	['jensenshannon', 'js'],
	['hellinger', 'hellinger']
];

/** The same expectations reached through `runStatistic(name, …)` on the raw oracle samples. */
function registryChecks(c: OracleCase, out: OracleCheck[]): void {
	const e = c.expected;
	const ref = caseInput(c, 'reference');
	const cur = caseInput(c, 'current');
	for (const [name, paths] of Object.entries(REGISTRY_PATHS) as [
		StatisticName,
		(typeof REGISTRY_PATHS)[StatisticName]
	][]) {
		const path = paths[c.type];
		if (!path) continue;
		const expected = at(e, path);
		const parent = at(e, path.split('.').slice(0, -1).join('.'));
		const label = `runStatistic('${name}') = ${path}`;
		if (expected === undefined) {
			if (parent && typeof parent === 'object' && 'error' in parent) {
				const r = attempt(() => runStatistic(name, ref, cur));
				out.push({
					path: label,
					expected: parent,
					actual: isError(r) ? r : r.value,
					ok: isError(r)
				});
			}
			continue;
		}
		const r = attempt(() => runStatistic(name, ref, cur));
		if (isError(r)) out.push({ path: label, expected, actual: r, ok: false });
		else
			out.push({
				path: label,
				expected,
				actual: r.value,
				ok: matches(r.value, expected, paths.tol)
			});
	}
	const prefix = c.type === 'numerical' ? 'q10' : 'cat';
	for (const [name, key] of QUANTILE_PATHS) {
		const expected = at(e, `${prefix}.${key}`);
		if (expected === undefined) continue;
		const r = attempt(() =>
			runStatistic(name, ref, cur, { binning: { kind: 'quantile', bins: 10 } })
		);
		const label = `runStatistic('${name}', quantile 10) = ${prefix}.${key}`;
		if (isError(r)) out.push({ path: label, expected, actual: r, ok: false });
		else out.push({ path: label, expected, actual: r.value, ok: matches(r.value, expected, STAT) });
	}
}
