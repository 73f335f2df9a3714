import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { parseUploadFile } from './parse-upload';

// A stand-in for the record contract: the parser must apply whatever schema it is given.
const record = z.object({ id: z.string().length(3), model: z.string() }).strict();

describe('parseUploadFile', () => {
	it('reads a JSON array of records', () => {
		const parsed = parseUploadFile(
			'b.json',
			'[{"id":"abc","model":"m"},{"id":"abd","model":"m"}]',
			record
		);
		expect(parsed).toMatchObject({
			kind: 'predictions',
			summary: '2 predictions of m',
			model: 'm'
		});
	});
	it('reads NDJSON and { records }', () => {
		expect(
			parseUploadFile('b.ndjson', '{"id":"abc","model":"m"}\n{"id":"abd","model":"n"}\n', record)
				.model
		).toBeUndefined();
		expect(
			parseUploadFile('b.json', '{"records":[{"id":"abc","model":"m"}]}', record).body
		).toHaveLength(1);
	});
	it('recognises a report', () => {
		const parsed = parseUploadFile(
			'r.json',
			'{"schema":"vigil.report/1","model":{"name":"m","version":"1"}}',
			record
		);
		expect(parsed).toMatchObject({ kind: 'report', model: 'm' });
	});
	it('names the record and field that are wrong', () => {
		expect(() =>
			parseUploadFile('b.json', '[{"id":"abc","model":"m"},{"id":"x","model":"m"}]', record)
		).toThrow(/record 2 field "id"/);
		expect(() => parseUploadFile('b.ndjson', '{"id":"abc","model":"m"}\n{oops\n', record)).toThrow(
			/line 2/
		);
		expect(() => parseUploadFile('b.csv', 'a,b\n1,2', record)).toThrow(/neither JSON nor NDJSON/);
		expect(() => parseUploadFile('b.json', '[]', record)).toThrow(/no records/);
		expect(() => parseUploadFile('b.json', '', record)).toThrow(/empty/);
	});
});
