import { beforeAll, describe, expect, it } from 'vitest';
import type { ModelCard } from '../contracts/model-card';
import { ModelInputError } from './errors';
import { tinyModel } from './testing/tiny-model';
import { prepareInput } from './validate-input';

let card: ModelCard;
beforeAll(async () => {
	card = (await tinyModel()).card;
});

function issuesOf(fn: () => unknown): ModelInputError {
	try {
		fn();
	} catch (err) {
		expect(err).toBeInstanceOf(ModelInputError);
		return err as ModelInputError;
	}
	throw new Error('expected a ModelInputError');
}

describe('prepareInput', () => {
	it('packs columns row-major in the card order, imputing and allowing missing values per policy', () => {
		const res = prepareInput(card, {
			x2: [0.5, null],
			x0: Float64Array.of(1, 2),
			x1: [Number.NaN, 3],
			extra: ['ignored']
		});
		expect(res.rows).toBe(2);
		expect([...res.data]).toEqual([1, 2, 0.5, 2, 3, Number.NaN]);
	});

	it('accepts int64 columns (BigInt64Array, as Arrow/DuckDB return them)', () => {
		const res = prepareInput(card, { x0: BigInt64Array.of(1n, 5n), x1: [1, 2n], x2: [0, 0] });
		expect([...res.data]).toEqual([1, 1, 0, 5, 2, 0]);
	});

	it('names the model and the missing feature', () => {
		const err = issuesOf(() => prepareInput(card, { x0: [1], x2: [1] }));
		expect(err.model).toBe('tiny@1');
		expect(err.issues).toEqual([{ feature: 'x1', message: 'missing feature' }]);
		expect(err.message).toContain('tiny@1');
		expect(err.message).toContain('x1');
	});

	it('reports a string in a numerical feature with its row', () => {
		const err = issuesOf(() => prepareInput(card, { x0: [1, 'abc'], x1: [1, 1], x2: [1, 1] }));
		expect(err.issues[0]).toMatchObject({ feature: 'x0', row: 1 });
		expect(err.issues[0].message).toContain("the string 'abc'");
	});

	it('rejects NaN where the card says reject, and values out of range', () => {
		const err = issuesOf(() =>
			prepareInput(card, { x0: Float32Array.of(Number.NaN, 7), x1: [1, 1], x2: [1, 1] })
		);
		expect(err.issues).toHaveLength(2);
		expect(err.issues[0]).toMatchObject({
			feature: 'x0',
			row: 0,
			message: expect.stringContaining('missing')
		});
		expect(err.issues[1]).toMatchObject({
			feature: 'x0',
			row: 1,
			message: expect.stringContaining('[0, 6]')
		});
	});

	it('rejects columns of different lengths and infinite values', () => {
		expect(
			issuesOf(() => prepareInput(card, { x0: [1, 2], x1: [1], x2: [1, 2] })).issues[0]
		).toMatchObject({
			feature: 'x1',
			message: 'has 1 rows, expected 2'
		});
		expect(
			issuesOf(() => prepareInput(card, { x0: [1], x1: [Infinity], x2: [1] })).issues[0].feature
		).toBe('x1');
	});

	it('codes categories, rejects unknown ones, imputes a missing category', () => {
		const catCard: ModelCard = {
			...card,
			features: [
				{
					name: 'color',
					dtype: 'string',
					categories: ['red', 'green'],
					missing: 'impute',
					impute_value: 'green'
				},
				...card.features.slice(1)
			]
		};
		const ok = prepareInput(catCard, {
			color: ['green', null, 'red'],
			x1: [1, 1, 1],
			x2: [1, 1, 1]
		});
		expect([ok.data[0], ok.data[3], ok.data[6]]).toEqual([1, 1, 0]);
		const err = issuesOf(() =>
			prepareInput(catCard, { color: ['blue', 3], x1: [1, 1], x2: [1, 1] })
		);
		expect(err.issues.map((i) => i.message)).toEqual([
			"unknown category 'blue'",
			'expected a category (string), got number'
		]);
	});

	it('caps the listed issues but counts them all', () => {
		const n = 500;
		const err = issuesOf(() =>
			prepareInput(card, {
				x0: new Array(n).fill('x'),
				x1: new Array(n).fill(1),
				x2: new Array(n).fill(1)
			})
		);
		expect(err.issues.length).toBe(50);
		expect(err.total).toBe(n);
		expect(err.message).toContain('and 497 more');
	});
});
