import { describe, expect, it } from 'vitest';
import { chunks, storedRecordsCsv } from './records';

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
