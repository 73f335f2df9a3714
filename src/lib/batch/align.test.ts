import { describe, expect, it } from 'vitest';
import { alignBatches, gridFor, medianStep, resample } from './align';

describe('resample', () => {
	const grid = { start: 0, step: 0.5, length: 7 };
	it('interpolates linearly between finite values, never beyond the first and last', () => {
		const out = resample(Float64Array.of(0.5, 1, 2), Float64Array.of(1, NaN, 3), grid, 5);
		// hand computation: 1 at 0.5, 3 at 2, linear in between; nothing before 0.5 or after 2
		expect(Array.from(out)).toEqual([NaN, 1, 1 + 2 / 3, 1 + 4 / 3, 3, NaN, NaN]);
	});
	it('leaves gaps wider than maxGap empty (missing rows)', () => {
		const out = resample(Float64Array.of(0, 0.5, 2.5, 3), Float64Array.of(1, 1, 2, 2), grid, 1);
		expect(Array.from(out)).toEqual([1, 1, NaN, NaN, NaN, 2, 2]);
	});
});

describe('grid', () => {
	it('keeps the median sampling step and spans every batch', () => {
		const a = {
			id: 'a',
			time: Float64Array.of(0.2, 0.4, 0.6),
			values: [],
			rows: new Int32Array(3)
		};
		const b = {
			id: 'b',
			time: Float64Array.of(0.2, 0.4, 0.6, 0.8, 1.0),
			values: [],
			rows: new Int32Array(5)
		};
		expect(medianStep([a, b])).toBe(0.2);
		expect(gridFor([a, b])).toEqual({ start: 0.2, step: 0.2, length: 5 });
		const aligned = alignBatches(
			[
				{ ...a, values: [Float64Array.of(1, 2, 3)] },
				{ ...b, values: [Float64Array.of(1, 2, 3, 4, 5)] }
			],
			gridFor([a, b])
		);
		expect(Array.from(aligned.values[0][0])).toEqual([1, 2, 3, NaN, NaN]);
		expect(Array.from(aligned.values[1][0])).toEqual([1, 2, 3, 4, 5]);
	});
});
