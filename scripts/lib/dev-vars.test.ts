import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'dotenv';
import { afterEach, describe, expect, it } from 'vitest';
import { updateDevVars, withDevelopmentToken } from './dev-vars.js';

// dotenv's own parser (the one wrangler reads .dev.vars with) checks every output below.
const dev = { name: 'development', sha256: 'a'.repeat(64), scopes: ['ingest', 'read'] };
const user = { name: 'grafana', sha256: 'b'.repeat(64), scopes: ['metrics'] };
const tokensOf = (text: string) => JSON.parse(parse(text).VIGIL_TOKENS);

describe('withDevelopmentToken', () => {
	it('creates the variable in an empty file', () => {
		const text = withDevelopmentToken('', dev);
		expect(tokensOf(text)).toEqual([dev]);
		expect(text.endsWith('\n')).toBe(true);
	});

	it("keeps the user's variables, comments, blank lines and other tokens, and replaces only its own entry", () => {
		const before = [
			'# local secrets',
			'S3_SECRET_ACCESS_KEY="abc def"',
			'',
			`VIGIL_TOKENS='${JSON.stringify([user, { ...dev, sha256: 'c'.repeat(64) }])}'`,
			'CORS_ORIGINS=https://app.example # inline comment',
			''
		].join('\n');
		const after = withDevelopmentToken(before, dev);
		expect(tokensOf(after)).toEqual([user, dev]);
		const vars = parse(after);
		expect(vars.S3_SECRET_ACCESS_KEY).toBe('abc def');
		expect(vars.CORS_ORIGINS).toBe('https://app.example');
		// Every line but the VIGIL_TOKENS one is byte-for-byte the same.
		const changed = before.split('\n').filter((l, i) => l !== after.split('\n')[i]);
		expect(changed).toHaveLength(1);
		expect(changed[0]).toMatch(/^VIGIL_TOKENS=/);
	});

	it('adds its entry to tokens written unquoted, double-quoted or over several lines', () => {
		expect(tokensOf(withDevelopmentToken(`VIGIL_TOKENS=${JSON.stringify([user])}\n`, dev))).toEqual(
			[user, dev]
		);
		const multiline = `A=1\nVIGIL_TOKENS='[\n  ${JSON.stringify(user)}\n]'\nB=2\n`;
		const after = withDevelopmentToken(multiline, dev);
		expect(tokensOf(after)).toEqual([user, dev]);
		expect(parse(after)).toMatchObject({ A: '1', B: '2' });
	});

	it('appends to a file without a final newline', () => {
		const after = withDevelopmentToken('A=1', dev);
		expect(parse(after)).toMatchObject({ A: '1' });
		expect(tokensOf(after)).toEqual([dev]);
	});

	it('uses the last assignment, as dotenv does', () => {
		const text = `VIGIL_TOKENS='[]'\nVIGIL_TOKENS='${JSON.stringify([user])}'\n`;
		expect(tokensOf(withDevelopmentToken(text, dev))).toEqual([user, dev]);
	});

	it('quotes with a backtick when a token name holds a single quote', () => {
		const odd = { ...user, name: "ops' laptop" };
		const after = withDevelopmentToken(`VIGIL_TOKENS=\`${JSON.stringify([odd])}\`\n`, dev);
		expect(tokensOf(after)).toEqual([odd, dev]);
	});

	it('refuses tokens that are not a JSON array, saying what was expected', () => {
		expect(() => withDevelopmentToken("VIGIL_TOKENS='{not json'\n", dev)).toThrow(
			/VIGIL_TOKENS is not valid JSON .*expected a JSON array/
		);
		expect(() => withDevelopmentToken(`VIGIL_TOKENS='${JSON.stringify(user)}'\n`, dev)).toThrow(
			'VIGIL_TOKENS is object, expected a JSON array'
		);
		expect(() => withDevelopmentToken("VIGIL_TOKENS='[\n", dev)).toThrow(
			"VIGIL_TOKENS opens a ' quote that is never closed"
		);
	});
});

describe('updateDevVars', () => {
	let dir: string | undefined;
	afterEach(() => {
		if (dir) rmSync(dir, { recursive: true, force: true });
	});

	it('creates the file readable by its owner only, and leaves a broken file untouched', () => {
		dir = mkdtempSync(join(tmpdir(), 'vigil-dev-vars-'));
		const path = join(dir, '.dev.vars');
		updateDevVars(path, dev);
		expect(tokensOf(readFileSync(path, 'utf8'))).toEqual([dev]);
		expect(statSync(path).mode & 0o777).toBe(0o600);

		writeFileSync(path, "KEEP=1\nVIGIL_TOKENS='[oops'\n");
		expect(() => updateDevVars(path, dev)).toThrow(`${path}: VIGIL_TOKENS is not valid JSON`);
		expect(readFileSync(path, 'utf8')).toBe("KEEP=1\nVIGIL_TOKENS='[oops'\n");
	});
});
