import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

function promtool(args: string[]) {
	const result = spawnSync('promtool', args, { encoding: 'utf8' });
	if (result.error)
		throw new Error('promtool is missing: install it with `sudo apt-get install -y prometheus`');
	return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

describe('alert rules', () => {
	it('pass promtool check rules', () => {
		const { status, output } = promtool(['check', 'rules', here('./vigil-alerts.yml')]);
		expect(output).toContain('SUCCESS: 9 rules found');
		expect(status).toBe(0);
	});

	it('pass their promtool unit tests (drift, RMSE, no predictions, no report, scrape down, multivariate, CBPE, streaming)', () => {
		const { status, output } = promtool(['test', 'rules', here('./vigil-alerts.test.yml')]);
		expect(output).toContain('SUCCESS');
		expect(status).toBe(0);
	});

	it('pass promtool check config together with prometheus.yml', () => {
		const { status, output } = promtool([
			'check',
			'config',
			'--syntax-only',
			here('../prometheus.yml')
		]);
		expect(output).toContain('SUCCESS');
		expect(status).toBe(0);
	});
});
