/**
 * Shared helpers for the oracle tests (Node and workerd): the JSON layout of
 * tests/fixtures/drift/drift-oracle.json and the tolerance rules of docs/statistics.md.
 */

export type OracleNumber = number | 'nan' | 'inf' | '-inf' | null;

export interface OracleCase {
	id: string;
	type: 'numerical' | 'categorical';
	kind: string;
	n_ref: number;
	n_cur: number;
	/** Numbers, or for numerical cases 'nan' / 'inf' / '-inf' (missing); strings or null (missing) for categorical ones. */
	reference: (number | string | null)[];
	current: (number | string | null)[];
	expected: Record<string, unknown>;
}

export interface Oracle {
	generator: string;
	versions: Record<string, string>;
	eps_q10: number;
	cases: OracleCase[];
}

/** Decode the oracle's non-finite strings. */
export function decode(v: unknown): number {
	if (v === 'nan' || v === null) return NaN;
	if (v === 'inf') return Infinity;
	if (v === '-inf') return -Infinity;
	if (typeof v !== 'number') throw new Error(`not an oracle number: ${JSON.stringify(v)}`);
	return v;
}

/**
 * The raw input of one side as the core takes it: numbers with the non-finite strings decoded
 * (numerical cases), or the strings and nulls as stored (categorical cases).
 */
export function caseInput(
	c: OracleCase,
	side: 'reference' | 'current'
): (number | string | null)[] {
	return c.type === 'numerical' ? c[side].map(decode) : c[side];
}

/**
 * Whether `actual` matches the oracle value: relative tolerance `rel`, absolute 1e-12 near 0,
 * NaN and infinities exactly.
 */
export function matches(actual: number, expected: unknown, rel: number): boolean {
	const e = decode(expected);
	if (Number.isNaN(e)) return Number.isNaN(actual);
	if (!Number.isFinite(e)) return actual === e;
	if (!Number.isFinite(actual)) return false;
	return Math.abs(actual - e) <= Math.max(rel * Math.abs(e), 1e-12);
}

/** Read a dotted path from a case's `expected`, or undefined. */
export function at(expected: Record<string, unknown>, path: string): unknown {
	let cur: unknown = expected;
	for (const part of path.split('.')) {
		if (cur === null || typeof cur !== 'object') return undefined;
		cur = (cur as Record<string, unknown>)[part];
	}
	return cur;
}
