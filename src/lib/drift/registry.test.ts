import { describe, expect, it } from 'vitest';
import { datasetDrift, defaultMethod, inferColumnType, resolveMethod } from './defaults';
import { runStatistic, STATISTIC_NAMES, UnknownStatisticError } from './index';
import { DriftInputError } from './types';

describe('runStatistic', () => {
	it('runs KS exactly (scipy.stats.ks_2samp([1,2,3,4],[5,6,7,8]) = 0.028571428571428577)', () => {
		const r = runStatistic('ks', [1, 2, 3, 4], [5, 6, 7, 8]);
		expect(r).toEqual({
			name: 'ks',
			kind: 'pvalue',
			value: 0.028571428571428577,
			statistic: 1,
			pvalue: 0.028571428571428577,
			threshold: 0.05,
			drifted: true
		});
	});
	it('accepts typed arrays and treats NaN/Infinity as missing', () => {
		const a = runStatistic('wasserstein', new Float64Array([0, 1, NaN, 2]), [0, 1, 2, Infinity]);
		expect(a.value).toBe(0);
		expect(a.drifted).toBe(false);
	});
	it('uses each method’s comparison: ed is strict (>), wasserstein is ≥', () => {
		const r = runStatistic('ed', [0], [0], { threshold: 0 });
		expect(r.drifted).toBe(false);
		const w = runStatistic('wasserstein', [0, 1], [0, 1], { threshold: 0 });
		expect(w.drifted).toBe(true);
	});
	it('runs categorical methods on strings', () => {
		const r = runStatistic('chisquare', ['a', 'a', 'b'], ['a', 'b', 'b', null]);
		expect(r.kind).toBe('pvalue');
		expect(r.pvalue).toBeGreaterThan(0);
		expect(runStatistic('psi', ['a', 'b'], ['a', 'b']).value).toBe(0);
	});
	it('offers reference-quantile binning', () => {
		const ref = Array.from({ length: 100 }, (_, i) => i);
		const cur = ref.map((v) => v + 50);
		const q = runStatistic('psi', ref, cur, { binning: { kind: 'quantile', bins: 10 } });
		const e = runStatistic('psi', ref, cur);
		expect(q.value).toBeGreaterThan(0.1);
		expect(q.value).not.toBe(e.value);
	});
	it('rejects unknown names with a typed error listing the valid names', () => {
		expect(() => runStatistic('kolmogorov', [1], [2])).toThrow(UnknownStatisticError);
		try {
			runStatistic('nope', [1], [2]);
		} catch (e) {
			expect((e as UnknownStatisticError).code).toBe('unknown_statistic');
			expect((e as Error).message).toContain(STATISTIC_NAMES.join(', '));
		}
	});
	it('rejects empty, all-missing and mixed input with codes', () => {
		const code = (fn: () => unknown) => {
			try {
				fn();
			} catch (e) {
				return e instanceof DriftInputError ? e.code : 'other';
			}
			return 'none';
		};
		expect(code(() => runStatistic('ks', [], [1]))).toBe('empty_column');
		expect(code(() => runStatistic('ks', [NaN, null], [1]))).toBe('empty_column');
		expect(code(() => runStatistic('ks', [1, 'a'] as never, [1]))).toBe('mixed_types');
		expect(code(() => runStatistic('ks', ['a'], ['b']))).toBe('unsupported_type');
		expect(code(() => runStatistic('ks', [1], ['b']))).toBe('type_mismatch');
		expect(code(() => runStatistic('z', [1, 2, 3], [1, 2]))).toBe('invalid_option');
		expect(
			code(() => runStatistic('psi', [1], [1], { binning: { kind: 'quantile', bins: 1 } }))
		).toBe('invalid_option');
		expect(code(() => runStatistic('anderson', [1, 1], [1, 1]))).toBe('degenerate');
	});
});

describe('Evidently-compatible defaults (docs/statistics.md §10)', () => {
	it('types columns', () => {
		expect(inferColumnType([1.5, 2])).toBe('numerical');
		expect(inferColumnType([1, 2, 3])).toBe('categorical');
		expect(inferColumnType(Array.from({ length: 11 }, (_, i) => i))).toBe('numerical');
		expect(inferColumnType(['a', 'a', 'b', 'b'])).toBe('categorical');
		expect(inferColumnType(['a', 'b', 'c'])).toBe('text');
		expect(inferColumnType([true, false])).toBe('categorical');
		expect(() => inferColumnType([1, 'a'])).toThrow(DriftInputError);
	});
	it('selects the default method by reference size and distinct values', () => {
		expect(defaultMethod('numerical', 1000, 6)).toBe('ks');
		expect(defaultMethod('numerical', 1000, 5)).toBe('chisquare');
		expect(defaultMethod('numerical', 1000, 2)).toBe('z');
		expect(defaultMethod('categorical', 1000, 3)).toBe('chisquare');
		expect(defaultMethod('numerical', 1001, 6)).toBe('wasserstein');
		expect(defaultMethod('numerical', 1001, 5)).toBe('jensenshannon');
		expect(defaultMethod('categorical', 1001, 2)).toBe('jensenshannon');
	});
	it('applies overrides per column over per type over all', () => {
		const o = {
			all: { method: 'psi' as const, threshold: 0.2 },
			perType: { numerical: { method: 'ed' as const } },
			perColumn: { x: { method: 'ks' as const } }
		};
		expect(resolveMethod(o, 'x', 'numerical', 'wasserstein')).toMatchObject({
			method: 'ks',
			threshold: 0.2
		});
		expect(resolveMethod(o, 'y', 'numerical', 'wasserstein').method).toBe('ed');
		expect(resolveMethod(o, 'y', 'categorical', 'z').method).toBe('psi');
		expect(resolveMethod({}, 'y', 'categorical', 'z').method).toBe('z');
		expect(() =>
			resolveMethod({ perColumn: { y: { method: 'bad' as never } } }, 'y', 'numerical', 'ks')
		).toThrow(/perColumn.y/);
	});
	it('flags dataset drift at share ≥ 0.5', () => {
		expect(datasetDrift(1, 2)).toEqual({ share: 0.5, drifted: true });
		expect(datasetDrift(1, 3).drifted).toBe(false);
		expect(datasetDrift(0, 0)).toEqual({ share: 0, drifted: false });
	});
});
