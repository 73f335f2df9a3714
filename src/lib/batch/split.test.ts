import { describe, expect, it } from 'vitest';
import { BatchInputError } from './errors';
import { splitBatches } from './split';

const col = (name: string, ...v: number[]) => ({ name, values: Float64Array.from(v) });

describe('splitBatches', () => {
	it('groups rows by batch in order of first appearance and sorts each batch by time', () => {
		const { batches, notes } = splitBatches({
			batchIds: ['a', 'b', 'a', 'a'],
			time: Float64Array.of(2, 0, 1, 3),
			columns: [col('T', 20, 30, 21, 22)]
		});
		expect(batches.map((b) => b.id)).toEqual(['a', 'b']);
		expect(Array.from(batches[0].time)).toEqual([1, 2, 3]);
		expect(Array.from(batches[0].values[0])).toEqual([21, 20, 22]);
		expect(notes.sorted).toEqual(['a']);
	});

	it('takes numeric batch ids as their decimal text', () => {
		const { batches } = splitBatches({
			batchIds: [1, 1, 2],
			time: Float64Array.of(0, 1, 0),
			columns: []
		});
		expect(batches.map((b) => b.id)).toEqual(['1', '2']);
	});

	it('names the batch, the time column and both rows of a duplicate time', () => {
		const run = () =>
			splitBatches({
				batchIds: ['7', '7', '7'],
				time: Float64Array.of(0, 0.2, 0.2),
				columns: [col('T', 1, 2, 3)],
				timeColumn: 'Time (h)',
				rowOffset: 2
			});
		expect(run).toThrow(BatchInputError);
		expect(run).toThrow("batch 7: rows 3 and 4 have the same time 0.2 in column 'Time (h)'");
	});

	it('names the row without a batch id and the row without a time', () => {
		expect(() =>
			splitBatches({
				batchIds: ['a', ''],
				time: Float64Array.of(0, 1),
				columns: [],
				batchColumn: 'batch_id'
			})
		).toThrow("row 1 has no batch id in column 'batch_id'");
		expect(() =>
			splitBatches({
				batchIds: ['a', 'a'],
				time: Float64Array.of(0, NaN),
				columns: [],
				timeColumn: 't'
			})
		).toThrow("batch a: row 1 has no valid time in column 't'");
	});
});
