import { describe, expect, it } from 'vitest';
import type { ModelCard } from '../contracts/model-card';
import {
	ChallengerDataError,
	challengerSpec,
	concatSplits,
	encodeRows,
	originalSplit,
	paramsFromCard,
	splitByTime,
	type LabelledRow
} from './challenger';

const card = {
	name: 'm',
	version: '1',
	task: 'binary',
	features: [
		{ name: 'age', dtype: 'float64', missing: 'reject' },
		{ name: 'sex', dtype: 'string', categories: ['f', 'm'], missing: 'reject' }
	],
	target: { name: 'income', classes: ['<=50K', '>50K'] },
	preprocessing: [],
	outputs: [{ name: 'label', dtype: 'int64', shape: [-1], description: 'class' }],
	reference: { location: '/data/x.parquet' },
	training: {
		params: { maxDepth: 4, learningRate: 0.05, objective: 'squared-error', bogus: 1, seed: 'x' }
	},
	attribution: 'test'
} as unknown as ModelCard;

const row = (i: number, ts: string, label: LabelledRow['label'] = '>50K'): LabelledRow => ({
	id: `01JD${String(i).padStart(22, '0')}`,
	ts,
	features: { age: 30 + i, sex: i % 2 ? 'm' : 'f' },
	label
});

describe('splitByTime', () => {
	const rows = Array.from({ length: 10 }, (_, i) =>
		row(i, `2026-11-${String(10 + i).padStart(2, '0')}T00:00:00Z`)
	);

	it('holds out the latest 30% by default, and everything from the given start otherwise', () => {
		const auto = splitByTime([...rows].reverse());
		expect([auto.train.length, auto.holdout.length]).toEqual([7, 3]);
		expect(auto.holdoutFrom).toBe('2026-11-17T00:00:00.000Z');
		expect(auto.train.every((r) => Date.parse(r.ts) < Date.parse(auto.holdoutFrom))).toBe(true);
		const fixed = splitByTime(rows, '2026-11-15');
		expect([fixed.train.length, fixed.holdout.length]).toEqual([5, 5]);
		expect(() => splitByTime(rows, 'soon')).toThrow(ChallengerDataError);
		expect(() => splitByTime([rows[0]])).toThrow(/cannot be split/);
	});
});

describe('encodeRows', () => {
	it('encodes features as the card does and labels by class name', () => {
		const split = encodeRows(card, [
			row(1, '2026-11-10T00:00:00Z'),
			row(2, '2026-11-10T00:00:00Z', '<=50K')
		]);
		expect(Array.from(split.columns[0])).toEqual([31, 32]);
		expect(Array.from(split.columns[1])).toEqual([1, 0]);
		expect(Array.from(split.y)).toEqual([1, 0]);
		const both = concatSplits(split, split);
		expect(Array.from(both.y)).toEqual([1, 0, 1, 0]);
		expect(Array.from(both.columns[0])).toEqual([31, 32, 31, 32]);
	});

	it('names the record with a label of the wrong type, and refuses features the card refuses', () => {
		expect(() => encodeRows(card, [row(3, '2026-11-10T00:00:00Z', 'maybe')])).toThrow(
			/record 01JD0000000000000000000003: a binary label must be/
		);
		const bad = { ...row(4, '2026-11-10T00:00:00Z'), features: { age: 40, sex: 'x' } };
		expect(() => encodeRows(card, [bad])).toThrow(/sex/);
	});
});

describe('challengerSpec', () => {
	it('keeps the champion’s features and known trainer parameters', () => {
		expect(paramsFromCard(card, 9)).toEqual({
			maxDepth: 4,
			learningRate: 0.05,
			objective: 'log-loss',
			seed: 9
		});
		const rows = Array.from({ length: 40 }, (_, i) =>
			row(i, '2026-11-10T00:00:00Z', i % 3 ? '>50K' : '<=50K')
		);
		const train = encodeRows(card, rows);
		const spec = challengerSpec(card, { version: '2', train, holdout: train, description: 'd' });
		expect(spec.features).toBe(card.features);
		expect([spec.train.y.length, spec.validation.y.length]).toEqual([34, 6]);
		expect(spec.referenceCsv.split('\n')[0]).toBe('"age","sex","income"');
		expect(() =>
			challengerSpec(card, {
				version: '2',
				train: encodeRows(card, rows.slice(0, 5)),
				holdout: train,
				description: 'd'
			})
		).toThrow(/5 training rows: at least 20/);
	});
});

describe('originalSplit', () => {
	const columns = [
		{ name: 'age', type: 'numerical' as const, values: Float64Array.from([30, 40]) },
		{
			name: 'sex',
			type: 'categorical' as const,
			codes: Int32Array.from([0, 1]),
			categories: ['f', 'm']
		},
		{
			name: 'income',
			type: 'categorical' as const,
			codes: Int32Array.from([1, 0]),
			categories: ['<=50K', '>50K']
		}
	];
	const input = { age: Float64Array.from([30, 40]), sex: ['f', 'm'] };

	it('encodes the features as the card does and the target by class name', () => {
		const split = originalSplit(card, columns, input, 'the reference');
		expect(Array.from(split.y)).toEqual([1, 0]);
		expect(Array.from(split.columns[1])).toEqual([0, 1]);
	});

	it('names missing columns and the row of a bad label', () => {
		expect(() => originalSplit(card, columns.slice(0, 2), input, 'the reference')).toThrow(
			/the reference lacks the column\(s\) income/
		);
		const bad = [...columns.slice(0, 2), { ...columns[2], codes: Int32Array.from([0, -1]) }];
		expect(() => originalSplit(card, bad, input, 'the reference')).toThrow(
			/the reference: row 2 has no income/
		);
	});
});
