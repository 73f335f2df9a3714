// Starts `wrangler dev` (the Worker with the built app, R2 and the Durable Object simulated on
// disk) and resolves once *this* wrangler answers. Used by `npm start`, the browser tests and the
// integration tests.
//
// Nothing is sent to the port before it is known to be ours: the listening socket must belong to the
// started process (its group, or a descendant), and /api/health must echo this run's identity, a
// random suffix given to VIGIL_VERSION (`0.1.0+local.<hex>`, semver build metadata). A stranger on
// the port makes wrangler exit ("Address already in use") and is never asked anything.
import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { portOwners, processTable } from './port-owner.js';

export const ROOT = new URL('../..', import.meta.url).pathname;

/** At most this much of wrangler's output is kept for error messages. */
const LOG_LIMIT = 64 * 1024;

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

/** VIGIL_VERSION of wrangler.toml's [vars]. */
function configuredVersion() {
	const toml = readFileSync(join(ROOT, 'wrangler.toml'), 'utf8');
	return /^VIGIL_VERSION\s*=\s*"([^"]+)"/m.exec(toml)?.[1] ?? '0.0.0';
}

/**
 * Whether process `pid` is `root` or descends from it.
 * @param {number} pid
 * @param {number} root
 * @param {{ pid: number, ppid: number }[]} table
 */
function descendsFrom(pid, root, table) {
	const parent = new Map(table.map((p) => [p.pid, p.ppid]));
	for (let p = pid, hops = 0; p > 1 && hops < 64; p = parent.get(p) ?? 0, hops++)
		if (p === root) return true;
	return false;
}

/**
 * Who listens on `port` as far as this machine can tell: 'ours', 'stranger', 'nobody' (yet), or
 * 'unknown' (no /proc, ss or lsof to ask).
 * @param {number} port
 * @param {import('node:child_process').ChildProcess} child
 * @param {boolean} detached
 */
function listenerOf(port, child, detached) {
	const owners = portOwners(port);
	if (owners === undefined) return 'unknown';
	if (owners.length === 0) return 'nobody';
	if (detached) {
		if (owners.some((o) => o.pgid === child.pid)) return 'ours';
		return owners.every((o) => o.pgid === undefined) ? 'unknown' : 'stranger';
	}
	const table = processTable();
	if (!table) return 'unknown';
	const root = /** @type {number} */ (child.pid);
	return owners.some((o) => descendsFrom(o.pid, root, table)) ? 'ours' : 'stranger';
}

/**
 * @typedef {{ url: string, port: number, version: string,
 *   child: import('node:child_process').ChildProcess, stop: () => Promise<void>, output: () => string }} DevServer
 */

/**
 * @param {{ port?: number, persistTo?: string, tokens?: { name: string, token: string, scopes: string[] }[],
 *   vars?: Record<string, string>, envFile?: string, stdio?: 'inherit' | 'pipe', testScheduled?: boolean,
 *   timeoutMs?: number, detached?: boolean,
 *   spawner?: (command: string, args: string[], options: import('node:child_process').SpawnOptions) => import('node:child_process').ChildProcess,
 *   hideLine?: (line: string) => boolean }} options
 *   `detached` puts wrangler in its own process group so `stop()` ends workerd too; a parent that
 *   kills its own group on exit (Playwright's webServer) wants `false`. `spawner` starts the process
 *   instead of `child_process.spawn` (npm start registers it with its other children); it must
 *   start it in a process group of its own. `stdio: 'inherit'` copies wrangler's output to ours,
 *   except the lines `hideLine` picks (still kept for error messages).
 * @returns {Promise<DevServer>}
 * @example
 * const server = await startDevServer({ tokens: [{ name: 't', token, scopes: ['read'] }] });
 * await fetch(`${server.url}/api/v1/models`, { headers: { authorization: `Bearer ${token}` } });
 * await server.stop();
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
	timeoutMs = 90_000,
	spawner,
	hideLine
} = {}) {
	const listenPort = port ?? (await freePort());
	const inspectorPort = await freePort();
	mkdirSync(persistTo, { recursive: true });
	// This run's identity, echoed by GET /api/health as its `version`.
	const version = `${vars.VIGIL_VERSION ?? configuredVersion()}+local.${randomBytes(6).toString('hex')}`;
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
	for (const [key, value] of Object.entries({ ...vars, VIGIL_VERSION: version }))
		args.push('--var', `${key}:${value}`);

	/** @type {import('node:child_process').SpawnOptions} */
	const options = {
		cwd: ROOT,
		stdio: ['ignore', 'pipe', 'pipe'],
		env: {
			...process.env,
			WRANGLER_SEND_METRICS: 'false',
			CLOUDFLARE_CF_FETCH_ENABLED: 'false',
			WRANGLER_LOG_SANITIZE: 'true',
			NO_COLOR: '1'
		}
	};
	const child = spawner
		? spawner('npx', args, options)
		: spawn('npx', args, { ...options, detached });
	const grouped = spawner !== undefined || detached;
	let exited = false;
	child.on('exit', () => (exited = true));
	// Never leave workerd behind when this process ends, whatever ends it.
	process.on('exit', () => {
		if (!exited && child.pid !== undefined) {
			try {
				process.kill(grouped ? -child.pid : child.pid, 'SIGKILL');
			} catch {
				// already gone
			}
		}
	});
	let log = '';
	/** @param {NodeJS.WriteStream} out */
	const collect = (out) => {
		let partial = '';
		return (/** @type {Buffer} */ chunk) => {
			log = (log + chunk).slice(-LOG_LIMIT);
			if (stdio !== 'inherit') return;
			if (!hideLine) return void out.write(chunk);
			const lines = (partial + chunk).split('\n');
			partial = /** @type {string} */ (lines.pop());
			for (const line of lines) if (!hideLine(line)) out.write(`${line}\n`);
		};
	};
	child.stdout?.on('data', collect(process.stdout));
	child.stderr?.on('data', collect(process.stderr));

	const url = `http://127.0.0.1:${listenPort}`;
	const stop = async () => {
		if (exited || child.pid === undefined) return;
		try {
			process.kill(grouped ? -child.pid : child.pid, 'SIGTERM');
		} catch {
			return;
		}
		for (let i = 0; i < 50 && !exited; i++) await sleep(100);
		if (!exited) {
			try {
				process.kill(grouped ? -child.pid : child.pid, 'SIGKILL');
			} catch {
				// already gone
			}
		}
	};

	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		if (exited) throw new Error(`wrangler dev exited before it answered:\n${log}`);
		const listener = listenerOf(listenPort, child, grouped);
		if (listener === 'nobody' || listener === 'stranger') {
			// Not bound by our wrangler yet (or held by a stranger, which wrangler will report when
			// it fails to bind): nothing is sent to the port.
			await sleep(250);
			continue;
		}
		try {
			const res = await fetch(`${url}/api/health`);
			const body = /** @type {{ version?: string }} */ (await res.json().catch(() => ({})));
			if ((res.status === 200 || res.status === 503) && body.version === version) {
				return { url, port: listenPort, version, child, stop, output: () => log };
			}
		} catch {
			// not listening yet
		}
		await sleep(250);
	}
	await stop();
	throw new Error(`wrangler dev did not answer on ${url} within ${timeoutMs} ms:\n${log}`);
}
