// Starts `wrangler dev` (the Worker with the built app, R2 and the Durable Object simulated on
// disk) and resolves once it answers. Used by `npm start`, the browser tests and the integration tests.
import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

export const ROOT = new URL('../..', import.meta.url).pathname;

/**
 * SHA-256 hex of a token: the Worker stores only hashes (VIGIL_TOKENS).
 * @param {string} token
 */
export function hashToken(token) {
	return createHash('sha256').update(token).digest('hex');
}

/**
 * A random bearer token with a recognisable prefix.
 * @param {string} [prefix]
 */
export function newToken(prefix = 'vigil_dev') {
	return `${prefix}_${randomBytes(24).toString('base64url')}`;
}

/**
 * A free TCP port on loopback.
 * @returns {Promise<number>}
 */
export async function freePort() {
	return new Promise((resolve, reject) => {
		const server = createServer();
		server.unref();
		server.on('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const { port } = /** @type {import('node:net').AddressInfo} */ (server.address());
			server.close(() => resolve(port));
		});
	});
}

/**
 * @param {{ port?: number, persistTo?: string, tokens?: { name: string, token: string, scopes: string[] }[],
 *   vars?: Record<string, string>, envFile?: string, stdio?: 'inherit' | 'pipe', testScheduled?: boolean,
 *   timeoutMs?: number, detached?: boolean }} options
 *   `detached` puts wrangler in its own process group so `stop()` ends workerd too; a parent that
 *   kills its own group on exit (Playwright's webServer) wants `false`.
 * @returns {Promise<{ url: string, port: number, child: import('node:child_process').ChildProcess, stop: () => Promise<void>, output: () => string }>}
 */
export async function startDevServer({
	port,
	persistTo = join(ROOT, '.wrangler/state'),
	tokens = [],
	vars = {},
	envFile,
	stdio = 'pipe',
	testScheduled = false,
	detached = true,
	timeoutMs = 90_000
} = {}) {
	const listenPort = port ?? (await freePort());
	const inspectorPort = await freePort();
	mkdirSync(persistTo, { recursive: true });
	const args = [
		'wrangler',
		'dev',
		'--ip',
		'127.0.0.1',
		'--port',
		String(listenPort),
		'--inspector-port',
		String(inspectorPort),
		'--persist-to',
		persistTo,
		'--show-interactive-dev-session=false',
		'--log-level',
		stdio === 'inherit' ? 'info' : 'warn'
	];
	if (testScheduled) args.push('--test-scheduled');
	let file = envFile;
	if (!file && tokens.length > 0) {
		file = join(persistTo, 'test.env');
		const entries = tokens.map(({ name, token, scopes }) => ({
			name,
			sha256: hashToken(token),
			scopes
		}));
		writeFileSync(file, `VIGIL_TOKENS='${JSON.stringify(entries)}'\n`);
	}
	if (file) args.push('--env-file', file);
	for (const [key, value] of Object.entries(vars)) args.push('--var', `${key}:${value}`);

	const child = spawn('npx', args, {
		cwd: ROOT,
		stdio: stdio === 'inherit' ? 'inherit' : ['ignore', 'pipe', 'pipe'],
		env: {
			...process.env,
			WRANGLER_SEND_METRICS: 'false',
			CLOUDFLARE_CF_FETCH_ENABLED: 'false',
			WRANGLER_LOG_SANITIZE: 'true',
			NO_COLOR: '1'
		},
		detached
	});
	// Never leave workerd behind when this process ends, whatever ends it.
	process.on('exit', () => {
		if (!exited && child.pid !== undefined) {
			try {
				process.kill(detached ? -child.pid : child.pid, 'SIGKILL');
			} catch {
				// already gone
			}
		}
	});
	let log = '';
	child.stdout?.on('data', (d) => (log += d));
	child.stderr?.on('data', (d) => (log += d));
	let exited = false;
	child.on('exit', () => (exited = true));

	const url = `http://127.0.0.1:${listenPort}`;
	const stop = async () => {
		if (exited || child.pid === undefined) return;
		try {
			process.kill(detached ? -child.pid : child.pid, 'SIGTERM');
		} catch {
			return;
		}
		for (let i = 0; i < 50 && !exited; i++) await sleep(100);
		if (!exited) {
			try {
				process.kill(detached ? -child.pid : child.pid, 'SIGKILL');
			} catch {
				// already gone
			}
		}
	};

	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		if (exited) throw new Error(`wrangler dev exited before it answered:\n${log}`);
		try {
			const res = await fetch(`${url}/api/health`);
			if (res.status === 200 || res.status === 503) {
				return { url, port: listenPort, child, stop, output: () => log };
			}
		} catch {
			// not listening yet
		}
		await sleep(250);
	}
	await stop();
	throw new Error(`wrangler dev did not answer on ${url} within ${timeoutMs} ms:\n${log}`);
}
