import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

// The statistics core and the record pipeline must stay pure (docs/architecture.md, rule 1); this
// pins the lint rule that enforces it for each folder.
const eslint = new ESLint({ cwd: process.cwd() });
const FENCE = new Set([
	'no-restricted-imports',
	'@typescript-eslint/no-restricted-imports',
	'no-restricted-globals'
]);

async function lintIn(folder: string, code: string): Promise<string[]> {
	const [result] = await eslint.lintText(code, { filePath: `src/lib/${folder}/boundary-probe.ts` });
	return result.messages.filter((m) => m.ruleId && FENCE.has(m.ruleId)).map((m) => m.message);
}

describe.each(['drift', 'pipeline'])('src/lib/%s boundary', (folder) => {
	it.each([
		["import { mount } from 'svelte';", 'Svelte'],
		["import * as duckdb from '@duckdb/duckdb-wasm';", 'DuckDB'],
		["import * as ort from 'onnxruntime-web/wasm';", 'onnxruntime'],
		["import { readFile } from 'node:fs/promises';", 'I/O'],
		["import { x } from '$lib/data/client';", 'I/O layers'],
		["import { x } from '../analysis/drift-host';", 'I/O layers'],
		["import { x } from '../ml/model-session';", 'ML runtime'],
		["import { x } from '$lib/ml/onnx/export-gbdt';", 'ML runtime']
	])('rejects %s', async (code, word) => {
		const messages = await lintIn(folder, `${code}\nexport const probe = 1;\n`);
		expect(messages.join('\n')).toContain(word);
	});

	it.each(['fetch', 'document', 'window', 'indexedDB'])('rejects the global %s', async (name) => {
		const messages = await lintIn(folder, `export const probe = () => ${name};\n`);
		expect(messages.join('\n')).toContain(`no ${name}`);
	});

	it('accepts pure code over typed arrays', async () => {
		const messages = await lintIn(
			folder,
			'export function mean(x: Float64Array): number {\n\tlet s = 0;\n\tfor (const v of x) s += v;\n\treturn s / x.length;\n}\n'
		);
		expect(messages).toEqual([]);
	});
});

describe('the pure tree trainer of src/lib/ml/train', () => {
	const probe = "import { trainGbdt } from '../ml/train/gbdt';\nexport const probe = trainGbdt;\n";

	it('is open to the drift core (DLE fits its nanny model with it)', async () => {
		expect(await lintIn('drift', probe)).toEqual([]);
	});

	it('is closed to the record pipeline', async () => {
		expect((await lintIn('pipeline', probe)).join('\n')).toContain('ML runtime');
	});
});

describe('src/lib/pipeline and zod', () => {
	it('rejects zod and value imports of the contracts', async () => {
		expect(
			(await lintIn('pipeline', "import { z } from 'zod';\nexport const probe = z;\n")).join('\n')
		).toContain('zod');
		const value = await lintIn(
			'pipeline',
			"import { modelCardSchema } from '../contracts/model-card';\nexport const probe = modelCardSchema;\n"
		);
		expect(value.join('\n')).toContain('types only');
	});

	it('accepts type imports of the contracts', async () => {
		const messages = await lintIn(
			'pipeline',
			"import type { ModelCard } from '../contracts/model-card';\nexport type Probe = ModelCard;\n"
		);
		expect(messages).toEqual([]);
	});
});

describe('outside the pure folders', () => {
	it('allows I/O', async () => {
		const [result] = await eslint.lintText(
			"import { readFile } from 'node:fs/promises';\nexport { readFile };\n",
			{
				filePath: 'src/lib/data/probe.ts'
			}
		);
		expect(result.messages.filter((m) => m.ruleId && FENCE.has(m.ruleId))).toEqual([]);
	});
});
