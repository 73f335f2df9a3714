import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

// The statistics core must stay pure (docs/architecture.md, rule 1); this pins the lint rule that enforces it.
const eslint = new ESLint({ cwd: process.cwd() });

async function lintDrift(code: string): Promise<string[]> {
	const [result] = await eslint.lintText(code, { filePath: 'src/lib/drift/boundary-probe.ts' });
	return result.messages
		.filter((m) => m.ruleId === 'no-restricted-imports' || m.ruleId === 'no-restricted-globals')
		.map((m) => m.message);
}

describe('src/lib/drift boundary', () => {
	it.each([
		["import { mount } from 'svelte';", 'Svelte'],
		["import * as duckdb from '@duckdb/duckdb-wasm';", 'DuckDB'],
		["import * as ort from 'onnxruntime-web/wasm';", 'onnxruntime'],
		["import { readFile } from 'node:fs/promises';", 'I/O'],
		["import { x } from '$lib/data/client';", 'I/O layers'],
		["import { x } from '../ml/model-session';", 'ML runtime'],
		["import { x } from '$lib/ml/onnx/export-gbdt';", 'ML runtime']
	])('rejects %s', async (code, word) => {
		const messages = await lintDrift(`${code}\nexport const probe = 1;\n`);
		expect(messages.join('\n')).toContain(word);
	});

	it.each(['fetch', 'document', 'window', 'indexedDB'])('rejects the global %s', async (name) => {
		const messages = await lintDrift(`export const probe = () => ${name};\n`);
		expect(messages.join('\n')).toContain(`no ${name}`);
	});

	it('accepts the pure tree trainer of src/lib/ml/train', async () => {
		const messages = await lintDrift(
			"import { trainGbdt } from '../ml/train/gbdt';\nexport const probe = trainGbdt;\n"
		);
		expect(messages).toEqual([]);
	});

	it('accepts pure code over typed arrays', async () => {
		const messages = await lintDrift(
			'export function mean(x: Float64Array): number {\n\tlet s = 0;\n\tfor (const v of x) s += v;\n\treturn s / x.length;\n}\n'
		);
		expect(messages).toEqual([]);
	});
});

describe('outside src/lib/drift', () => {
	it('allows I/O', async () => {
		const [result] = await eslint.lintText(
			"import { readFile } from 'node:fs/promises';\nexport { readFile };\n",
			{
				filePath: 'src/lib/data/probe.ts'
			}
		);
		expect(result.messages.filter((m) => m.ruleId === 'no-restricted-imports')).toEqual([]);
	});
});
