import { describe, expect, it } from 'vitest';
import { correlationDriftSchema, qualitySuiteSchema } from '../../contracts/report-blocks';
import { categoricalColumn, type ColumnData } from '../types';
import { checksReferenceSchema, fitChecksReference, runChecks } from './checks-reference';
import { domainClassifierResultSchema } from './domain-classifier-schema';
import { seededRandom } from './random';
import { sampleColumns, sampleReference } from './reference-sample';

function side(n: number, seed: number, rho: number, missing = 0): ColumnData[] {
	const rng = seededRandom(seed);
	const a = Float64Array.from({ length: n }, () => rng.normal());
	const b = a.map((v) =>
		rng.uniform() < missing ? NaN : rho * v + Math.sqrt(1 - rho * rho) * rng.normal()
	);
	return [
		{ name: 'a', type: 'numerical', values: a },
		{ name: 'b', type: 'numerical', values: b },
		categoricalColumn(
			'k',
			Array.from({ length: n }, (_, i) => ['x', 'y', 'z'][i % 3])
		)
	];
}

describe('checks reference', () => {
	const window = { index: 0, start: 0, end: 400 };

	it('gives the same blocks from its stored JSON as from the fitted object (one reading on every host)', () => {
		const ref = fitChecksReference(side(3000, 1, 0.8));
		const stored = checksReferenceSchema.parse(JSON.parse(JSON.stringify(ref)));
		const cur = side(400, 2, -0.5, 0.2);
		const direct = runChecks(ref, cur, window);
		expect(runChecks(stored, cur, window)).toEqual(direct);
		correlationDriftSchema.parse(direct.correlation);
		qualitySuiteSchema.parse(direct.quality_suite);
		domainClassifierResultSchema.parse(direct.domain_classifier);
		expect(direct.correlation?.drifted).toBe(true);
		expect(
			direct.quality_suite?.checks.find((c) => c.check === 'missing_share' && c.column === 'b')
				?.status
		).toBe('fail');
		const dc = direct.domain_classifier?.windows[0].result;
		expect(dc?.status === 'ok' && dc.drifted).toBe(true);
	});

	it('runs only the checks asked for and ignores columns the reference does not know', () => {
		const ref = fitChecksReference(side(500, 1, 0.8));
		const cur = [...side(300, 2, 0.8), categoricalColumn('extra', Array(300).fill('q'))];
		const r = runChecks(ref, cur, window, { quality: true });
		expect(Object.keys(r)).toEqual(['quality_suite']);
		expect(r.quality_suite?.checks.some((c) => c.column === 'extra')).toBe(false);
	});

	it('samples at most 1,000 rows uniformly, in their original order, and restores them exactly', () => {
		const cols = side(5000, 3, 0.5, 0.1);
		const s = sampleReference(cols);
		expect(s).toMatchObject({ rows: 1000, of: 5000 });
		const back = sampleColumns(s);
		const a = back[0].type === 'numerical' ? back[0].values : new Float64Array();
		const src = cols[0].type === 'numerical' ? cols[0].values : new Float64Array();
		const positions = Array.from(a, (v) => src.indexOf(v));
		expect(positions).toEqual([...positions].sort((x, y) => x - y));
		expect(back[1].type === 'numerical' && back[1].values.some(Number.isNaN)).toBe(true);
		expect(back[2]).toMatchObject({ type: 'categorical', categories: ['x', 'y', 'z'] });
	});
});
