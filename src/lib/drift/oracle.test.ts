// The oracle is a test fixture in the repository; only this test reads it, the core does no I/O.
// eslint-disable-next-line no-restricted-imports
import { existsSync, readFileSync } from 'node:fs';
// eslint-disable-next-line no-restricted-imports
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Oracle } from './testing/oracle';
import { oracleChecks } from './testing/oracle-checks';

// Expected values: tests/fixtures/drift/drift-oracle.json, computed with numpy 1.24.2 / scipy 1.10.1 by
// scripts/oracle/drift_oracle.py (docs/statistics.md says what each value is).
const ORACLE_PATH = join(process.cwd(), 'tests/fixtures/drift/drift-oracle.json');

function loadOracle(): Oracle {
	if (!existsSync(ORACLE_PATH))
		throw new Error(
			`drift oracle not found at ${ORACLE_PATH}: regenerate it with python3 scripts/oracle/drift_oracle.py`
		);
	return JSON.parse(readFileSync(ORACLE_PATH, 'utf8')) as Oracle;
}

const oracle = loadOracle();

describe('drift oracle (tests/fixtures/drift/drift-oracle.json)', () => {
	it('has the 63 cases of docs/statistics.md (case kinds)', () => {
		expect(oracle.cases.length).toBe(63);
	});
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
