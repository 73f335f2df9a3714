import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { modelCardSchema, modelManifestSchema } from '../../src/lib/contracts/model-card';
import { main } from '../main.ts';

const out = mkdtempSync(join(tmpdir(), 'vigil-models-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

async function run(argv: string[]) {
	let stdout = '';
	let stderr = '';
	const code = await main(argv, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
	return { code, stdout, stderr };
}

describe('vigil models build', () => {
	it('builds one demo model reproducibly, verified against both runtimes', async () => {
		const first = await run([
			'models',
			'build',
			'--only',
			'bike-demand',
			'--out',
			out,
			'--format',
			'json'
		]);
		expect(first.code).toBe(0);
		const report = JSON.parse(first.stdout);
		expect(report.models[0].equivalence['onnxruntime-node'].maxAbsDiff).toBeLessThanOrEqual(1e-5);
		expect(report.models[0].equivalence['onnxruntime-web'].maxAbsDiff).toBeLessThanOrEqual(1e-5);
		const card = modelCardSchema.parse(
			JSON.parse(readFileSync(join(out, 'bike-demand/1.0.0/card.json'), 'utf8'))
		);
		expect(Object.keys(card.metrics.extra ?? {})).toContain('Dec 2012');
		const manifest = modelManifestSchema.parse(
			JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'))
		);
		expect(manifest.models.map((m) => m.name)).toEqual(['bike-demand']);
		const bytes = readFileSync(join(out, 'bike-demand/1.0.0/model.onnx'));
		await run(['models', 'build', '--only', 'bike-demand', '--out', out]);
		expect(readFileSync(join(out, 'bike-demand/1.0.0/model.onnx')).equals(bytes)).toBe(true);
	});

	it('names an unknown model and a missing data directory', async () => {
		const unknown = await run(['models', 'build', '--only', 'nope', '--out', out]);
		expect(unknown.code).toBe(2);
		expect(unknown.stderr).toContain("unknown model 'nope'");
		const missing = await run(['models', 'build', '--data-dir', join(out, 'none'), '--out', out]);
		expect(missing.code).toBe(2);
		expect(missing.stderr).toMatch(/data file .*indpensim_batches_1-10\.csv not found/);
	});
});
