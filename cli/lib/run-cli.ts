import { main } from '../main.ts';

/**
 * Runs the `vigil` command in-process with captured output, for the CLI's tests.
 *
 * @example
 * const { code, out, err } = await runCli(['batch', 'monitor', '--help']);
 */
export async function runCli(argv: string[]): Promise<{ code: number; out: string; err: string }> {
	let out = '';
	let err = '';
	const code = await main(argv, { stdout: (t) => (out += t), stderr: (t) => (err += t) });
	return { code, out, err };
}
