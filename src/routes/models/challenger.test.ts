import { describe, expect, it } from 'vitest';
import type { Evaluation } from '$lib/contracts/evaluation';
import type { ModelVersionInfo } from '$lib/sync/api-client';
import {
	brierScore,
	driftedFeatures,
	metricRows,
	promoteBlockers,
	reliabilityBins,
	rollbackVersion
} from './challenger';

const evaluation = (over: Partial<Evaluation> = {}): Evaluation => ({
	schema: 'vigil.evaluation/1',
	model: 'bike',
	task: 'regression',
	created_at: '2026-11-22T10:00:00Z',
	champion: { version: '1.0.0' },
	challenger: { version: '1.0.1', sha256: 'a'.repeat(64) },
	holdout: { from: '2026-11-20T00:00:00Z', to: '2026-11-21T00:00:00Z', rows: 300 },
	labelled: 300,
	coverage: 0.5,
	config: {
		min_labelled: 200,
		min_coverage: 0.3,
		min_f1_gain: 0.02,
		max_rmse_ratio: 0.95,
		max_brier_increase: 0.01,
		max_segment_degradation: 0.05,
		min_segment_rows: 30
	},
	metrics: { champion: { rmse: 10, r2: 0.5 }, challenger: { rmse: 9, r2: 0.4 } },
	segments: [],
	gates: [
		{ gate: 'beats_champion', passed: true, value: 0.9, threshold: 0.95, message: 'RMSE ratio 0.9' }
	],
	passed: true,
	shadow: { champion_version: '1.0.0', challenger_version: '1.0.1', records: [] },
	...over
});

const v = (version: string, stage: ModelVersionInfo['stage'], sha = 'a'.repeat(64)) =>
	({ name: 'bike', version, stage, sha256: sha }) as ModelVersionInfo;

describe('metricRows', () => {
	it('says which model is better, with lower-is-better error metrics', () => {
		const rows = metricRows(evaluation());
		expect(rows).toEqual([
			{ metric: 'rmse', champion: 10, challenger: 9, delta: -1, better: true },
			{
				metric: 'r2',
				champion: 0.5,
				challenger: 0.4,
				delta: expect.closeTo(-0.1, 9),
				better: false
			}
		]);
	});
});

describe('reliabilityBins and brierScore', () => {
	it('bins probabilities and skips what is not a probability of a 0/1 label', () => {
		const bins = reliabilityBins([0.05, 0.15, 0.12, 1, 1.5, 0.5], [0, 1, 0, 1, 1, 2], 10);
		expect(bins.map((b) => [b.lower, b.count, b.observed])).toEqual([
			[0, 1, 0],
			[0.1, 2, 0.5],
			[0.9, 1, 1]
		]);
		expect(bins[1].predicted).toBeCloseTo(0.135, 9);
		expect(() => reliabilityBins([0.1], [], 10)).toThrow('1 scores but 0 outcomes');
	});
	it('computes the Brier score', () => {
		expect(brierScore([0.8, 0.2], [1, 0])).toBeCloseTo(0.04, 12);
		expect(brierScore([2], [1])).toBeNull();
	});
});

describe('promoteBlockers', () => {
	it('is empty for a passing evaluation against the production version', () => {
		expect(promoteBlockers(evaluation(), v('1.0.0', 'production'), v('1.0.1', 'staging'))).toEqual(
			[]
		);
	});
	it('names failed gates, a stale champion and other bytes', () => {
		const failed = evaluation({
			passed: false,
			gates: [
				{
					gate: 'segments',
					passed: false,
					value: 0.2,
					threshold: 0.05,
					message: 'hour=7 20% worse'
				}
			]
		});
		const out = promoteBlockers(
			failed,
			v('0.9.0', 'production'),
			v('1.0.1', 'staging', 'b'.repeat(64))
		);
		expect(out).toHaveLength(3);
		expect(out[0]).toBe('Gate segments failed: hour=7 20% worse');
		expect(out[1]).toContain('0.9.0 is in production');
		expect(out[2]).toContain('other ONNX bytes');
	});
});

describe('driftedFeatures and rollbackVersion', () => {
	it('lists drifted columns of a report', () => {
		expect(
			driftedFeatures({
				columns: [
					{ name: 'temp', drifted: true },
					{ name: 'hum', drifted: false }
				]
			})
		).toEqual(['temp']);
		expect(driftedFeatures(null)).toEqual([]);
	});
	it('prefers the champion the production version replaced', () => {
		const list = [v('1.0.2', 'production'), v('1.0.1', 'archived'), v('1.0.0', 'archived')];
		expect(rollbackVersion(list, evaluation({ champion: { version: '1.0.0' } }))?.version).toBe(
			'1.0.0'
		);
		expect(rollbackVersion(list, null)?.version).toBe('1.0.1');
		expect(rollbackVersion([v('1.0.0', 'staging')], null)).toBeUndefined();
	});
});
