// The oracle is a test fixture in the repository; only this test reads it, the core does no I/O.
// eslint-disable-next-line no-restricted-imports
import { existsSync, readFileSync } from 'node:fs';
// eslint-disable-next-line no-restricted-imports
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Oracle } from './testing/oracle';
import { oracleChecks } from './testing/oracle-checks';
import { manifestMismatches, type OracleManifest } from './testing/oracle-manifest';

// Expected values: tests/fixtures/drift/drift-oracle.json, computed with numpy 1.24.2 / scipy 1.10.1 by
// scripts/oracle/drift_oracle.py from the case list scripts/oracle/cases.json (docs/statistics.md
// §11 says what each value is).
const ORACLE_PATH = join(process.cwd(), 'tests/fixtures/drift/drift-oracle.json');
const MANIFEST_PATH = join(process.cwd(), 'scripts/oracle/cases.json');

function readJson<T>(path: string): T {
	if (!existsSync(path))
		throw new Error(
			`${path} not found: regenerate the oracle with /usr/bin/python3 scripts/oracle/drift_oracle.py`
		);
	return JSON.parse(readFileSync(path, 'utf8')) as T;
}

const oracle = readJson<Oracle>(ORACLE_PATH);
const manifest = readJson<OracleManifest>(MANIFEST_PATH);

describe('drift oracle against its case list (scripts/oracle/cases.json)', () => {
	it('holds exactly the listed cases, in order, with the listed sizes and the required versions', () => {
		expect(manifestMismatches(oracle, manifest)).toEqual([]);
	});

	it('keeps the 63 fixture cases and adds the seeded edge cases', () => {
		const sources = manifest.cases.map((c) => c.source);
		expect(sources.filter((s) => s === 'fixture').length).toBe(63);
		expect(sources.filter((s) => s === 'seeded').length).toBeGreaterThanOrEqual(21);
	});
});

describe('drift oracle (tests/fixtures/drift/drift-oracle.json)', () => {
	for (const c of oracle.cases) {
		describe(c.id, () => {
			for (const check of oracleChecks(c)) {
				it(`drift-oracle.json cases[${c.id}] ${check.path.startsWith('runStatistic') ? check.path : `expected.${check.path}`}`, () => {
					expect(
						check.ok,
						`expected ${JSON.stringify(check.expected)}, got ${JSON.stringify(check.actual)}`
					).toBe(true);
				});
			}
		});
	}
});
