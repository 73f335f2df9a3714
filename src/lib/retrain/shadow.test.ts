import { describe, expect, it } from 'vitest';
import type { LabelledPredictions } from '../contracts/label';
import { evaluationSchema } from '../contracts/evaluation';
import { evaluateGates, withShadowPeriod } from './gates';
import { shadowPeriodOf } from './shadow';

const id = (i: number) => `01JD${String(i).padStart(22, '0')}`;

/** Labelled live records: the champion errs by 1, the shadow challenger by `shadowError`. */
function joined(n: number, shadowError: number, shadowVersion = '1.1.0'): LabelledPredictions {
	return {
		schema: 'vigil.labelled-predictions/1',
		model: 'm',
		from: '2026-11-01T00:00:00.000Z',
		to: '2026-11-30T00:00:00.000Z',
		predictions: n + 2,
		labelled: n + 2,
		coverage: 1,
		records: [
			...Array.from({ length: n }, (_, i) => ({
				schema: 'vigil.prediction/1' as const,
				id: id(i),
				model: 'm',
				model_version: '1.0.0',
				device: 'd',
				ts: `2026-11-${String(10 + (i % 10)).padStart(2, '0')}T00:00:00.000Z`,
				features: { x: i },
				prediction: i + 1,
				shadow: { model_version: shadowVersion, prediction: i + shadowError },
				label: i,
				label_source: 'labels' as const
			})),
			// A record without a shadow score, and one whose label is not a number: both left out.
			{
				schema: 'vigil.prediction/1' as const,
				id: id(900),
				model: 'm',
				model_version: '1.0.0',
				device: 'd',
				ts: '2026-11-12T00:00:00.000Z',
				features: { x: 1 },
				prediction: 1,
				label: 1,
				label_source: 'labels' as const
			},
			{
				schema: 'vigil.prediction/1' as const,
				id: id(901),
				model: 'm',
				model_version: '1.0.0',
				device: 'd',
				ts: '2026-11-12T00:00:00.000Z',
				features: { x: 1 },
				prediction: 1,
				shadow: { model_version: shadowVersion, prediction: 1 },
				label: 'high',
				label_source: 'labels' as const
			}
		]
	};
}

function trained(minShadow: number) {
	const y = Float64Array.from({ length: 300 }, (_, i) => i);
	return evaluateGates({
		model: 'm',
		task: 'regression',
		championVersion: '1.0.0',
		challengerVersion: '1.1.0',
		holdout: {
			ids: Array.from({ length: 300 }, (_, i) => id(i)),
			y,
			champion: y.map((v) => v + 1),
			challenger: y.map((v) => v + 0.5)
		},
		holdoutRange: { from: '2026-11-01T00:00:00Z', to: '2026-11-09T00:00:00Z' },
		labelled: 300,
		coverage: 0.5,
		config: { min_shadow_labelled: minShadow }
	});
}

describe('shadowPeriodOf', () => {
	it('pairs the served prediction with the shadow score of the named version', () => {
		const { period, skipped } = shadowPeriodOf(joined(40, 0.5), 'regression', undefined, '1.1.0');
		expect(skipped).toBe(1);
		expect(period!.ids).toHaveLength(40);
		expect(period!.champion[3]).toBe(4);
		expect(period!.challenger[3]).toBe(3.5);
		expect(period!.championVersions).toEqual(['1.0.0']);
		expect(period!.from).toBe('2026-11-10T00:00:00.000Z');
		expect(period!.to).toBe('2026-11-19T00:00:00.000Z');
		expect(shadowPeriodOf(joined(40, 0.5), 'regression', undefined, '2.0.0').period).toBe(
			undefined
		);
	});
});

describe('the shadow gate', () => {
	it('passes as not required by default, and blocks until enough labelled shadow predictions', () => {
		const none = trained(0);
		expect(none.gates.find((g) => g.gate === 'shadow')).toMatchObject({
			passed: true,
			not_applicable: true
		});
		const waiting = trained(30);
		expect(waiting.passed).toBe(false);
		expect(waiting.gates.find((g) => g.gate === 'shadow')!.message).toMatch(
			/No labelled shadow predictions yet \(30 needed\)/
		);

		const few = withShadowPeriod(
			waiting,
			shadowPeriodOf(joined(20, 0.5), 'regression', undefined, '1.1.0').period
		);
		expect(few.passed).toBe(false);
		expect(few.gates.find((g) => g.gate === 'shadow')).toMatchObject({ passed: false, value: 20 });

		const enough = withShadowPeriod(
			waiting,
			shadowPeriodOf(joined(40, 0.5), 'regression', undefined, '1.1.0').period,
			{ now: new Date('2026-11-22T00:00:00Z') }
		);
		expect(enough.passed).toBe(true);
		expect(enough.created_at).toBe('2026-11-22T00:00:00.000Z');
		expect(enough.shadow_period).toMatchObject({ rows: 40, champion_versions: ['1.0.0'] });
		expect(enough.shadow_period!.metrics.challenger.rmse).toBeCloseTo(0.5, 10);
		// The other gates are the ones decided at training time.
		expect(enough.gates.filter((g) => g.gate !== 'shadow')).toEqual(
			waiting.gates.filter((g) => g.gate !== 'shadow')
		);
		expect(evaluationSchema.parse(enough)).toEqual(enough);
	});

	it('fails a challenger that is worse on live traffic, whatever the holdout said', () => {
		const worse = withShadowPeriod(
			trained(30),
			shadowPeriodOf(joined(40, 3), 'regression', undefined, '1.1.0').period
		);
		expect(worse.passed).toBe(false);
		expect(worse.gates.find((g) => g.gate === 'shadow')!.message).toMatch(
			/the challenger is worse on live traffic/
		);
	});
});
