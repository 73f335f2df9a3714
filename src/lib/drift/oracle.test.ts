// The oracle is a file beside the repository; only this test reads it, the core does no I/O.
// eslint-disable-next-line no-restricted-imports
import { existsSync, readFileSync } from 'node:fs';
// eslint-disable-next-line no-restricted-imports
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Oracle } from './testing/oracle';
import { oracleChecks } from './testing/oracle-checks';

// Expected values: ../shared/drift/drift_oracle.json (numpy 1.24.2 / scipy 1.10.1, see FORMULAS.md).
const ORACLE_PATH = join(process.cwd(), '../shared/drift/drift_oracle.json');

function loadOracle(): Oracle {
	if (!existsSync(ORACLE_PATH))
		throw new Error(
			`drift oracle not found at ${ORACLE_PATH}: the oracle tests need ../shared/drift/drift_oracle.json beside the repository`
		);
	return JSON.parse(readFileSync(ORACLE_PATH, 'utf8')) as Oracle;
}

const oracle = loadOracle();

describe('drift oracle (../shared/drift/drift_oracle.json)', () => {
	it('has the 63 cases of FORMULAS.md section 9', () => {
		expect(oracle.cases.length).toBe(63);
	});
	for (const c of oracle.cases) {
		describe(c.id, () => {
			for (const check of oracleChecks(c)) {
				it(`drift_oracle.json cases[${c.id}] ${check.path.startsWith('runStatistic') ? check.path : `expected.${check.path}`}`, () => {
					expect(
						check.ok,
						`expected ${JSON.stringify(check.expected)}, got ${JSON.stringify(check.actual)}`
					).toBe(true);
				});
			}
		});
	}
});
