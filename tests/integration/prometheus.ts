import { spawn, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { freePort, ROOT } from '../../scripts/lib/dev-server.js';
import { which } from './tools';

/** A real Prometheus on loopback scraping one target every second, with the repo's alert rules. */
export async function startPrometheus({
	target,
	token,
	dir
}: {
	target: string;
	token: string;
	dir: string;
}) {
	const binary = which('prometheus');
	if (!binary)
		throw new Error('prometheus is missing: install it with `sudo apt-get install -y prometheus`');
	const port = await freePort();
	const tokenFile = join(dir, 'token');
	writeFileSync(tokenFile, token, { mode: 0o600 });
	const config = join(dir, 'prometheus.yml');
	writeFileSync(
		config,
		[
			'global: { scrape_interval: 1s, evaluation_interval: 1s }',
			`rule_files: ['${join(ROOT, 'monitoring/rules/vigil-alerts.yml')}']`,
			'scrape_configs:',
			'  - job_name: vigil',
			'    metrics_path: /metrics',
			`    authorization: { type: Bearer, credentials_file: '${tokenFile}' }`,
			`    static_configs: [{ targets: ['${target}'] }]`,
			''
		].join('\n')
	);
	const child: ChildProcess = spawn(
		binary,
		[
			`--config.file=${config}`,
			`--storage.tsdb.path=${join(dir, 'data')}`,
			'--storage.tsdb.retention.time=1h',
			`--web.listen-address=127.0.0.1:${port}`,
			'--log.level=warn'
		],
		{ stdio: ['ignore', 'pipe', 'pipe'] }
	);
	let log = '';
	child.stdout?.on('data', (d) => (log += d));
	child.stderr?.on('data', (d) => (log += d));
	const url = `http://127.0.0.1:${port}`;
	const stop = async () => {
		if (child.exitCode !== null || child.pid === undefined) return;
		child.kill('SIGTERM');
		for (let i = 0; i < 50 && child.exitCode === null; i++) await sleep(100);
		if (child.exitCode === null) child.kill('SIGKILL');
	};
	process.on('exit', () => child.exitCode === null && child.kill('SIGKILL'));
	for (let i = 0; i < 150; i++) {
		if (child.exitCode !== null) throw new Error(`prometheus exited:\n${log}`);
		try {
			if ((await fetch(`${url}/-/ready`)).ok) break;
		} catch {
			// not listening yet
		}
		await sleep(200);
	}
	/** Runs an instant PromQL query; throws on a query error. */
	const query = async (
		expr: string
	): Promise<{ metric: Record<string, string>; value: [number, string] }[]> => {
		const res = await fetch(`${url}/api/v1/query?query=${encodeURIComponent(expr)}`);
		const body = (await res.json()) as {
			status: string;
			error?: string;
			data: { result: { metric: Record<string, string>; value: [number, string] }[] };
		};
		if (body.status !== 'success') throw new Error(`PromQL ${expr} failed: ${body.error}`);
		return body.data.result;
	};
	return { url, query, stop, log: () => log };
}
