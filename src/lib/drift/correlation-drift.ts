import { normalSf } from './special/normal';
import { DriftInputError, type ColumnData } from './types';

/**
 * Correlation drift: a change of the pairwise linear correlation structure of the numerical
 * columns, which the univariate tests cannot see (every marginal may stay the same).
 *
 * For each pair (a, b) of numerical columns, Pearson's r over the rows where both are finite
 * (pairwise-complete), on each side; Fisher's z-transform and the two-sample test
 *
 *   z = (atanh r_cur − atanh r_ref) / √(1/(n_ref − 3) + 1/(n_cur − 3)),   p = 2·(1 − Φ(|z|)),
 *
 * r clipped to ±(1 − 1e-12) first so a perfectly correlated pair stays finite. A pair has drifted
 * when p < α/m (Bonferroni over the m pairs tested) and |r_cur − r_ref| ≥ minDelta (an effect-size
 * floor: with many rows a change of 0.01 is significant but not worth an alarm). The data set has
 * correlation drift when any pair has.
 *
 * Left out, each with its reason: categorical columns, columns constant or without finite values on
 * either side (r is undefined), columns beyond `maxColumns`, and pairs with fewer than 4 complete
 * rows on a side (the variance 1/(n − 3) needs n > 3).
 *
 * References: R. A. Fisher, "Frequency distribution of the values of the correlation coefficient
 * in samples from an indefinitely large population", Biometrika 10 (1915) 507–521; R. A. Fisher,
 * Statistical Methods for Research Workers (1925), §35 (comparing two correlations); J. Cohen et
 * al., Applied Multiple Regression/Correlation Analysis (2003), §2.8.
 */
export interface CorrelationSummary {
	/** Numerical columns in the summary, in input order. */
	columns: string[];
	/** r and complete-row counts of pairs (i, j), i < j, in row-major order of the upper triangle. */
	r: number[];
	n: number[];
	excluded: { column: string; reason: string }[];
}

export interface CorrelationPair {
	a: string;
	b: string;
	reference: number;
	current: number;
	delta: number;
	z: number;
	pvalue: number;
	drifted: boolean;
}

export interface CorrelationDriftResult {
	schema: 'vigil.correlation-drift/1';
	method: 'pearson-fisher-z';
	alpha: number;
	min_delta: number;
	pairs_tested: number;
	drifted_pairs: number;
	drifted: boolean;
	/** The pair with the largest |Δr|, or null when no pair could be tested. */
	largest: CorrelationPair | null;
	/** At most `maxPairs` pairs, largest |Δr| first. */
	pairs: CorrelationPair[];
	excluded: { column: string; reason: string }[];
}

export const CORRELATION_DEFAULTS = { alpha: 0.01, minDelta: 0.1, maxColumns: 60, maxPairs: 20 };

function pearson(x: Float64Array, y: Float64Array): { r: number; n: number } {
	let n = 0;
	let mx = 0;
	let my = 0;
	for (let i = 0; i < x.length; i++) {
		if (!Number.isFinite(x[i]) || !Number.isFinite(y[i])) continue;
		n++;
		mx += x[i];
		my += y[i];
	}
	if (n === 0) return { r: NaN, n: 0 };
	mx /= n;
	my /= n;
	let sxy = 0;
	let sxx = 0;
	let syy = 0;
	for (let i = 0; i < x.length; i++) {
		if (!Number.isFinite(x[i]) || !Number.isFinite(y[i])) continue;
		const dx = x[i] - mx;
		const dy = y[i] - my;
		sxy += dx * dy;
		sxx += dx * dx;
		syy += dy * dy;
	}
	const r = sxy / Math.sqrt(sxx * syy);
	return { r: Number.isFinite(r) ? Math.max(-1, Math.min(1, r)) : NaN, n };
}

function constantOrEmpty(v: Float64Array): string | undefined {
	let first = NaN;
	for (const x of v) {
		if (!Number.isFinite(x)) continue;
		if (Number.isNaN(first)) first = x;
		else if (x !== first) return undefined;
	}
	return Number.isNaN(first) ? 'no finite values' : 'constant';
}

/**
 * The pairwise correlations of one side's numerical columns (Pearson, pairwise-complete rows).
 *
 * @example
 * const ref = correlationSummary(referenceColumns, 'reference');
 */
export function correlationSummary(
	columns: ColumnData[],
	side: 'reference' | 'current window' = 'reference',
	maxColumns = CORRELATION_DEFAULTS.maxColumns
): CorrelationSummary {
	const excluded: { column: string; reason: string }[] = [];
	const kept: { name: string; values: Float64Array }[] = [];
	for (const c of columns) {
		if (c.type !== 'numerical') excluded.push({ column: c.name, reason: 'categorical' });
		else {
			const why = constantOrEmpty(c.values);
			if (why) excluded.push({ column: c.name, reason: `${why} in the ${side}` });
			else if (kept.length >= maxColumns)
				excluded.push({
					column: c.name,
					reason: `beyond the first ${maxColumns} numerical columns`
				});
			else kept.push({ name: c.name, values: c.values });
		}
	}
	const r: number[] = [];
	const n: number[] = [];
	for (let i = 0; i < kept.length; i++)
		for (let j = i + 1; j < kept.length; j++) {
			if (kept[i].values.length !== kept[j].values.length)
				throw new DriftInputError(
					'invalid_option',
					`columns "${kept[i].name}" and "${kept[j].name}" have different lengths (${kept[i].values.length} and ${kept[j].values.length} rows)`
				);
			const p = pearson(kept[i].values, kept[j].values);
			r.push(p.r);
			n.push(p.n);
		}
	return { columns: kept.map((k) => k.name), r, n, excluded };
}

const CLIP = 1 - 1e-12;

/**
 * Compares the correlation structure of a current window with the reference's (see the module
 * comment for the test and the thresholds).
 *
 * @example
 * const result = correlationDrift(correlationSummary(ref), correlationSummary(cur, 'current window'));
 * if (result.drifted) console.log(result.largest);
 */
export function correlationDrift(
	reference: CorrelationSummary,
	current: CorrelationSummary,
	options: { alpha?: number; minDelta?: number; maxPairs?: number } = {}
): CorrelationDriftResult {
	const { alpha, minDelta, maxPairs } = { ...CORRELATION_DEFAULTS, ...options };
	if (!(alpha > 0 && alpha < 1))
		throw new DriftInputError('invalid_option', `alpha must be in (0, 1), got ${alpha}`);
	const excluded = [...reference.excluded];
	const seen = new Set(excluded.map((e) => e.column));
	for (const e of current.excluded) if (!seen.has(e.column)) excluded.push(e);
	const curIndex = new Map(current.columns.map((c, i) => [c, i]));
	const pairIndex = (i: number, j: number, p: number) => i * p - (i * (i + 1)) / 2 + (j - i - 1);
	const cols = reference.columns.filter((c) => {
		if (curIndex.has(c)) return true;
		if (!seen.has(c)) excluded.push({ column: c, reason: 'not in the current window' });
		return false;
	});
	const refIndex = new Map(reference.columns.map((c, i) => [c, i]));
	const candidates: Omit<CorrelationPair, 'drifted'>[] = [];
	const pr = reference.columns.length;
	const pc = current.columns.length;
	for (let a = 0; a < cols.length; a++)
		for (let b = a + 1; b < cols.length; b++) {
			const [ri, rj] = [refIndex.get(cols[a])!, refIndex.get(cols[b])!];
			const [ci, cj] = [curIndex.get(cols[a])!, curIndex.get(cols[b])!].sort((x, y) => x - y);
			const k = pairIndex(ri, rj, pr);
			const kc = pairIndex(ci, cj, pc);
			const [r1, n1, r2, n2] = [reference.r[k], reference.n[k], current.r[kc], current.n[kc]];
			if (!(n1 > 3 && n2 > 3) || !Number.isFinite(r1) || !Number.isFinite(r2)) continue;
			const z =
				(Math.atanh(Math.max(-CLIP, Math.min(CLIP, r2))) -
					Math.atanh(Math.max(-CLIP, Math.min(CLIP, r1)))) /
				Math.sqrt(1 / (n1 - 3) + 1 / (n2 - 3));
			candidates.push({
				a: cols[a],
				b: cols[b],
				reference: r1,
				current: r2,
				delta: r2 - r1,
				z,
				pvalue: 2 * normalSf(Math.abs(z))
			});
		}
	const m = candidates.length;
	const pairs = candidates
		.map((p) => ({ ...p, drifted: p.pvalue < alpha / m && Math.abs(p.delta) >= minDelta }))
		.sort((x, y) => Math.abs(y.delta) - Math.abs(x.delta) || x.pvalue - y.pvalue);
	const driftedPairs = pairs.filter((p) => p.drifted).length;
	return {
		schema: 'vigil.correlation-drift/1',
		method: 'pearson-fisher-z',
		alpha,
		min_delta: minDelta,
		pairs_tested: m,
		drifted_pairs: driftedPairs,
		drifted: driftedPairs > 0,
		largest: pairs[0] ?? null,
		pairs: pairs.slice(0, maxPairs),
		excluded
	};
}
