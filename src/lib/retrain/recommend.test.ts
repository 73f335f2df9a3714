import { describe, expect, it } from 'vitest';
import { recommendRetrain, type MonitoringRunSummary } from './recommend';

const run = (drifted: boolean, metric: number | null): MonitoringRunSummary => ({
	at: '2026-11-22T00:00:00Z',
	drifted,
	metric
});

describe('recommendRetrain', () => {
	const opts = { baseline: 1, higherIsBetter: false };

	it('needs persistent drift and degraded performance together', () => {
		const both = recommendRetrain(
			[run(false, 1), run(true, 1.05), run(true, 1.1), run(true, 1.3)],
			opts
		);
		expect(both).toMatchObject({ retrain_recommended: true, drift_streak: 3, action: 'recommend' });
		expect(both.degradation).toBeCloseTo(0.3, 10);

		const driftOnly = recommendRetrain([run(true, 1), run(true, 1.02), run(true, 1.05)], opts);
		expect(driftOnly.retrain_recommended).toBe(false);
		expect(driftOnly.reasons[1]).toMatch(/5\.0% worse/);

		// The streak is broken by the last run without drift.
		const broken = recommendRetrain(
			[run(true, 1.3), run(true, 1.3), run(true, 1.3), run(false, 1.3)],
			opts
		);
		expect(broken).toMatchObject({ retrain_recommended: false, drift_streak: 0 });
	});

	it('uses the latest run with a metric and respects the direction of the metric', () => {
		const f1 = recommendRetrain([run(true, 0.6), run(true, null), run(true, null)], {
			baseline: 0.8,
			higherIsBetter: true
		});
		expect(f1.degradation).toBeCloseTo(0.25, 10);
		expect(f1.retrain_recommended).toBe(true);
		const noLabels = recommendRetrain([run(true, null), run(true, null), run(true, null)], opts);
		expect(noLabels).toMatchObject({ retrain_recommended: false, degradation: null });
		expect(noLabels.reasons[1]).toBe('no labelled performance yet');
	});

	it('only ever proposes a gated challenger run, even when policy allows automation', () => {
		const runs = [run(true, 2), run(true, 2), run(true, 2)];
		expect(recommendRetrain(runs, { ...opts, autoRetrain: true }).action).toBe(
			'train-challenger-through-gates'
		);
		expect(recommendRetrain(runs, { ...opts, consecutiveDriftRuns: 4 }).retrain_recommended).toBe(
			false
		);
		expect(() => recommendRetrain(runs, { ...opts, consecutiveDriftRuns: 0 })).toThrow(
			/positive integer/
		);
	});
});
