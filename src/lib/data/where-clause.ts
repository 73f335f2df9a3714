import { DataError } from './errors';

/**
 * Words that turn an expression into something else: statements, subqueries, file access,
 * settings. Matched as whole words outside string literals and quoted identifiers.
 */
const FORBIDDEN_WORDS = new Set([
	'select',
	'from',
	'with',
	'union',
	'intersect',
	'except',
	'insert',
	'update',
	'delete',
	'merge',
	'create',
	'drop',
	'alter',
	'truncate',
	'attach',
	'detach',
	'copy',
	'pragma',
	'install',
	'load',
	'export',
	'import',
	'call',
	'set',
	'reset',
	'vacuum',
	'checkpoint',
	'begin',
	'commit',
	'rollback',
	'transaction',
	'describe',
	'summarize',
	'show',
	'explain',
	'use',
	'grant',
	'revoke',
	'into',
	'returning',
	'table',
	'macro',
	'function',
	'values',
	'pivot',
	'unpivot'
]);

/** Functions that read files, other tables, settings or the environment. */
const FORBIDDEN_FUNCTION =
	/^(read_\w*|\w*_scan|glob|query|query_table|getenv|sniff_csv|parquet_\w+|duckdb_\w+|pragma_\w+|current_setting|which_secret|load_\w+|json_execute_serialized_sql)$/i;

/** Longest WHERE clause accepted; a filter typed by a person is far shorter. */
export const MAX_WHERE_LENGTH = 4000;

/**
 * The first, purely lexical check of a user-typed SQL WHERE clause: one expression, read-only, no
 * second statement, no comments, no subqueries, no table functions. The engine then asks DuckDB's
 * tokenizer and planner (`DuckDataEngine.validateWhere`), so a clause passes only if both agree.
 * Returns the trimmed clause.
 *
 * @example
 * checkWhereClause("batch_id IN (1, 2) AND \"Time (h)\" < 100"); // ok
 * checkWhereClause('1=1; DROP TABLE t'); // throws DataError('forbidden_where')
 */
export function checkWhereClause(sql: string): string {
	const text = sql.trim();
	if (text.length === 0) throw new DataError('invalid_where', 'The filter is empty.');
	if (text.length > MAX_WHERE_LENGTH) {
		throw new DataError(
			'invalid_where',
			`The filter is ${text.length} characters long; at most ${MAX_WHERE_LENGTH} are accepted.`
		);
	}
	const forbid = (what: string, at: number): never => {
		throw new DataError(
			'forbidden_where',
			`The filter must be one read-only expression: ${what} is not allowed (at character ${at + 1}).`,
			{ position: at }
		);
	};
	let depth = 0;
	let i = 0;
	while (i < text.length) {
		const c = text[i];
		if (c === "'" || c === '"') {
			const end = closingQuote(text, i);
			if (end < 0) {
				throw new DataError(
					'invalid_where',
					`The filter has an unterminated ${c === "'" ? 'string' : 'quoted name'} starting at character ${i + 1}.`
				);
			}
			i = end + 1;
			continue;
		}
		if (c === ';') forbid("a second statement (';')", i);
		if (c === '-' && text[i + 1] === '-') forbid("a comment ('--')", i);
		if (c === '/' && text[i + 1] === '*') forbid("a comment ('/*')", i);
		if (c === '*' && text[i + 1] === '/') forbid("a comment ('*/')", i);
		if (c === '$') forbid("'$' (parameters and dollar-quoted strings)", i);
		if (c === '\\') forbid("'\\' (meta commands)", i);
		if (c === '(') depth++;
		if (c === ')') {
			depth--;
			if (depth < 0) forbid("an unmatched ')'", i);
		}
		if (/[A-Za-z_]/.test(c)) {
			let j = i + 1;
			while (j < text.length && /[A-Za-z0-9_]/.test(text[j])) j++;
			const word = text.slice(i, j);
			if (FORBIDDEN_WORDS.has(word.toLowerCase())) forbid(`'${word}'`, i);
			let k = j;
			while (k < text.length && /\s/.test(text[k])) k++;
			if (text[k] === '(' && FORBIDDEN_FUNCTION.test(word)) forbid(`the function '${word}'`, i);
			i = j;
			continue;
		}
		i++;
	}
	if (depth !== 0) throw new DataError('invalid_where', "The filter has an unmatched '('.");
	return text;
}

/** Index of the quote closing the one at `start` ('' and "" are escaped quotes), or -1. */
function closingQuote(text: string, start: number): number {
	const q = text[start];
	let i = start + 1;
	while (i < text.length) {
		if (text[i] === q) {
			if (text[i + 1] === q) {
				i += 2;
				continue;
			}
			return i;
		}
		i++;
	}
	return -1;
}

/**
 * Quotes a name for SQL.
 *
 * @example
 * quoteIdent('Time (h)'); // '"Time (h)"'
 */
export function quoteIdent(name: string): string {
	return `"${name.replaceAll('"', '""')}"`;
}

/**
 * Quotes a string literal for SQL.
 *
 * @example
 * quoteLiteral("it's"); // "'it''s'"
 */
export function quoteLiteral(value: string): string {
	return `'${value.replaceAll("'", "''")}'`;
}
