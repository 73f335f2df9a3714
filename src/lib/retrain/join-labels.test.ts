import { describe, expect, it } from 'vitest';
import type { StoredLabel } from '../contracts/label';
import type { PredictionRecord } from '../contracts/prediction';
import {
	joinLabels,
	labelChanges,
	labelToNumber,
	predictionScore,
	resolveLabels
} from './join-labels';

const ID_A = '01JD0000000000000000000001';
const ID_B = '01JD0000000000000000000002';

function stored(
	id: string,
	label: StoredLabel['label'],
	observed_at: string,
	batch: string
): StoredLabel {
	return {
		schema: 'vigil.label/1',
		id,
		label,
		observed_at,
		batch,
		received_at: '2026-11-22T00:00:00Z'
	};
}

function prediction(id: string, overrides: Partial<PredictionRecord> = {}): PredictionRecord {
	return {
		id,
		model: 'm',
		model_version: '1',
		device: 'd',
		ts: '2026-11-21T00:00:00Z',
		features: {},
		prediction: 2,
		...overrides
	};
}

describe('resolveLabels', () => {
	it('keeps every label and puts the one observed last in force, whatever the arrival order', () => {
		const later = stored(ID_A, 7, '2026-11-21T13:00:00Z', '01JD000000000000000000000A');
		const earlier = stored(ID_A, 5, '2026-11-21T12:00:00Z', '01JD000000000000000000000B');
		const resolved = resolveLabels([later, earlier]);
		expect(resolved.get(ID_A)!.current.label).toBe(7);
		expect(resolved.get(ID_A)!.history.map((l) => l.label)).toEqual([5, 7]);
	});

	it('breaks an observed_at tie by the batch received last', () => {
		const first = stored(ID_A, 1, '2026-11-21T12:00:00Z', '01JD000000000000000000000A');
		const second = stored(ID_A, 2, '2026-11-21T12:00:00+00:00', '01JD000000000000000000000B');
		expect(resolveLabels([second, first]).get(ID_A)!.current.label).toBe(2);
	});
});

describe('labelChanges', () => {
	it('reports changed values only, and whether they take effect', () => {
		const existing = resolveLabels([
			stored(ID_A, 5, '2026-11-21T12:00:00Z', '01JD000000000000000000000A')
		]);
		const changes = labelChanges(existing, [
			stored(ID_A, 4, '2026-11-21T11:00:00Z', '01JD000000000000000000000C'),
			stored(ID_B, 1, '2026-11-21T11:00:00Z', '01JD000000000000000000000C')
		]);
		expect(changes).toEqual([
			{
				id: ID_A,
				previous: 5,
				previous_observed_at: '2026-11-21T12:00:00Z',
				label: 4,
				observed_at: '2026-11-21T11:00:00Z',
				effective: false
			}
		]);
		expect(
			labelChanges(existing, [
				stored(ID_A, 5, '2026-11-22T00:00:00Z', '01JD000000000000000000000D')
			])
		).toEqual([]);
	});
});

describe('labelToNumber', () => {
	it('reads labels by task and names what is wrong', () => {
		expect(labelToNumber(3.5, 'regression')).toEqual({ value: 3.5 });
		expect(labelToNumber('3.5', 'regression')).toEqual({
			error: 'a regression label must be a number, got the string "3.5"'
		});
		expect(labelToNumber(true, 'regression')).toMatchObject({
			error: expect.stringMatching(/boolean/)
		});
		expect(labelToNumber(false, 'binary')).toEqual({ value: 0 });
		expect(labelToNumber(1, 'binary')).toEqual({ value: 1 });
		expect(labelToNumber(2, 'binary')).toMatchObject({
			error: expect.stringMatching(/0 or 1, got 2/)
		});
		expect(labelToNumber('>50K', 'binary', ['<=50K', '>50K'])).toEqual({ value: 1 });
		expect(labelToNumber('maybe', 'binary', ['no', 'yes'])).toMatchObject({
			error: expect.stringMatching(/"no", "yes"/)
		});
	});
});

describe('predictionScore', () => {
	it('takes the positive-class probability for binary models', () => {
		expect(predictionScore(prediction(ID_A, { prediction: 1, probability: 0.8 }), 'binary')).toBe(
			0.8
		);
		expect(predictionScore(prediction(ID_A, { prediction: [0.3, 0.7] }), 'binary')).toBe(0.7);
		expect(predictionScore(prediction(ID_A, { prediction: 4 }), 'binary')).toBeUndefined();
		expect(predictionScore(prediction(ID_A, { prediction: [4] }), 'regression')).toBe(4);
		// A multi-output regression is monitored by its first output (src/lib/pipeline/prediction.ts).
		expect(predictionScore(prediction(ID_A, { prediction: [1, 2, 3] }), 'regression')).toBe(1);
		expect(
			predictionScore(prediction(ID_A, { prediction: [0.2, 0.5, 0.3] }), 'binary')
		).toBeUndefined();
	});
});

describe('joinLabels', () => {
	it('prefers stored labels over the record label and reports labels of the wrong type', () => {
		const labels = resolveLabels([
			stored(ID_A, 3, '2026-11-21T12:00:00Z', '01JD000000000000000000000A'),
			stored(ID_B, 'high', '2026-11-21T12:00:00Z', '01JD000000000000000000000A')
		]);
		const C = '01JD0000000000000000000003';
		const D = '01JD0000000000000000000004';
		const { rows, mismatched } = joinLabels(
			[
				prediction(ID_A, { label: 9 }),
				prediction(ID_B),
				prediction(C, { label: 4 }),
				prediction(D)
			],
			labels,
			{ task: 'regression' }
		);
		expect(rows.map((r) => [r.y, r.label_source])).toEqual([
			[3, 'labels'],
			[NaN, 'none'],
			[4, 'record'],
			[NaN, 'none']
		]);
		expect(mismatched).toEqual([
			{ id: ID_B, reason: 'a regression label must be a number, got the string "high"' }
		]);
		expect(rows[0].at).toBe(Date.parse('2026-11-21T00:00:00Z'));
	});
});
