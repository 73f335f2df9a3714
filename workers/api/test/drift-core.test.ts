import { describe, expect, it } from 'vitest';
// The oracle fixture, bundled into the test: workerd has no file system.
import oracleJson from '../../../tests/fixtures/drift/drift-oracle.json';
import type { Oracle } from '../../../src/lib/drift/testing/oracle';
import { oracleChecks } from '../../../src/lib/drift/testing/oracle-checks';
import {
	buildProfile,
	buildReport,
	deserializeProfile,
	numericalColumn,
	renderReportHtml,
	serializeProfile
} from '../../../src/lib/drift/index';

const oracle = oracleJson as unknown as Oracle;

// A representative subset: tiny exact cases, the KS fallback, ties, heavy tails, unequal sizes,
// degenerate data and every categorical kind, so each statistic and branch runs inside workerd.
const SUBSET = [
	'tiny_3v5',
	'tiny_5v5_ties',
	'tiny_7v10',
	'null_normal_1000v700',
	'shift_normal_0.5',
	'cauchy_vs_normal',
	'poisson_3_vs_3.3',
	'constant_both_equal',
	'unequal_2000v50',
	'unequal_1024v512_pow2',
	'cat_shift',
	'cat_new_category',
	'cat_single_same',
	'binary_extreme'
];

describe('drift core inside workerd (drift_oracle.json subset)', () => {
	for (const id of SUBSET) {
		const c = oracle.cases.find((x) => x.id === id);
		it(`drift_oracle.json cases[${id}]`, () => {
			expect(c, `case ${id} is missing from drift_oracle.json`).toBeDefined();
			const failed = oracleChecks(c!).filter((k) => !k.ok);
			expect(
				failed.map(
					(f) =>
						`${f.path}: expected ${JSON.stringify(f.expected)}, got ${JSON.stringify(f.actual)}`
				)
			).toEqual([]);
		});
	}

	it('builds, serializes and reports against a profile', () => {
		const ref = Float64Array.from({ length: 3000 }, (_, i) => Math.sin(i) * 3);
		const cur = Float64Array.from({ length: 2000 }, (_, i) => Math.sin(i * 1.3) * 3 + 1);
		const profile = deserializeProfile(
			serializeProfile(
				buildProfile([numericalColumn('x', ref)], { name: 'ref', sha256: 'd'.repeat(64) })
			)
		);
		const report = buildReport({
			reference: profile,
			current: [numericalColumn('x', cur)],
			currentName: 'cur'
		});
		expect(report.schema).toBe('vigil.report/1');
		expect(report.columns[0]).toMatchObject({ name: 'x', method: 'wasserstein', drifted: true });
		expect(renderReportHtml(report)).toContain('<svg');
	});
});
