import { describe, expect, it } from 'vitest';
import { defaultTrainForm, readTrainForm, trainProgress } from './train-form';

const now = new Date('2026-11-22T10:00:00Z');
const form = () => defaultTrainForm('1.0.0-c1', now);

describe('readTrainForm', () => {
	it('turns the defaults into a 90-day range ending today, with the default gates', () => {
		const r = readTrainForm(form());
		expect(r).toMatchObject({
			ok: true,
			settings: {
				from: '2026-08-24T00:00:00.000Z',
				to: '2026-11-22T23:59:59.999Z',
				version: '1.0.0-c1',
				segments: [],
				config: { min_labelled: 200, max_rmse_ratio: 0.95 }
			}
		});
		expect(r.ok && r.settings.holdoutFrom).toBeUndefined();
	});

	it('reads a holdout start, segments and changed gates', () => {
		const f = form();
		f.holdoutFrom = '2026-11-15T06:30';
		f.segments = ' batch_id , phase,';
		f.gates.min_labelled = '50';
		const r = readTrainForm(f);
		expect(r).toMatchObject({
			ok: true,
			settings: {
				holdoutFrom: '2026-11-15T06:30:00.000Z',
				segments: ['batch_id', 'phase'],
				config: { min_labelled: 50 }
			}
		});
	});

	it('names every bad field', () => {
		const f = form();
		f.from = '2026-12-01';
		f.holdoutFrom = 'next week';
		f.version = '../x';
		f.gates.min_coverage = '1.5';
		f.gates.min_segment_rows = 'many';
		const r = readTrainForm(f, ['1.0.0']);
		expect(r.ok).toBe(false);
		const problems = r.ok ? [] : r.problems;
		expect(problems).toEqual(
			expect.arrayContaining([
				expect.stringMatching(/From \(2026-12-01\) is after To/),
				expect.stringMatching(/Holdout start must be a date/),
				expect.stringMatching(/Version '\.\.\/x' must be/),
				expect.stringMatching(/Gate min_segment_rows must be a number/),
				expect.stringMatching(/Gate min_coverage: /)
			])
		);
		const taken = readTrainForm({ ...form(), version: '1.0.0' }, ['1.0.0']);
		expect(taken).toEqual({
			ok: false,
			problems: ['Version 1.0.0 is already registered: choose another.']
		});
		const outside = readTrainForm({ ...form(), holdoutFrom: '2027-01-01' });
		expect(outside.ok ? [] : outside.problems).toEqual([
			'Holdout start must fall inside the range, after its first day.'
		]);
	});
});

describe('trainProgress', () => {
	it('moves through the stages and the boosting rounds', () => {
		expect(trainProgress({ stage: 'splitting', step: 0 })).toEqual({ value: 0, text: 'Splitting' });
		expect(trainProgress({ stage: 'training', step: 1, round: 250, maxRounds: 500 })).toEqual({
			value: 0.3,
			text: 'Training: round 250 of at most 500'
		});
		expect(trainProgress({ stage: 'evaluating the gates', step: 4 }).value).toBe(0.8);
	});
});
