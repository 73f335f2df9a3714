import { describe, expect, it } from 'vitest';
import { buildProfile } from '../../src/lib/drift/index';
import type { ColumnData } from '../../src/lib/drift/types';
import {
	coreType,
	defaultVerdicts,
	injectColumn,
	replayStats,
	sliceColumn,
	toCells,
	toColumnData
} from './streams';

describe('coreType', () => {
	it('types few integer codes as categorical and real values as numerical', () => {
		expect(coreType(Float64Array.from([1, 2, 3, 4, 1, 2]))).toBe('categorical');
		expect(coreType(Float64Array.from({ length: 40 }, (_, i) => i))).toBe('numerical');
		expect(coreType(Float64Array.from([0.5, 1, 1.5]))).toBe('numerical');
	});
});

describe('injectColumn (vigil simulate injector)', () => {
	const cells = Array.from({ length: 200 }, (_, i) => i % 10);
	const stats = replayStats(cells);

	it('takes mean and population σ from the replayed cells', () => {
		expect(stats).toEqual({ type: 'numerical', mean: 4.5, std: Math.sqrt(8.25) });
		expect(replayStats(['a', null, 'b'])).toEqual({ type: 'categorical' });
	});

	it('shifts by amount σ from record `at` on and reports that record', () => {
		const r = injectColumn(cells, 'at=100,column=x,kind=shift,amount=2', stats, 1);
		expect(r.record).toBe(100);
		expect(r.cells.slice(0, 100)).toEqual(cells.slice(0, 100));
		expect(r.cells[150]).toBeCloseTo(cells[150] + 2 * stats.std!, 12);
	});

	it('freezes at the value seen at `at` and drops a share as missing', () => {
		const frozen = injectColumn(cells, 'at=57,column=x,kind=freeze', stats, 1).cells;
		expect(new Set(frozen.slice(57))).toEqual(new Set([cells[57]]));
		const missing = injectColumn(cells, 'at=0,column=x,kind=missing,amount=0.5', stats, 3).cells;
		const share = missing.filter((v) => v === null).length / missing.length;
		expect(share).toBeGreaterThan(0.35);
		expect(share).toBeLessThan(0.65);
	});

	it('adds an unseen category to a share of categorical records only after `at`', () => {
		const cat = toCells(
			Float64Array.from({ length: 400 }, (_, i) => 1 + (i % 4)),
			'categorical'
		);
		const r = injectColumn(
			cat,
			'at=200,column=w,kind=new-category,amount=0.2',
			replayStats(cat),
			2
		);
		expect(r.cells.slice(0, 200).includes('unseen')).toBe(false);
		const share = r.cells.slice(200).filter((v) => v === 'unseen').length / 200;
		expect(share).toBeGreaterThan(0.1);
		expect(share).toBeLessThan(0.3);
	});

	it('refuses a kind the column type cannot take, as the command does', () => {
		expect(() => injectColumn(cells, 'at=0,column=x,kind=new-category', stats, 1)).toThrow(
			/needs a categorical column/
		);
	});
});

describe('toColumnData and defaultVerdicts (drift core report)', () => {
	const n = 2000;
	const x = Float64Array.from({ length: n }, (_, i) => Math.sin(i * 12.9898) * 0.5 + (i % 7));
	const w = Float64Array.from({ length: n }, (_, i) => 1 + ((i * 7) % 3));
	const reference: ColumnData[] = [
		toColumnData('x', 'numerical', toCells(x, 'numerical')),
		toColumnData('w', 'categorical', toCells(w, 'categorical'))
	];
	const profile = buildProfile(reference, { name: 't', sha256: 'ab'.repeat(32) });

	it('codes categories in order of appearance with -1 for missing', () => {
		const c = toColumnData('w', 'categorical', ['2', 'unseen', null, '2']);
		expect(c).toEqual({
			name: 'w',
			type: 'categorical',
			codes: Int32Array.from([0, 1, -1, 0]),
			categories: ['2', 'unseen']
		});
		expect(sliceColumn(c, 1, 3)).toMatchObject({ codes: Int32Array.from([1, -1]) });
	});

	it('finds no drift on a window of the reference and flags a new category on the column', () => {
		const same = reference.map((c) => sliceColumn(c, 0, 500));
		expect(defaultVerdicts(profile, same, 'x')).toMatchObject({ column: false, dataset: false });
		const cells = toCells(w.subarray(0, 500), 'categorical');
		const drifted = injectColumn(
			cells,
			'at=0,column=w,kind=new-category,amount=0.5',
			replayStats(cells),
			1
		).cells;
		const window = [sliceColumn(reference[0], 0, 500), toColumnData('w', 'categorical', drifted)];
		const v = defaultVerdicts(profile, window, 'w');
		// Reference of 2,000 rows, 3 categories: Evidently's default is Jensen–Shannon.
		expect(v).toEqual({ column: true, dataset: true, method: 'jensenshannon' });
		expect(defaultVerdicts(profile, window, 'x').column).toBe(false);
	});

	it('names a watched column the report does not have', () => {
		expect(() => defaultVerdicts(profile, reference, 'nope')).toThrow(/"nope"/);
	});
});
