import { describe, expect, it } from 'vitest';
import { ksTwoSample } from '../ks-two-sample';
import { DriftInputError, type ColumnData } from '../types';
import {
	fitPcaReconstruction,
	pcaReconstructionDrift,
	pcaReconstructionErrors,
	type PcaReconstructionModel
} from './pca-reconstruction';
import { seededRandom } from './random';

/** x1 ~ N(0,1), x2 = ρ·x1 + √(1−ρ²)·e ~ N(0,1), x3 ~ N(5, 2²): marginals do not depend on ρ. */
function correlated(seed: number, n: number, rho: number): ColumnData[] {
	const rng = seededRandom(seed);
	const x1 = new Float64Array(n);
	const x2 = new Float64Array(n);
	const x3 = new Float64Array(n);
	for (let i = 0; i < n; i++) {
		x1[i] = rng.normal();
		x2[i] = rho * x1[i] + Math.sqrt(1 - rho * rho) * rng.normal();
		x3[i] = 5 + 2 * rng.normal();
	}
	return [
		{ name: 'x1', type: 'numerical', values: x1 },
		{ name: 'x2', type: 'numerical', values: x2 },
		{ name: 'x3', type: 'numerical', values: x3 }
	];
}

function ok(r: ReturnType<typeof pcaReconstructionDrift>) {
	if (r.status !== 'ok') throw new Error(r.reason);
	return r;
}

describe('fitPcaReconstruction', () => {
	const reference = correlated(1, 10_000, 0.9);
	const model = fitPcaReconstruction(reference);

	it('keeps the components for 65 % of the variance', () => {
		// Standardized covariance eigenvalues ≈ 1.9, 1, 0.1 (sum 3): 1.9/3 = .63 < .65 → K = 2.
		expect(model.componentCount).toBe(2);
		expect(model.explainedVariance).toBeGreaterThan(0.95);
		expect(model.explainedVariance).toBeLessThan(0.98);
		// Residual variance ≈ 0.1 → E‖e‖ = E|N(0, 0.1)| = √0.1·√(2/π) ≈ 0.252.
		expect(model.referenceMean).toBeCloseTo(Math.sqrt(0.1) * Math.sqrt(2 / Math.PI), 1);
	});

	it('alarms on a rotation of the correlation that no marginal KS test sees', () => {
		const rotated = correlated(2, 2000, -0.9);
		for (let c = 0; c < 3; c++) {
			const ref = (reference[c] as { values: Float64Array }).values;
			const cur = (rotated[c] as { values: Float64Array }).values;
			expect(ksTwoSample(ref, cur).pvalue, reference[c].name).toBeGreaterThan(0.01);
		}
		const r = ok(pcaReconstructionDrift(model, rotated));
		expect(r.alert).toBe(true);
		// The lost direction (1,−1)/√2 now carries variance 1.9: E‖e‖ ≈ √1.9·√(2/π) ≈ 1.10.
		expect(r.meanError).toBeGreaterThan(1);
		expect(r.meanError - 3 * r.samplingError).toBeGreaterThan(r.upperThreshold);
	});

	it('stays quiet on undrifted windows', () => {
		let alerts = 0;
		for (let s = 10; s < 30; s++)
			alerts += ok(pcaReconstructionDrift(model, correlated(s, 1000, 0.9))).alert ? 1 : 0;
		expect(alerts).toBeLessThanOrEqual(1);
	});

	it('reports not_enough_data for tiny windows', () => {
		const r = pcaReconstructionDrift(model, correlated(3, 10, 0.9));
		expect(r).toMatchObject({ status: 'not_enough_data', n: 10 });
		expect(r).not.toHaveProperty('meanError');
	});

	it('handles constant columns: no effect while constant, alarm when they move', () => {
		const withConstant = (cols: ColumnData[], value: number): ColumnData[] => [
			...cols,
			{
				name: 'k',
				type: 'numerical',
				values: new Float64Array(cols[0].type === 'numerical' ? cols[0].values.length : 0).fill(
					value
				)
			}
		];
		const m = fitPcaReconstruction(withConstant(reference, 5));
		expect(m.features.find((f) => f.column === 'k')).toMatchObject({ constant: true, scale: 5 });
		const same = ok(pcaReconstructionDrift(m, withConstant(correlated(4, 1000, 0.9), 5)));
		expect(same.alert).toBe(false);
		expect(same.meanError).toBeCloseTo(
			ok(pcaReconstructionDrift(model, correlated(4, 1000, 0.9))).meanError,
			10
		);
		expect(ok(pcaReconstructionDrift(m, withConstant(correlated(4, 1000, 0.9), 6))).alert).toBe(
			true
		);
		// An all-zero constant column uses scale 1.
		const z = fitPcaReconstruction(withConstant(reference, 0));
		expect(z.features.find((f) => f.column === 'k')).toMatchObject({ constant: true, scale: 1 });
	});

	it('imputes missing numerical values with the mean', () => {
		const win = correlated(5, 1000, 0.9);
		const x1 = (win[0] as { values: Float64Array }).values;
		x1[0] = NaN;
		const e = pcaReconstructionErrors(model, win);
		expect(Number.isFinite(e[0])).toBe(true);
		const imputed = correlated(5, 1000, 0.9);
		(imputed[0] as { values: Float64Array }).values[0] = model.features[0].center;
		expect(e[0]).toBeCloseTo(pcaReconstructionErrors(model, imputed)[0], 12);
	});

	it('encodes categoricals by name, imputes missing with the mode, and sees a changed association', () => {
		const make = (seed: number, n: number, flip: boolean): ColumnData[] => {
			const rng = seededRandom(seed);
			const x = new Float64Array(n);
			const codes = new Int32Array(n);
			for (let i = 0; i < n; i++) {
				x[i] = rng.normal();
				const high = x[i] + 0.3 * rng.normal() > 0;
				codes[i] = high !== flip ? 0 : 1;
			}
			return [
				{ name: 'x', type: 'numerical', values: x },
				{ name: 'c', type: 'categorical', codes, categories: ['high', 'low'] }
			];
		};
		const m = fitPcaReconstruction(make(1, 5000, false));
		// One feature per numerical column, one indicator per category (most frequent first).
		const names = m.features.map((f) => (f.kind === 'category' ? f.category : f.column));
		expect(names[0]).toBe('x');
		expect(names.slice(1).sort()).toEqual(['high', 'low']);
		expect(ok(pcaReconstructionDrift(m, make(2, 1000, false))).alert).toBe(false);
		expect(ok(pcaReconstructionDrift(m, make(2, 1000, true))).alert).toBe(true);
		// Same rows with the category list in another order give the same errors.
		const win = make(3, 200, false);
		const c = win[1] as { codes: Int32Array; categories: string[] };
		const recoded: ColumnData[] = [
			win[0],
			{
				name: 'c',
				type: 'categorical',
				codes: c.codes.map((v) => 1 - v),
				categories: ['low', 'high']
			}
		];
		expect(pcaReconstructionErrors(m, recoded)).toEqual(pcaReconstructionErrors(m, win));
		// Missing (−1) behaves as the most frequent reference category; unseen ones as "other".
		const missing: ColumnData[] = [
			{ ...win[0] },
			{ ...c, name: 'c', type: 'categorical', codes: c.codes.map(() => -1) }
		];
		const mode = m.columns.find((col) => col.name === 'c')!.imputeCategory!;
		const asMode: ColumnData[] = [
			win[0],
			{ ...c, name: 'c', type: 'categorical', codes: c.codes.map(() => c.categories.indexOf(mode)) }
		];
		expect(pcaReconstructionErrors(m, missing)).toEqual(pcaReconstructionErrors(m, asMode));
		const unseen: ColumnData[] = [
			win[0],
			{ name: 'c', type: 'categorical', codes: new Int32Array(200), categories: ['new'] }
		];
		expect(ok(pcaReconstructionDrift(m, unseen)).alert).toBe(true);
	});

	it('names the column that is missing, mistyped or empty', () => {
		expect(() => pcaReconstructionDrift(model, reference.slice(1))).toThrow(
			/column "x1" of the reference is missing/
		);
		const typed: ColumnData[] = [
			{ name: 'x1', type: 'categorical', codes: new Int32Array(100), categories: ['a'] },
			reference[1],
			reference[2]
		];
		expect(() => pcaReconstructionDrift(model, typed)).toThrow(DriftInputError);
		const empty: ColumnData[] = [
			{ name: 'e', type: 'numerical', values: new Float64Array(3000).fill(NaN) }
		];
		expect(() => fitPcaReconstruction(empty)).toThrow(/"e" has no finite value/);
		expect(() => fitPcaReconstruction(correlated(1, 1500, 0.5))).toThrow(/2 chunks/);
	});

	it('survives a JSON round trip', () => {
		const copy = JSON.parse(JSON.stringify(model)) as PcaReconstructionModel;
		const win = correlated(6, 500, 0.5);
		expect(pcaReconstructionDrift(copy, win)).toEqual(pcaReconstructionDrift(model, win));
	});
});
