import { describe, expect, it } from 'vitest';
import { categoricalColumn, numericalColumn, type ColumnData } from '../types';
import { domainClassifierDrift } from './domain-classifier';
import { seededRandom } from './random';

function gaussians(n: number, seed: number, rho: number, shift = 0): ColumnData[] {
	const rng = seededRandom(seed);
	const x1 = new Float64Array(n);
	const x2 = new Float64Array(n);
	const x3 = new Float64Array(n);
	for (let i = 0; i < n; i++) {
		x1[i] = rng.normal();
		x2[i] = rho * x1[i] + Math.sqrt(1 - rho * rho) * rng.normal();
		x3[i] = rng.normal() + shift;
	}
	return [
		{ name: 'x1', type: 'numerical', values: x1 },
		{ name: 'x2', type: 'numerical', values: x2 },
		{ name: 'x3', type: 'numerical', values: x3 }
	];
}

describe('domainClassifierDrift', () => {
	it('does not separate two samples of one distribution (AUC near ½, p > α)', () => {
		const r = domainClassifierDrift(gaussians(2000, 1, 0.5), gaussians(800, 2, 0.5));
		expect(r.status).toBe('ok');
		if (r.status !== 'ok') return;
		expect(Math.abs(r.auc - 0.5)).toBeLessThan(0.05);
		expect(r.drifted).toBe(false);
		expect(r.pValue).toBeGreaterThan(0.01);
		expect(r.rowsPerSide).toBe(800);
	});

	it('names the shifted column first', () => {
		const r = domainClassifierDrift(gaussians(2000, 1, 0.5), gaussians(800, 2, 0.5, 1));
		if (r.status !== 'ok') throw new Error(r.reason);
		expect(r.drifted).toBe(true);
		// A 1σ shift: the Bayes AUC is Φ(1/√2) ≈ 0.76.
		expect(r.auc).toBeGreaterThan(0.68);
		expect(r.attributions[0].column).toBe('x3');
		expect(r.attributions[0].share).toBeGreaterThan(0.8);
		expect(r.pValue).toBeLessThan(0.002);
	});

	it('sees a change of correlation that no marginal shows, and attributes it to the pair', () => {
		const r = domainClassifierDrift(gaussians(2000, 1, 0.9), gaussians(1000, 2, -0.9));
		if (r.status !== 'ok') throw new Error(r.reason);
		expect(r.drifted).toBe(true);
		expect(new Set(r.attributions.slice(0, 2).map((a) => a.column))).toEqual(new Set(['x1', 'x2']));
		expect(r.attributions[2].share).toBeLessThan(0.1);
	});

	it('separates a new category and a rise of missing values', () => {
		const ref = categoricalColumn(
			'colour',
			Array.from({ length: 600 }, (_, i) => ['a', 'b'][i % 2])
		);
		const cur = categoricalColumn(
			'colour',
			Array.from({ length: 600 }, (_, i) => (i % 4 === 0 ? 'c' : ['a', 'b'][i % 2]))
		);
		const rng = seededRandom(3);
		const v = (miss: number) =>
			numericalColumn(
				'v',
				Array.from({ length: 600 }, () => (rng.uniform() < miss ? null : rng.normal()))
			);
		const r = domainClassifierDrift([ref, v(0)], [cur, v(0.3)]);
		if (r.status !== 'ok') throw new Error(r.reason);
		expect(r.drifted).toBe(true);
		expect(r.attributions.every((a) => a.importance > 0.02)).toBe(true);
	});

	it('is deterministic for a seed', () => {
		const a = domainClassifierDrift(gaussians(500, 1, 0), gaussians(300, 2, 0, 0.5));
		const b = domainClassifierDrift(gaussians(500, 1, 0), gaussians(300, 2, 0, 0.5));
		expect(a).toEqual(b);
	});

	it('says how many rows the cross-validation needs when a window is too small', () => {
		const r = domainClassifierDrift(gaussians(500, 1, 0), gaussians(30, 2, 0));
		expect(r).toMatchObject({ status: 'not_enough_data', currentRows: 30, referenceRows: 500 });
		if (r.status === 'not_enough_data')
			expect(r.reason).toContain(
				'at least 50 rows on each side; the reference has 500, the current window 30'
			);
	});

	it('refuses a column typed differently on the two sides, naming it', () => {
		const ref = [numericalColumn('k', [1, 2, 3])];
		const cur = [categoricalColumn('k', ['1', '2', '3'])];
		expect(() => domainClassifierDrift(ref, cur)).toThrow(
			/column "k" is numerical in the reference but categorical/
		);
	});
});
