import { describe, expect, it } from 'vitest';
import { PENICILLIN } from '$lib/analysis/catalog';
import { labelBatchSchema } from '$lib/contracts/label';
import type { ColumnData } from '$lib/drift/types';
import {
	checkLabel,
	defaultRange,
	guessColumns,
	indexRecords,
	keyText,
	labelBatches,
	matchLabels,
	observedAtText,
	problemLines,
	readModelRecords,
	rowKey,
	uploadAdvice,
	uploadIdOf,
	type LabelCard,
	type RecordSource
} from './labels-file';

const regression: LabelCard = {
	name: 'penicillin-soft-sensor',
	task: 'regression',
	target: { name: 'P', unit: 'g/L' },
	features: [{ name: PENICILLIN.time }, { name: 'T' }]
} as LabelCard;
const binary: LabelCard = {
	name: 'adult-income',
	task: 'binary',
	target: { name: 'income', classes: ['<=50K', '>50K'] },
	features: [{ name: 'age' }]
} as LabelCard;
const multiclass: LabelCard = {
	name: 'iris',
	task: 'multiclass',
	target: { name: 'species', classes: ['setosa', 'versicolor', 'virginica'] },
	features: []
} as LabelCard;

function num(name: string, values: number[]): ColumnData {
	return { name, type: 'numerical', values: Float64Array.from(values) };
}
function text(name: string, values: (string | null)[]): ColumnData {
	const categories = [...new Set(values.filter((v): v is string => v !== null))];
	return {
		name,
		type: 'categorical',
		categories,
		codes: Int32Array.from(values, (v) => (v === null ? -1 : categories.indexOf(v)))
	};
}

// ULIDs of stored predictions (Crockford base 32, 26 characters).
const ID = (n: number) => `01JD8Z6Y3V0Q4W1T9K2M5N7P${String(n).padStart(2, '0')}`;

/** Batch 3 predicted at 0, 12.2 and 24 h (batch id in context), batch 4 at 12.2 h twice. */
const records = [
	{ id: ID(1), features: { [PENICILLIN.time]: 0, T: 298 }, context: { batch_id: 3 } },
	{ id: ID(2), features: { [PENICILLIN.time]: 12.2, T: 298 }, context: { batch_id: 3 } },
	{ id: ID(3), features: { [PENICILLIN.time]: 24, T: 298 }, context: { batch_id: 3 } },
	{ id: ID(4), features: { [PENICILLIN.time]: 12.2, T: 298 }, context: { batch_id: 4 } },
	{ id: ID(5), features: { [PENICILLIN.time]: 12.2, T: 299 }, context: { batch_id: 4 } },
	// No context: cannot be matched by batch.
	{ id: ID(6), features: { [PENICILLIN.time]: 12.2, T: 298 } }
];

describe('keyText and rowKey', () => {
	it('compares numbers by value whether they come as numbers or text', () => {
		expect(keyText(12.2)).toBe(keyText('12.2'));
		expect(keyText('12.20')).toBe(keyText(12.2));
		expect(keyText(' 3 ')).toBe(keyText(3));
		expect(keyText('1e1')).toBe(keyText(10));
		expect(keyText(12.2)).not.toBe(keyText(12.25));
		expect(rowKey([3, '12.2'])).toBe(rowKey(['3', 12.2]));
	});
	it('keeps text apart from numbers and treats empty as missing', () => {
		expect(keyText('B-3')).toBe('s:B-3');
		expect(keyText('B-3')).not.toBe(keyText('b-3'));
		expect(keyText('')).toBeNull();
		expect(keyText(null)).toBeNull();
		expect(keyText(NaN)).toBeNull();
		expect(rowKey([3, null])).toBeNull();
	});
});

describe('indexRecords', () => {
	it('reads keys from context first, then features, and leaves out records without a key', () => {
		const index = indexRecords(records, ['batch_id', PENICILLIN.time]);
		expect(index.get(rowKey([3, 12.2])!)).toEqual([ID(2)]);
		expect(index.get(rowKey(['4', '12.2'])!)).toEqual([ID(4), ID(5)]);
		expect([...index.values()].flat()).not.toContain(ID(6));
	});
});

describe('checkLabel', () => {
	it('wants a finite number for regression, from a number or a numeric text', () => {
		expect(checkLabel(regression, 12.5)).toEqual({ value: 12.5 });
		expect(checkLabel(regression, ' 12.5 ')).toEqual({ value: 12.5 });
		expect(checkLabel(regression, 'high')).toEqual({
			error: 'is not a finite number (the model is a regression)'
		});
	});
	it('wants a class name or 0/1 for a binary classifier', () => {
		expect(checkLabel(binary, '>50K')).toEqual({ value: '>50K' });
		expect(checkLabel(binary, 1)).toEqual({ value: 1 });
		expect(checkLabel(binary, '0')).toEqual({ value: 0 });
		expect(checkLabel(binary, 2)).toEqual({
			error: 'is not one of the classes "<=50K", ">50K" or 0/1'
		});
		expect(checkLabel(binary, 'maybe')).toHaveProperty('error');
		expect(checkLabel(binary, 0.5)).toHaveProperty('error');
	});
	it('wants a class name or an index in range for a multiclass model', () => {
		expect(checkLabel(multiclass, 'virginica')).toEqual({ value: 'virginica' });
		expect(checkLabel(multiclass, 2)).toEqual({ value: 2 });
		expect(checkLabel(multiclass, 3)).toEqual({
			error: 'is not one of the classes "setosa", "versicolor", "virginica" or a class index 0–2'
		});
	});
});

describe('observedAtText', () => {
	it('reads epoch milliseconds of a datetime column and ISO texts (UTC when no zone)', () => {
		expect(observedAtText(Date.parse('2026-11-22T06:00:00Z'))).toBe('2026-11-22T06:00:00.000Z');
		expect(observedAtText('2026-11-22 06:00:00')).toBe('2026-11-22T06:00:00.000Z');
		expect(observedAtText('2026-11-22T06:00:00+01:00')).toBe('2026-11-22T05:00:00.000Z');
		expect(observedAtText('2026-11-22')).toBe('2026-11-22T00:00:00.000Z');
		expect(observedAtText('yesterday')).toBeUndefined();
		expect(observedAtText(12.2, false)).toBeUndefined();
	});
});

describe('guessColumns', () => {
	it('takes the penicillin lab column and batch + time for the demo file', () => {
		expect(
			guessColumns(regression, [PENICILLIN.time, 'T', 'P', PENICILLIN.offline, PENICILLIN.batch])
		).toEqual({ label: PENICILLIN.offline, keys: [PENICILLIN.batch, PENICILLIN.time] });
	});
	it('takes the target, an id column and an observed_at column when present', () => {
		expect(guessColumns(binary, ['ID', 'income', 'Observed_At'])).toEqual({
			label: 'income',
			observedAt: 'Observed_At',
			id: 'ID',
			keys: []
		});
	});
	it('falls back to a label column and the card features as keys', () => {
		expect(guessColumns(binary, ['age', 'label', 'note'])).toEqual({
			label: 'label',
			keys: ['age']
		});
	});
});

describe('matchLabels', () => {
	const now = new Date('2026-11-22T12:00:00Z');
	const keys = { label: 'lab', keys: ['batch_id', PENICILLIN.time] };

	it('matches each row to the one prediction with its keys and skips rows without a label', () => {
		const table = {
			rows: 6,
			columns: [
				num('lab', [NaN, 1.5, 2.5, NaN, 3.5, 4.5]),
				// The file's batch ids are text ("3"), the records' numbers (3): equal after parsing.
				text('batch_id', ['3', '3', '3', '3', '4', '9']),
				num(PENICILLIN.time, [0, 12.2, 24, 36, 12.2, 12.2])
			]
		};
		const preview = matchLabels(regression, table, keys, records, { now });
		expect(preview.labels).toEqual([
			{ id: ID(2), label: 1.5, observed_at: now.toISOString(), model: 'penicillin-soft-sensor' },
			{ id: ID(3), label: 2.5, observed_at: now.toISOString(), model: 'penicillin-soft-sensor' }
		]);
		expect(preview).toMatchObject({
			rows: 6,
			matched: 2,
			skipped: 2,
			unmatched: 1,
			ambiguous: 1,
			invalid: 0,
			duplicates: 0
		});
		expect(preview.examples.ambiguous).toEqual([
			{ row: 5, text: `batch_id = "4", ${PENICILLIN.time} = 12.2 matches 2 predictions` }
		]);
		expect(preview.examples.unmatched).toEqual([
			{ row: 6, text: `batch_id = "9", ${PENICILLIN.time} = 12.2` }
		]);
		// What is uploaded is a valid label batch for the Worker.
		expect(labelBatchSchema.safeParse(preview.labels).success).toBe(true);
		const lines = problemLines(preview);
		expect(lines).toHaveLength(2);
		expect(lines[0]).toMatch(/^1 row matches no stored prediction \(not uploaded\): row 6/);
		expect(lines[1]).toMatch(/more than one prediction \(ambiguous, not uploaded/);
	});

	it('reports labels of the wrong type with row and value and gives nothing to upload', () => {
		const table = {
			rows: 3,
			columns: [
				text('lab', ['1.5', 'high', 'n/a']),
				num('batch_id', [3, 3, 3]),
				num(PENICILLIN.time, [0, 12.2, 24])
			]
		};
		const preview = matchLabels(regression, table, keys, records, { now });
		expect(preview.invalid).toBe(2);
		expect(preview.examples.invalid).toEqual([
			{ row: 2, text: 'label "high" is not a finite number (the model is a regression)' },
			{ row: 3, text: 'label "n/a" is not a finite number (the model is a regression)' }
		]);
		expect(problemLines(preview)[0]).toMatch(
			/^2 rows have a value of the wrong type, so nothing can be uploaded until the file is fixed: row 2 \(label "high"/
		);
	});

	it('uses an id column directly, checks ids and reads observed_at', () => {
		const table = {
			rows: 4,
			columns: [
				text('id', [ID(1).toLowerCase(), 'not-an-id', ID(40), ID(1)]),
				text('income', ['>50K', '<=50K', '1', '<=50K']),
				text('observed_at', ['2026-11-20T00:00:00Z', '2026-11-20', 'soon', '2026-11-21'])
			]
		};
		const preview = matchLabels(
			binary,
			table,
			{ label: 'income', id: 'id', observedAt: 'observed_at', keys: [] },
			[],
			{ now }
		);
		// Row 4 labels the same record as row 1: the later row is the one uploaded.
		expect(preview.labels).toEqual([
			{ id: ID(1), label: '<=50K', observed_at: '2026-11-21T00:00:00.000Z', model: 'adult-income' }
		]);
		expect(preview.duplicates).toBe(1);
		expect(preview.invalid).toBe(2);
		expect(preview.examples.invalid.map((p) => p.row)).toEqual([2, 3]);
		expect(preview.examples.invalid[0].text).toContain('"not-an-id" is not a record id');
		expect(preview.examples.invalid[1].text).toContain('observed_at "soon" is not a date');
	});

	it('names a chosen column the file lacks, and wants ids or keys', () => {
		const table = { rows: 1, columns: [num('lab', [1])] };
		expect(() => matchLabels(regression, table, { label: 'lab', keys: ['batch'] }, [])).toThrow(
			'The file has no column "batch" (chosen as the key column).'
		);
		expect(() => matchLabels(regression, table, { label: 'lab', keys: [] }, [])).toThrow(
			/id column .* or at least one key column/
		);
	});
});

describe('labelBatches', () => {
	const labels = Array.from({ length: 12_001 }, (_, i) => ({
		id: ID(i % 100),
		label: i,
		observed_at: '2026-11-22T00:00:00Z'
	}));
	it('sends at most 5,000 labels per request, each under its own stable key', () => {
		const batches = labelBatches(labels, 'U1');
		expect(batches.map((b) => b.labels.length)).toEqual([5000, 5000, 2001]);
		expect(batches.map((b) => b.key)).toEqual([
			'labels-U1-0-5000',
			'labels-U1-5000-5000',
			'labels-U1-10000-2001'
		]);
		expect(labelBatches(labels, 'U1', { size: 99_999 })[0].labels).toHaveLength(5000);
		expect(labelBatches(labels, 'U1').map((b) => b.key)).toEqual(batches.map((b) => b.key));
	});
	it('resumes after the stored batches with a smaller size under new keys', () => {
		const rest = labelBatches(labels, 'U1', { size: 4000, start: 5000 });
		expect(rest.map((b) => [b.start, b.labels.length])).toEqual([
			[5000, 4000],
			[9000, 3001]
		]);
		expect(rest[0].key).toBe('labels-U1-5000-4000');
		expect(rest[0].labels[0].label).toBe(5000);
	});
});

describe('uploadIdOf', () => {
	it('is the same for the same labels and differs when a label differs', async () => {
		const a = [{ id: ID(1), label: 1.5, observed_at: '2026-11-22T00:00:00Z' }];
		const b = [{ id: ID(1), label: 1.6, observed_at: '2026-11-22T00:00:00Z' }];
		expect(await uploadIdOf(a)).toMatch(/^[0-9a-f]{32}$/);
		expect(await uploadIdOf(structuredClone(a))).toBe(await uploadIdOf(a));
		expect(await uploadIdOf(b)).not.toBe(await uploadIdOf(a));
	});
});

describe('readModelRecords', () => {
	it('follows the listing cursor, reads NDJSON objects and skips damaged lines', async () => {
		const calls: string[] = [];
		const line = (id: string) =>
			JSON.stringify({ id, features: { t: 1 }, context: { batch_id: 3 } });
		const api: RecordSource = {
			async request<T>(path: string) {
				calls.push(path);
				return (
					path.includes('cursor=c1')
						? { objects: [{ key: 'predictions/model=m/date=2026-11-21/device=d/B.ndjson' }] }
						: {
								objects: [
									{ key: 'predictions/model=m/date=2026-11-20/device=d/A.ndjson' },
									{ key: 'predictions/model=m/date=2026-11-20/device=d/C.parquet' }
								],
								cursor: 'c1'
							}
				) as T;
			},
			async requestText(path: string) {
				calls.push(path);
				return path.endsWith('A.ndjson') ? `${line(ID(1))}\nnot json\n` : `${line(ID(2))}\n`;
			}
		};
		const progress: [number, number][] = [];
		const out = await readModelRecords(api, 'm', '2026-11-01', '2026-11-22', {
			onProgress: (d, t) => progress.push([d, t])
		});
		expect(out.records.map((r) => r.id).sort()).toEqual([ID(1), ID(2)]);
		expect(out).toMatchObject({ objects: 2, skipped: 1 });
		expect(calls[0]).toBe('/api/v1/predictions?model=m&from=2026-11-01&to=2026-11-22&limit=1000');
		expect(calls[1]).toContain('cursor=c1');
		expect(progress.at(-1)).toEqual([2, 2]);
	});
});

describe('defaultRange and uploadAdvice', () => {
	it('covers the last 30 days by default', () => {
		expect(defaultRange(new Date('2026-11-22T10:00:00Z'))).toEqual({
			from: '2026-10-23',
			to: '2026-11-22'
		});
	});
	it('says what to do for each refusal', () => {
		expect(uploadAdvice(403, 'x')).toContain('ingest scope');
		expect(uploadAdvice(401, 'x')).toContain('Settings');
		expect(uploadAdvice(413, 'x')).toContain('Labels per request');
		expect(uploadAdvice(422, 'Label 3 …')).toContain('Label 3 …');
		expect(uploadAdvice(503, 'x')).toContain('Retry');
	});
});
