import { execFileSync, spawnSync } from 'node:child_process';

/** Path of a command on PATH, or undefined. */
export function which(command: string): string | undefined {
	const found = spawnSync('sh', ['-c', `command -v ${command}`], { encoding: 'utf8' });
	return found.status === 0 ? found.stdout.trim() : undefined;
}

/** Runs `promtool check metrics` on exposition text; returns promtool's combined output and status. */
export function promtoolCheckMetrics(text: string): { status: number; output: string } {
	const promtool = which('promtool');
	if (!promtool) {
		throw new Error('promtool is missing: install it with `sudo apt-get install -y prometheus`');
	}
	const result = spawnSync(promtool, ['check', 'metrics'], { input: text, encoding: 'utf8' });
	return { status: result.status ?? -1, output: `${result.stdout}${result.stderr}`.trim() };
}

export function promtoolVersion(): string {
	return execFileSync('promtool', ['--version'], { encoding: 'utf8' }).split('\n')[0];
}
