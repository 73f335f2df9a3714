// `.dev.vars` belongs to the user: `npm start` only adds or replaces its development token's own
// entry in VIGIL_TOKENS and keeps every other line, variable and token exactly as written.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';

/** The name of the entry `npm start` owns in VIGIL_TOKENS. */
export const DEVELOPMENT_TOKEN_NAME = 'development';

/**
 * @typedef {{ name: string, sha256: string, scopes: string[] }} TokenEntry
 */

/**
 * Where the last `VIGIL_TOKENS=` assignment sits in dotenv text: the span of its value (quotes
 * included; a quoted value may run over several lines, as dotenv allows) and the value itself.
 * @param {string} text
 * @returns {{ start: number, end: number, value: string } | undefined}
 */
function findTokens(text) {
	const assignment = /^[ \t]*(?:export[ \t]+)?VIGIL_TOKENS[ \t]*=[ \t]*/gm;
	let found;
	for (let m = assignment.exec(text); m; m = assignment.exec(text)) {
		const start = m.index + m[0].length;
		const quote = text[start];
		if (quote === "'" || quote === '"' || quote === '`') {
			const close = text.indexOf(quote, start + 1);
			if (close === -1) throw new Error(`VIGIL_TOKENS opens a ${quote} quote that is never closed`);
			found = { start, end: close + 1, value: text.slice(start + 1, close) };
		} else {
			const eol = text.indexOf('\n', start);
			const end = eol === -1 ? text.length : eol;
			// An unquoted value ends at an inline comment.
			const value = text
				.slice(start, end)
				.replace(/\s+#.*$/, '')
				.trim();
			found = { start, end, value };
		}
		assignment.lastIndex = found.end;
	}
	return found;
}

/**
 * The dotenv text with `entry` as the development token's entry of VIGIL_TOKENS: an entry of the
 * same name is replaced, every other entry, variable, comment and blank line is kept.
 * @param {string} text the current `.dev.vars` ('' when there is none)
 * @param {TokenEntry} entry
 * @returns {string}
 * @throws {Error} when VIGIL_TOKENS is there but is not a JSON array of entries (the file is then
 *   left for the user to fix rather than overwritten)
 * @example
 * withDevelopmentToken("API_KEY=x\nVIGIL_TOKENS='[]'\n", { name: 'development', sha256, scopes });
 * // "API_KEY=x\nVIGIL_TOKENS='[{\"name\":\"development\",…}]'\n"
 */
export function withDevelopmentToken(text, entry) {
	const found = findTokens(text);
	/** @type {unknown} */
	let current = [];
	if (found && found.value !== '') {
		try {
			current = JSON.parse(found.value);
		} catch (err) {
			throw new Error(
				`VIGIL_TOKENS is not valid JSON (${err instanceof Error ? err.message : err}); expected a JSON array of { "name", "sha256", "scopes" }`,
				{ cause: err }
			);
		}
	}
	if (!Array.isArray(current))
		throw new Error(
			`VIGIL_TOKENS is ${current === null ? 'null' : typeof current}, expected a JSON array of { "name", "sha256", "scopes" }`
		);
	const kept = current.filter(
		(t) => !(t && typeof t === 'object' && t.name === DEVELOPMENT_TOKEN_NAME)
	);
	const json = JSON.stringify([...kept, entry]);
	// Single quotes keep the JSON literal for dotenv; a backtick when a name holds a quote.
	const quote = ["'", '`'].find((q) => !json.includes(q));
	if (!quote) throw new Error("a VIGIL_TOKENS entry holds both ' and `, which dotenv cannot quote");
	const value = `${quote}${json}${quote}`;
	if (found) return `${text.slice(0, found.start)}${value}${text.slice(found.end)}`;
	const separator = text === '' || text.endsWith('\n') ? '' : '\n';
	return `${text}${separator}VIGIL_TOKENS=${value}\n`;
}

/**
 * Writes the development token's entry into the dotenv file at `path` (created, mode 0600, when
 * missing), keeping everything else in it.
 * @param {string} path
 * @param {TokenEntry} entry
 * @example
 * updateDevVars(join(ROOT, '.dev.vars'), { name: 'development', sha256: hashToken(token), scopes });
 */
export function updateDevVars(path, entry) {
	const text = existsSync(path) ? readFileSync(path, 'utf8') : '';
	let next;
	try {
		next = withDevelopmentToken(text, entry);
	} catch (err) {
		throw new Error(`${path}: ${err instanceof Error ? err.message : err}`, { cause: err });
	}
	if (next !== text) writeFileSync(path, next, { mode: 0o600 });
}
