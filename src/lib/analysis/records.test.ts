import { describe, expect, it } from 'vitest';
import { predictionRecordSchema } from '../contracts/prediction';
import { chunks, predictionRecords, storedRecordsCsv } from './records';

describe('storedRecordsCsv', () => {
	it('orders by the given feature, quotes text and leaves missing values empty', () => {
		const ndjson = [
			JSON.stringify({ id: 'b', features: { t: 2, site: 'a,"b"' }, prediction: 5 }),
			JSON.stringify({ id: 'a', features: { t: 1, site: null }, prediction: [4] }),
			''
		].join('\n');
		expect(storedRecordsCsv(ndjson, ['t', 'site'], 't')).toBe(
			't,site,stored_prediction\n1,,4\n2,"a,""b""",5\n'
		);
	});
	it('stores the monitored score of a classifier, P(class 1)', () => {
		const ndjson = JSON.stringify({ id: 'a', features: { t: 1 }, prediction: [0.3, 0.7] });
		expect(storedRecordsCsv(ndjson, ['t'], undefined, 'binary')).toBe(
			't,stored_prediction\n1,0.7\n'
		);
	});
	it('names the line that is not JSON', () => {
		expect(() => storedRecordsCsv('{"id":1}\nnope', ['t'])).toThrow(/Line 2/);
	});
	it('refuses an empty object', () => {
		expect(() => storedRecordsCsv('\n', ['t'])).toThrow(/no records/);
	});
});

describe('chunks', () => {
	it('splits into batches of at most the size', () => {
		expect(chunks([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]]);
	});
});

describe('predictionRecords', () => {
	const card = {
		name: 'm',
		version: '1.0.0',
		features: [{ name: 'Time (h)' }, { name: 'site' }]
	} as unknown as Parameters<typeof predictionRecords>[0];
	const input = { 'Time (h)': Float64Array.from([12.2, 24, NaN]), site: ['a', null, 'c'] };

	it('keeps each row its own context and leaves it out when there is none', () => {
		const records = predictionRecords(card, input, [1, 2, 3], {
			device: 'd',
			now: new Date('2026-11-22T00:00:00Z'),
			context: [{ batch_id: 3 }, undefined, {}]
		});
		expect(records.map((r) => r.context)).toEqual([{ batch_id: 3 }, undefined, undefined]);
		expect(records.map((r) => 'context' in r)).toEqual([true, false, false]);
		expect(records[0].features).toEqual({ 'Time (h)': 12.2, site: 'a' });
		expect(records[2].features).toEqual({ 'Time (h)': null, site: 'c' });
		for (const r of records) expect(predictionRecordSchema.safeParse(r).success).toBe(true);
	});

	it('keeps a staged challenger’s shadow score beside the served prediction', () => {
		const records = predictionRecords(card, input, [1, 2, 3], {
			device: 'd',
			shadow: { version: '1.1.0', predicted: [1.5, NaN, 2.5] }
		});
		expect(records.map((r) => r.shadow)).toEqual([
			{ model_version: '1.1.0', prediction: 1.5 },
			undefined,
			{ model_version: '1.1.0', prediction: 2.5 }
		]);
		expect(records.map((r) => r.model_version)).toEqual(['1.0.0', '1.0.0', '1.0.0']);
		for (const r of records) expect(predictionRecordSchema.safeParse(r).success).toBe(true);
	});
});
