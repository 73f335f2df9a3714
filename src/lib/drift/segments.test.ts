import { describe, expect, it } from 'vitest';
import { seededRandom } from './advanced/random';
import { buildProfile } from './profile';
import { segmentReports } from './segments';
import { categoricalColumn, numericalColumn, type ColumnData } from './types';

function rows(n: number, seed: number, shiftFor?: (i: number) => number) {
	const rng = seededRandom(seed);
	const a = Float64Array.from({ length: n }, (_, i) => rng.normal() + (shiftFor?.(i) ?? 0));
	const b = Float64Array.from({ length: n }, () => rng.normal());
	const y = Float64Array.from({ length: n }, (_, i) => a[i] + 0.1 * rng.normal());
	const pred = Float64Array.from(a);
	return { a, b, y, pred };
}

const profileOf = (cols: ColumnData[]) =>
	buildProfile(cols, { name: 'ref', sha256: '0'.repeat(64) });

describe('segmentReports', () => {
	const ref = rows(3000, 1);
	const reference = profileOf([
		{ name: 'a', type: 'numerical', values: ref.a },
		{ name: 'b', type: 'numerical', values: ref.b },
		{ name: 'y', type: 'numerical', values: ref.y },
		{ name: 'pred', type: 'numerical', values: ref.pred }
	]);
	// 20 devices of 100 rows each; device d07 has column a shifted by 1σ.
	const device = (i: number) => `d${String(Math.floor(i / 100)).padStart(2, '0')}`;
	const cur = rows(2000, 2, (i) => (device(i) === 'd07' ? 1 : 0));
	const current: ColumnData[] = [
		{ name: 'a', type: 'numerical', values: cur.a },
		{ name: 'b', type: 'numerical', values: cur.b },
		{ name: 'y', type: 'numerical', values: cur.y },
		{ name: 'pred', type: 'numerical', values: cur.pred }
	];
	const segment = categoricalColumn(
		'device',
		Array.from({ length: 2000 }, (_, i) => device(i))
	);

	it('ranks the one drifting device first, naming the column, with its own performance', () => {
		const r = segmentReports(
			{ reference, current, currentName: 'w', target: 'y', prediction: 'pred' },
			segment
		);
		expect(r.segments_total).toBe(20);
		expect(r.segments).toHaveLength(20);
		expect(r.segments[0]).toMatchObject({ value: 'd07', rank: 1 });
		expect(r.segments[0].top_columns[0]).toBe('a');
		// With 3,000 reference rows the default is normed Wasserstein at 0.1, which 100-row samples of
		// the reference's own distribution often reach (≈ 0.08–0.15): the score, not the count, ranks.
		expect(r.segments[0].score).toBeGreaterThan(1.5 * r.segments[1].score);
		expect(r.segments[0].performance?.task).toBe('regression');
		expect(r.message).toBeUndefined();
	});

	it('caps a column with thousands of values and says what was left out', () => {
		const ids = Array.from({ length: 2000 }, (_, i) => (i < 300 ? 'big' : `id${i % 1500}`));
		const r = segmentReports(
			{ reference, current, currentName: 'w' },
			categoricalColumn('id', ids),
			{ maxSegments: 5, minRows: 2 }
		);
		expect(r.segments_total).toBe(1501);
		expect(r.segments).toHaveLength(5);
		expect(r.segments.map((s) => s.value)).toContain('big');
		// Values id300 … id499 hold 2 rows each (200 segments); 5 kept, 195 omitted; 1300 singletons.
		expect(r.omitted).toEqual({ segments: 196, rows: 392 + 300 - 300 });
		expect(r.too_small).toEqual({ segments: 1300, rows: 1300 });
		expect(r.message).toContain(
			'column "id" has 1501 values; the 5 largest segments of at least 2 rows are reported'
		);
	});

	it('makes missing segment values a segment of their own and refuses a column of another length', () => {
		const seg = numericalColumn(
			'site',
			Array.from({ length: 2000 }, (_, i) => (i < 1000 ? 3 : null))
		);
		const r = segmentReports({ reference, current, currentName: 'w' }, seg);
		expect(r.segments.map((s) => s.value).sort()).toEqual(['3', null]);
		expect(() =>
			segmentReports({ reference, current, currentName: 'w' }, numericalColumn('site', [1, 2]))
		).toThrow(/segment column "site" has 2 rows, the current window 2000/);
	});
});
