import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runStatistic, STATISTICS, type Binning, type StatisticName } from './registry';
import { DriftInputError } from './types';

// Properties of the drift methods (docs/statistics.md §12): a sample against itself shows no drift and
// every distance is exactly 0, results do not depend on row order, symmetric statistics are
// symmetric, PSI ≥ 0, p-values lie in [0, 1]. Degenerate input may be refused with a
// DriftInputError; any other exception fails the property.

/**
 * The result of `fn`, or undefined when it rejects its input with a DriftInputError (degenerate
 * samples, e.g. one distinct value for Anderson–Darling). Every other error propagates.
 */
function unlessRejected<T>(fn: () => T): T | undefined {
	try {
		return fn();
	} catch (e) {
		if (e instanceof DriftInputError) return undefined;
		throw e;
	}
}

const sample = fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true, noDefaultInfinity: true }), {
	minLength: 4,
	maxLength: 60
});
const categories = fc.array(fc.constantFrom('a', 'b', 'c', 'd', '<x>'), {
	minLength: 2,
	maxLength: 60
});
const RUNS = { numRuns: 60 };

function shuffle<T>(xs: T[], seed: number): T[] {
	const a = xs.slice();
	let s = seed >>> 0 || 1;
	for (let i = a.length - 1; i > 0; i--) {
		s = (Math.imul(s, 1103515245) + 12345) >>> 0;
		const j = s % (i + 1);
		[a[i], a[j]] = [a[j], a[i]];
	}
	return a;
}

const NUMERICAL: StatisticName[] = [
	'ks',
	'wasserstein',
	'jensenshannon',
	'psi',
	'kl_div',
	'hellinger',
	'ed',
	'cramer_von_mises'
];
const PVALUE_METHODS: StatisticName[] = ['ks', 'cramer_von_mises', 'anderson'];
const BINNED = ['psi', 'kl_div', 'jensenshannon', 'hellinger'] as const;
const BINNINGS: Binning[] = ['evidently', { kind: 'quantile', bins: 10 }];
// Many distinct values, so Evidently's binning takes the Sturges path.
const wide = fc.array(fc.double({ min: -1e3, max: 1e3, noNaN: true, noDefaultInfinity: true }), {
	minLength: 21,
	maxLength: 400
});

describe('unlessRejected', () => {
	it('returns undefined for a DriftInputError and lets every other error fail the property', () => {
		expect(
			unlessRejected(() => {
				throw new DriftInputError('degenerate', 'one distinct value');
			})
		).toBeUndefined();
		let failure: unknown;
		try {
			fc.assert(
				fc.property(fc.integer(), () =>
					unlessRejected(() => {
						throw new RangeError('a bug, not bad input');
					})
				),
				{ numRuns: 1 }
			);
		} catch (e) {
			failure = e;
		}
		expect((failure as Error | undefined)?.message).toMatch(/^Property failed/);
		expect((failure as Error).cause).toBeInstanceOf(RangeError);
	});
});

describe('properties (fast-check)', () => {
	it('a sample against itself: KS 0 with p 1, every distance exactly 0 on both binnings, no drift', () => {
		fc.assert(
			fc.property(fc.oneof(sample, wide), fc.integer(), (xs, seed) => {
				const ys = shuffle(xs, seed);
				const ks = runStatistic('ks', xs, ys);
				expect(ks.statistic).toBe(0);
				expect(ks.pvalue).toBe(1);
				for (const name of ['wasserstein', 'ed'] as const) {
					const r = runStatistic(name, xs, ys);
					expect(r.value, name).toBe(0);
					expect(r.drifted, name).toBe(false);
				}
				for (const binning of BINNINGS)
					for (const name of BINNED) {
						const r = runStatistic(name, xs, ys, { binning });
						expect(r.value, `${name} ${JSON.stringify(binning)}`).toBe(0);
						expect(r.drifted, name).toBe(false);
					}
			}),
			RUNS
		);
	});

	it('categorical self-comparison: chi-square p 1 (or NaN for one category), distances exactly 0', () => {
		fc.assert(
			fc.property(categories, fc.integer(), (xs, seed) => {
				const ys = shuffle(xs, seed);
				const chi = runStatistic('chisquare', xs, ys);
				if (new Set(xs).size > 1) expect(chi.pvalue).toBeCloseTo(1, 12);
				else expect(chi.pvalue).toBeNaN();
				expect(chi.drifted).toBe(false);
				for (const name of BINNED) expect(runStatistic(name, xs, ys).value, name).toBe(0);
			}),
			RUNS
		);
	});

	it('results do not depend on row order', () => {
		fc.assert(
			fc.property(sample, sample, fc.integer(), (xs, ys, seed) => {
				for (const name of NUMERICAL) {
					const a = runStatistic(name, xs, ys);
					const b = runStatistic(name, shuffle(xs, seed), shuffle(ys, seed + 1));
					expect(b.value, name).toBe(a.value);
				}
			}),
			RUNS
		);
	});

	it('symmetric statistics are symmetric (KS, energy, JS, PSI, Hellinger; Wasserstein unnormed)', () => {
		fc.assert(
			fc.property(sample, sample, (xs, ys) => {
				const sym = (name: StatisticName, opts = {}) => {
					const a = runStatistic(name, xs, ys, opts).value;
					const b = runStatistic(name, ys, xs, opts).value;
					expect(Math.abs(a - b), name).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(a)));
				};
				sym('ks');
				sym('ed');
				sym('hellinger');
				// Evidently bins by values when the reference has ≤ 20 distinct values, so swapping the
				// sides keeps the bins only when both sides fall on the same side of that rule.
				if (new Set(xs).size > 20 === new Set(ys).size > 20) {
					sym('jensenshannon');
					sym('psi');
				}
				// Quantile bins depend on the reference, so only Evidently's pooled bins are symmetric.
				expect(runStatistic('ks', xs, ys).statistic).toBe(runStatistic('ks', ys, xs).statistic);
			}),
			RUNS
		);
	});

	it('PSI ≥ 0 and p-values in [0, 1], for both binnings and all p-value methods', () => {
		fc.assert(
			fc.property(sample, sample, (xs, ys) => {
				expect(runStatistic('psi', xs, ys).value).toBeGreaterThanOrEqual(0);
				expect(
					runStatistic('psi', xs, ys, { binning: { kind: 'quantile', bins: 10 } }).value
				).toBeGreaterThanOrEqual(0);
				for (const name of PVALUE_METHODS) {
					const r = unlessRejected(() => runStatistic(name, xs, ys));
					if (r === undefined) continue;
					expect(STATISTICS[name].kind).toBe('pvalue');
					expect(r.pvalue!, name).toBeGreaterThanOrEqual(0);
					expect(r.pvalue!, name).toBeLessThanOrEqual(1);
				}
				for (const m of ['exact', 'asymp'] as const) {
					const p = runStatistic('ks', xs, ys, { method: m }).pvalue!;
					expect(p >= 0 && p <= 1).toBe(true);
				}
			}),
			RUNS
		);
	});

	it('every method on any doubles (±1.8e308, subnormals, NaN, ±∞) returns a value or refuses with a DriftInputError', () => {
		const anyDoubles = fc.array(fc.double(), { minLength: 0, maxLength: 40 });
		fc.assert(
			fc.property(anyDoubles, anyDoubles, (xs, ys) => {
				for (const name of NUMERICAL.concat(['anderson']))
					for (const binning of BINNINGS) {
						const r = unlessRejected(() => runStatistic(name, xs, ys, { binning }));
						if (r !== undefined) expect(typeof r.value, name).toBe('number');
					}
			}),
			{ numRuns: 200 }
		);
	});

	it('categorical PSI ≥ 0 and p-values in [0, 1]', () => {
		fc.assert(
			fc.property(categories, categories, (xs, ys) => {
				expect(runStatistic('psi', xs, ys).value).toBeGreaterThanOrEqual(0);
				const p = runStatistic('chisquare', xs, ys).pvalue!;
				if (!Number.isNaN(p)) expect(p >= 0 && p <= 1).toBe(true);
			}),
			RUNS
		);
	});
});
