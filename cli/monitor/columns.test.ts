import { describe, expect, it } from 'vitest';
import type { PredictionRecord } from '../../src/lib/contracts/prediction';
import { buildProfile } from '../../src/lib/drift/profile';
import { categoricalColumn, numericalColumn } from '../../src/lib/drift/types';
import { recordsToColumns } from './columns.ts';

const profile = buildProfile(
	[
		numericalColumn('temp', [0.1, 0.2, 0.3]),
		categoricalColumn('hr', ['0', '1', '2']),
		numericalColumn('prediction', [1, 2, 3]),
		numericalColumn('cnt', [1, 2, 3]),
		numericalColumn('absent', [1, 2, 3])
	],
	{ name: 'ref', sha256: 'a'.repeat(64) }
);

const record = (
	features: PredictionRecord['features'],
	extra: Partial<PredictionRecord> = {}
): PredictionRecord => ({
	id: '01J0000000000000000000000A',
	model: 'm',
	model_version: '1',
	device: 'd',
	ts: '2026-01-01T00:00:00Z',
	features,
	prediction: 5,
	...extra
});

describe('recordsToColumns', () => {
	it('types the records like the profile: numbers, category strings, prediction and label', () => {
		const cols = recordsToColumns(
			[
				record({ temp: 0.5, hr: 3 }, { label: 7 }),
				record({ temp: null, hr: null }, { label: null, prediction: [0.2, 6] })
			],
			profile,
			{ target: 'cnt' }
		);
		expect(cols.map((c) => c.name)).toEqual(['temp', 'hr', 'prediction', 'cnt']);
		const [temp, hr, pred, cnt] = cols;
		expect(temp.type === 'numerical' && Array.from(temp.values)).toEqual([0.5, NaN]);
		expect(hr.type === 'categorical' && [hr.categories, Array.from(hr.codes)]).toEqual([
			['3'],
			[0, -1]
		]);
		expect(pred.type === 'numerical' && Array.from(pred.values)).toEqual([5, 6]);
		expect(cnt.type === 'numerical' && Array.from(cnt.values)).toEqual([7, NaN]);
	});

	it('uses the probability as the prediction of a classifier and skips labels never given', () => {
		const cols = recordsToColumns(
			[record({ temp: 1 }, { prediction: 1, probability: 0.8 })],
			profile,
			{
				target: 'cnt',
				classification: true
			}
		);
		expect(cols.map((c) => c.name)).toEqual(['temp', 'prediction']);
		expect(cols[1].type === 'numerical' && cols[1].values[0]).toBeCloseTo(0.8);
	});
});
