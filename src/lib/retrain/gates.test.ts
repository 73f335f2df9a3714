import { describe, expect, it } from 'vitest';
import { evaluationSchema } from '../contracts/evaluation';
import type { ModelCard } from '../contracts/model-card';
import { compareCards, evaluateGates, type GateInput, type Holdout } from './gates';
import { mulberry32 } from './performance-window';

const ids = (n: number) =>
	Array.from({ length: n }, (_, i) => `01JD${String(i).padStart(22, '0')}`);

/** A regression holdout where the champion errs by ±a and the challenger by ±b (so RMSEs are a and b). */
function regressionHoldout(
	n: number,
	a: number,
	b: number,
	segments?: Holdout['segments']
): Holdout {
	const y = Float64Array.from({ length: n }, (_, i) => i);
	return {
		ids: ids(n),
		y,
		champion: y.map((v, i) => v + (i % 2 ? a : -a)),
		challenger: y.map((v, i) => v + (i % 2 ? b : -b)),
		segments
	};
}

function input(holdout: Holdout, overrides: Partial<GateInput> = {}): GateInput {
	return {
		model: 'penicillin-soft-sensor',
		task: 'regression',
		championVersion: '1.0.0',
		challengerVersion: '1.1.0',
		holdout,
		holdoutRange: { from: '2026-11-20T00:00:00Z', to: '2026-11-22T00:00:00Z' },
		labelled: 400,
		coverage: 0.5,
		createdAt: '2026-11-22T12:00:00Z',
		...overrides
	};
}

const gate = (e: ReturnType<typeof evaluateGates>, name: string) =>
	e.gates.find((g) => g.gate === name)!;

describe('evaluateGates (regression)', () => {
	it('passes a challenger 10% better everywhere and reports every figure', () => {
		const e = evaluateGates(input(regressionHoldout(300, 1, 0.9)));
		expect(evaluationSchema.parse(e)).toEqual(e);
		expect(e.passed).toBe(true);
		expect(gate(e, 'beats_champion')).toMatchObject({ passed: true, value: 0.9, threshold: 0.95 });
		expect(gate(e, 'calibration')).toMatchObject({ passed: true, not_applicable: true });
		expect(e.metrics.champion.rmse).toBe(1);
		expect(e.metrics.challenger.rmse).toBe(0.9);
		expect(e.shadow.records[1]).toEqual({ id: ids(300)[1], y: 1, champion: 2, challenger: 1.9 });
		expect(e.holdout.rows).toBe(300);
	});

	it('fails a challenger only 2% better, with the ratio in the message', () => {
		const e = evaluateGates(input(regressionHoldout(300, 1, 0.98)));
		expect(e.passed).toBe(false);
		expect(gate(e, 'beats_champion')).toMatchObject({ passed: false, value: 0.98 });
		expect(gate(e, 'beats_champion').message).toMatch(/ratio 0\.980 \(at most 0\.95 needed\)/);
	});

	it('fails too few labels or too little coverage, and the thresholds are configurable', () => {
		const holdout = regressionHoldout(300, 1, 0.9);
		const few = evaluateGates(input(holdout, { labelled: 150, coverage: 0.2 }));
		expect(gate(few, 'min_labelled')).toMatchObject({ passed: false, value: 150, threshold: 200 });
		expect(gate(few, 'min_coverage')).toMatchObject({ passed: false, value: 0.2, threshold: 0.3 });
		expect(few.passed).toBe(false);
		const relaxed = evaluateGates(
			input(holdout, {
				labelled: 150,
				coverage: 0.2,
				config: { min_labelled: 100, min_coverage: 0.1 }
			})
		);
		expect(relaxed.passed).toBe(true);
		expect(relaxed.config.min_labelled).toBe(100);
		expect(gate(evaluateGates(input(holdout, { coverage: null })), 'min_coverage').passed).toBe(
			false
		);
	});

	it('fails when one segment is worse by more than 5% although the whole holdout is better', () => {
		// Batch "b" (rows 200-299): the challenger errs by 1.2 there (20% worse); elsewhere by 0.5.
		const n = 300;
		const holdout = regressionHoldout(n, 1, 0.5, {
			batch: Array.from({ length: n }, (_, i) => (i < 100 ? 'a' : i < 200 ? 'c' : 'b'))
		});
		for (let i = 200; i < n; i++) holdout.challenger[i] = holdout.y[i] + (i % 2 ? 1.2 : -1.2);
		const e = evaluateGates(input(holdout));
		expect(gate(e, 'beats_champion').passed).toBe(true);
		const seg = gate(e, 'segments');
		expect(seg).toMatchObject({ passed: false, threshold: 0.05 });
		expect(seg.value).toBeCloseTo(0.2, 10);
		expect(seg.message).toMatch(/batch=b \(rmse 20\.0% worse\)/);
		expect(e.segments.map((s) => [s.value, s.rows, s.gated])).toEqual([
			['a', 100, true],
			['b', 100, true],
			['c', 100, true]
		]);
	});

	it('reports small segments without gating them', () => {
		const holdout = regressionHoldout(300, 1, 0.5, {
			phase: Array.from({ length: 300 }, (_, i) => (i < 5 ? 'rare' : 'fed'))
		});
		for (let i = 0; i < 5; i++) holdout.challenger[i] = holdout.y[i] + 9;
		const e = evaluateGates(input(holdout));
		expect(e.segments.find((s) => s.value === 'rare')).toMatchObject({ rows: 5, gated: false });
		expect(gate(e, 'segments').passed).toBe(true);
	});

	it('refuses misaligned inputs', () => {
		const holdout = regressionHoldout(10, 1, 1);
		expect(() => evaluateGates(input({ ...holdout, challenger: new Float64Array(3) }))).toThrow(
			/one entry per row/
		);
		expect(() => evaluateGates(input({ ...holdout, segments: { batch: ['a'] } }))).toThrow(
			/segment column batch/
		);
	});
});

describe('evaluateGates (binary)', () => {
	/** Labels 0/1 with scores that are right for a share `right` of the rows, at confidence `conf`. */
	function scores(y: Float64Array, right: number, conf: number, seed: number): Float64Array {
		const random = mulberry32(seed);
		return y.map((v) => {
			const correct = random() < right;
			const p = correct ? conf : 1 - conf;
			return v === 1 ? p : 1 - p;
		});
	}

	it('needs +2 F1 points and no worse calibration', () => {
		const random = mulberry32(5);
		const y = Float64Array.from({ length: 2000 }, () => (random() < 0.4 ? 1 : 0));
		const champion = scores(y, 0.8, 0.7, 1);
		const better = scores(y, 0.9, 0.7, 2);
		const e = evaluateGates(
			input({ ids: ids(2000), y, champion, challenger: better }, { task: 'binary' })
		);
		expect(gate(e, 'beats_champion').passed).toBe(true);
		expect(gate(e, 'beats_champion').value!).toBeGreaterThan(0.05);
		expect(gate(e, 'calibration').passed).toBe(true);
		expect(e.passed).toBe(true);

		// Same hard decisions as the champion but over-confident: no F1 gain, Brier worse.
		const overconfident = champion.map((p) => (p >= 0.5 ? 0.99 : 0.01));
		const bad = evaluateGates(
			input({ ids: ids(2000), y, champion, challenger: overconfident }, { task: 'binary' })
		);
		expect(gate(bad, 'beats_champion')).toMatchObject({ passed: false, value: 0 });
		const brier = gate(bad, 'calibration');
		expect(brier.passed).toBe(false);
		// Expected ≈ 0.8·(0.01² − 0.3²) + 0.2·(0.99² − 0.7²) ≈ +0.026: above the +0.01 allowed.
		expect(brier.value!).toBeGreaterThan(0.01);
		expect(brier.value!).toBeCloseTo(
			bad.metrics.challenger.brier! - bad.metrics.champion.brier!,
			6
		);
		expect(brier.message).toMatch(/at most \+0\.01 allowed/);
	});
});

describe('compareCards', () => {
	const card = (features: ModelCard['features'], task: ModelCard['task'] = 'regression') =>
		({
			name: 'm',
			task,
			target: { name: 'P' },
			features,
			outputs: [{ name: 'prediction', dtype: 'float32', shape: [-1, 1], description: '' }]
		}) as unknown as ModelCard;
	const t = { name: 'temperature', dtype: 'float64', missing: 'reject' } as const;
	const ph = { name: 'ph', dtype: 'float64', missing: 'reject' } as const;

	it('finds different features, order and task', () => {
		expect(compareCards(card([t, ph]), card([t, ph]))).toEqual([]);
		expect(compareCards(card([t, ph]), card([ph, t]))).toEqual([
			'feature 0 is "temperature" in the champion, "ph" in the challenger',
			'feature 1 is "ph" in the champion, "temperature" in the challenger'
		]);
		expect(compareCards(card([t, ph]), card([t]))[0]).toBe(
			'the champion has 2 features, the challenger 1'
		);
		expect(compareCards(card([t]), card([t], 'binary'))[0]).toMatch(
			/regression model, the challenger a binary/
		);
	});

	it('fails the compatible gate with the differences', () => {
		const e = evaluateGates(
			input(regressionHoldout(300, 1, 0.5), { incompatibilities: ['the target classes differ'] })
		);
		expect(gate(e, 'compatible')).toMatchObject({ passed: false, value: 1 });
		expect(e.passed).toBe(false);
	});
});
