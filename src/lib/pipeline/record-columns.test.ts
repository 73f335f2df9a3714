import { describe, expect, it } from 'vitest';
import type { CategoricalColumn, NumericalColumn } from '../drift/types';
import {
	categoryValue,
	numberValue,
	recordColumnNames,
	recordColumns,
	type RecordLike
} from './record-columns';

const profile = {
	columns: [
		{ name: 'temp', type: 'numerical' as const },
		{ name: 'season', type: 'categorical' as const },
		{ name: 'absent', type: 'numerical' as const },
		{ name: 'prediction', type: 'numerical' as const },
		{ name: 'cnt', type: 'numerical' as const }
	]
};

const card = {
	task: 'regression' as const,
	target: { name: 'cnt' },
	outputs: [{ name: 'variable', dtype: 'float32' as const, shape: [-1, 1], description: '' }]
};

describe('recordColumnNames', () => {
	it('takes the target from the card and the prediction column the profile has', () => {
		expect(recordColumnNames(profile, card)).toEqual({
			prediction: 'prediction',
			target: 'cnt',
			task: 'regression'
		});
	});

	it('falls back to the card output name, and regression without a card', () => {
		const p = { columns: [{ name: 'variable', type: 'numerical' as const }] };
		expect(recordColumnNames(p, card).prediction).toBe('variable');
		expect(recordColumnNames(p)).toEqual({
			prediction: undefined,
			target: undefined,
			task: 'regression'
		});
	});
});

describe('recordColumns', () => {
	const records: RecordLike[] = [
		{ features: { temp: 10, season: 1 }, prediction: 100, label: 95 },
		{ features: { temp: '12.5', season: 'spring' }, prediction: [120], label: null },
		{ features: { temp: 'warm', season: null }, prediction: 130 }
	];

	it('reads features, the prediction and the label like the profile', () => {
		const cols = recordColumns(records, profile, recordColumnNames(profile, card));
		expect(cols.map((c) => c.name)).toEqual(['temp', 'season', 'prediction', 'cnt']);
		expect(Array.from((cols[0] as NumericalColumn).values)).toEqual([10, 12.5, NaN]);
		const season = cols[1] as CategoricalColumn;
		expect(Array.from(season.codes, (k) => (k < 0 ? null : season.categories[k]))).toEqual([
			'1',
			'spring',
			null
		]);
		expect(Array.from((cols[2] as NumericalColumn).values)).toEqual([100, 120, 130]);
		expect(Array.from((cols[3] as NumericalColumn).values)).toEqual([95, NaN, NaN]);
	});

	it('leaves the label out when no record has one', () => {
		const unlabelled = records.map((r) => ({ ...r, label: undefined }));
		const cols = recordColumns(unlabelled, profile, recordColumnNames(profile, card));
		expect(cols.map((c) => c.name)).toEqual(['temp', 'season', 'prediction']);
	});

	it('reads a binary probability vector as P(class 1)', () => {
		const cols = recordColumns([{ features: {}, prediction: [0.3, 0.7] }], profile, {
			prediction: 'prediction',
			task: 'binary'
		});
		expect(Array.from((cols[0] as NumericalColumn).values)).toEqual([0.7]);
	});
});

describe('value readings', () => {
	it('numberValue parses numeric text and flags, and misses the rest', () => {
		expect([
			numberValue(2),
			numberValue(' 3 '),
			numberValue(true),
			numberValue('x'),
			numberValue(null),
			numberValue('')
		]).toEqual([2, 3, 1, NaN, NaN, NaN]);
	});

	it('categoryValue keeps text and misses non-finite numbers', () => {
		expect([
			categoryValue(3),
			categoryValue('a'),
			categoryValue(NaN),
			categoryValue(undefined),
			categoryValue(false)
		]).toEqual(['3', 'a', null, null, 'false']);
	});
});
