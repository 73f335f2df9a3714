import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

// The batch core is pure like the drift core and imports contract types only (docs/architecture.md, rule 1).
const eslint = new ESLint({ cwd: process.cwd() });

async function lintBatch(code: string): Promise<string[]> {
	const [result] = await eslint.lintText(code, { filePath: 'src/lib/batch/boundary-probe.ts' });
	return result.messages
		.filter((m) => m.ruleId === 'no-restricted-imports' || m.ruleId === 'no-restricted-globals')
		.map((m) => m.message);
}

describe('src/lib/batch boundary', () => {
	it.each([
		["import { mount } from 'svelte';", 'Svelte'],
		["import { readFile } from 'node:fs/promises';", 'I/O'],
		["import { z } from 'zod';", 'contract types only'],
		["import { batchReferenceSchema } from '../contracts/batch-reference';", 'contract types only']
	])('rejects %s', async (code, word) => {
		const messages = await lintBatch(`${code}\nexport const probe = 1;\n`);
		expect(messages.join('\n')).toContain(word);
	});

	it('rejects the global fetch', async () => {
		expect((await lintBatch('export const probe = () => fetch;\n')).join('\n')).toContain(
			'no fetch'
		);
	});

	it('accepts type imports of the contracts', async () => {
		const messages = await lintBatch(
			"import type { BatchReference } from '../contracts/batch-reference';\nexport const probe = (r: BatchReference) => r.name;\n"
		);
		expect(messages).toEqual([]);
	});
});
