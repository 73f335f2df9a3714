import { describe, expect, it } from 'vitest';
import { monitoredScore, recordScore, tensorScores } from './prediction';

// Expected values are the table of prediction.ts read by hand.
describe('monitoredScore', () => {
	it('reads regression as the first output', () => {
		expect(monitoredScore(12.4, 'regression')).toBe(12.4);
		expect(monitoredScore([12.4], 'regression')).toBe(12.4);
		expect(monitoredScore([12.4, 3], 'regression')).toBe(12.4);
		expect(monitoredScore(-5, 'regression')).toBe(-5);
	});

	it('reads a binary probability vector as P(class 1)', () => {
		expect(monitoredScore([0.3, 0.7], 'binary')).toBe(0.7);
		expect(monitoredScore([0.9, 0.1], 'binary')).toBe(0.1);
		expect(monitoredScore([0.25], 'binary')).toBe(0.25);
		expect(monitoredScore(1, 'binary')).toBe(1);
	});

	it('reads a multiclass probability vector as P(last class)', () => {
		expect(monitoredScore([0.2, 0.5, 0.3], 'multiclass')).toBe(0.3);
		expect(monitoredScore(2, 'multiclass')).toBe(2);
	});

	it('gives NaN for outputs that do not fit the task', () => {
		expect(monitoredScore([0.2, 0.5, 0.3], 'binary')).toBeNaN();
		expect(monitoredScore(1.5, 'binary')).toBeNaN();
		expect(monitoredScore(-0.1, 'binary')).toBeNaN();
		expect(monitoredScore([], 'regression')).toBeNaN();
		expect(monitoredScore(Infinity, 'regression')).toBeNaN();
	});
});

describe('recordScore', () => {
	it('prefers the probability a classifier record carries', () => {
		expect(recordScore({ prediction: 1, probability: 0.82 }, 'binary')).toBe(0.82);
		expect(recordScore({ prediction: [0.1, 0.2, 0.7], probability: 0.4 }, 'multiclass')).toBe(0.4);
	});

	it('ignores probability for regression', () => {
		expect(recordScore({ prediction: 3.5, probability: 0.82 }, 'regression')).toBe(3.5);
	});

	it('reads the same vector differently per task', () => {
		const record = { prediction: [0.3, 0.7] };
		expect(recordScore(record, 'regression')).toBe(0.3);
		expect(recordScore(record, 'binary')).toBe(0.7);
		expect(recordScore(record, 'multiclass')).toBe(0.7);
	});
});

describe('tensorScores', () => {
	it('reads every row of a [rows, 2] tensor', () => {
		const t = { data: new Float32Array([0.25, 0.75, 0.5, 0.5, 1, 0]), dims: [3, 2] };
		expect(Array.from(tensorScores(t, 'binary'))).toEqual([0.75, 0.5, 0]);
	});

	it('reads a [rows] tensor and int64 labels', () => {
		expect(
			Array.from(tensorScores({ data: new Float32Array([1.5, 2.5]), dims: [2] }, 'regression'))
		).toEqual([1.5, 2.5]);
		expect(
			Array.from(tensorScores({ data: BigInt64Array.from([0n, 1n]), dims: [2] }, 'binary'))
		).toEqual([0, 1]);
	});

	it('reads the first column of a multi-output regression', () => {
		const t = { data: new Float64Array([1, 10, 2, 20]), dims: [2, 2] };
		expect(Array.from(tensorScores(t, 'regression'))).toEqual([1, 2]);
	});
});
