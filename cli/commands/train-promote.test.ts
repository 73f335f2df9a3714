import { describe, expect, it } from 'vitest';
import type { Evaluation } from '../../src/lib/contracts/evaluation';
import { evaluateGates } from '../../src/lib/retrain/gates';
import { main } from '../main.ts';
import { assertPromotable } from './promote.ts';

function evaluation(challengerRmseOffset: number): Evaluation {
	const y = Float64Array.from({ length: 300 }, (_, i) => i);
	return evaluateGates({
		model: 'm',
		task: 'regression',
		championVersion: '1',
		challengerVersion: '2',
		holdout: {
			ids: Array.from({ length: 300 }, (_, i) => `01JD${String(i).padStart(22, '0')}`),
			y,
			champion: y.map((v) => v + 1),
			challenger: y.map((v) => v + challengerRmseOffset)
		},
		holdoutRange: { from: '2026-11-20T00:00:00Z', to: '2026-11-22T00:00:00Z' },
		labelled: 300,
		coverage: 0.5
	});
}

describe('assertPromotable', () => {
	it('accepts a passing evaluation against the champion in production', () => {
		expect(() => assertPromotable(evaluation(0.5), 'm', '2', '1')).not.toThrow();
	});

	it('refuses failed gates, another version, another model or a changed champion', () => {
		expect(() => assertPromotable(evaluation(0.99), 'm', '2', '1')).toThrow(
			/failed 1 gate\(s\): beats_champion \(Holdout RMSE 0\.9900 vs champion 1\.000: ratio 0\.990/
		);
		expect(() => assertPromotable(evaluation(0.5), 'm', '3', '1')).toThrow(/m@2, not 3/);
		expect(() => assertPromotable(evaluation(0.5), 'n', '2', '1')).toThrow(/of m, not n/);
		expect(() => assertPromotable(evaluation(0.5), 'm', '2', '1.5')).toThrow(
			/evaluated against 1, but 1\.5 is in production/
		);
	});
});

describe('vigil train / vigil promote options', () => {
	const run = async (...args: string[]) => {
		let stderr = '';
		const code = await main(args, { stdout: () => {}, stderr: (t) => (stderr += t) });
		return { code, stderr };
	};

	it('names the missing or malformed option', async () => {
		expect(await run('train', '--model', 'm', '--out', 'x')).toMatchObject({
			code: 2,
			stderr: expect.stringMatching(/--api is required/)
		});
		expect(
			await run('train', '--api', 'ftp://x', '--token', 't', '--model', 'm', '--out', 'x')
		).toMatchObject({
			code: 2,
			stderr: expect.stringMatching(/must be an http/)
		});
		expect(
			await run(
				'train',
				'--api',
				'http://127.0.0.1:9',
				'--token',
				't',
				'--model',
				'm',
				'--out',
				'x',
				'--from',
				'soon'
			)
		).toMatchObject({ code: 2, stderr: expect.stringMatching(/--from must be an ISO date/) });
		expect(
			await run(
				'train',
				'--api',
				'http://127.0.0.1:9',
				'--token',
				't',
				'--model',
				'm',
				'--out',
				'x',
				'--min-labelled',
				'many'
			)
		).toMatchObject({ code: 2, stderr: expect.stringMatching(/--min-labelled must be a number/) });
		expect(await run('promote', '--api', 'http://127.0.0.1:9', '--token', 't')).toMatchObject({
			code: 2,
			stderr: expect.stringMatching(/--model is required/)
		});
	});

	it('reports an unreachable API as the one-line reason', async () => {
		const r = await run(
			'promote',
			'--api',
			'http://127.0.0.1:9',
			'--token',
			't',
			'--model',
			'm',
			'--rollback'
		);
		expect(r.code).toBe(2);
		expect(r.stderr).toMatch(/API http:\/\/127\.0\.0\.1:9 is unreachable/);
	});
});
