import { describe, expect, it } from 'vitest';
import { main } from './main.ts';

async function run(argv: string[]) {
	let out = '';
	let err = '';
	const code = await main(argv, { stdout: (t) => (out += t), stderr: (t) => (err += t) });
	return { code, out, err };
}

describe('vigil', () => {
	it('lists the commands with --help and exits 0', async () => {
		const { code, out } = await run(['--help']);
		expect(code).toBe(0);
		expect(out).toContain('Commands:');
	});

	it('rejects an unknown command with exit code 2 and a one-line reason', async () => {
		const { code, err } = await run(['frobnicate']);
		expect(code).toBe(2);
		expect(err.trim().split('\n')).toHaveLength(1);
		expect(err).toContain("unknown command 'frobnicate'");
	});
});
