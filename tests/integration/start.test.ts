import { createServer, type Server } from 'node:http';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'dotenv';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../cli/main';
import { ROOT, freePort, hashToken, startDevServer } from '../../scripts/lib/dev-server.js';
import { portIsFree } from '../../scripts/lib/port-owner.js';
import { killAll, startVigil, survivorsAfter, type StartedVigil } from './start-process';

// `npm start` as a user runs it: interrupted at every step it must leave nothing running; a taken
// port is refused without a word to its holder; .dev.vars keeps what the user put there; and the
// monitoring job runs on its own schedule.
const dirs: string[] = [];
const scratch = (name: string) => {
	const dir = mkdtempSync(join(tmpdir(), `vigil-start-${name}-`));
	dirs.push(dir);
	return dir;
};
let vigil: StartedVigil | undefined;
let port: number;
// Shared by the runs that seed fully, so the demo profiles are built once.
let seededDir: string;

beforeAll(async () => {
	port = await freePort();
	seededDir = scratch('seeded');
});

afterEach(() => {
	killAll(vigil);
	vigil = undefined;
});

afterAll(() => {
	for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** Sends `signal` once `moment` shows in the output, then checks that nothing is left. */
async function interruptAt(
	moment: RegExp,
	signal: NodeJS.Signals,
	env: Record<string, string>,
	{ npm = false, group = false } = {}
) {
	vigil = startVigil({ PORT: String(port), ...env }, { npm });
	await vigil.waitFor(moment);
	const bound = !(await portIsFree(port));
	// A terminal's Ctrl+C reaches the whole foreground group; `kill` reaches one process.
	process.kill(group ? -vigil.pgid : vigil.pgid, signal);
	const { code } = await vigil.exited;
	expect(await survivorsAfter(vigil)).toEqual([]);
	expect(await portIsFree(port)).toBe(true);
	expect(vigil.output()).toContain(`${signal}: stopping every process this run started`);
	return { code, bound, seen: vigil.seen() };
}

// Each run waits for real builds and a real wrangler on a shared 2-core machine.
describe('npm start, interrupted', { timeout: 600_000 }, () => {
	it('during the app build stops vite on SIGINT', async () => {
		// Forget the recorded build, so this start rebuilds the app (the next one builds it again).
		rmSync(join(ROOT, '.wrangler/app-build.json'), { force: true });
		const { code, bound } = await interruptAt(/vite v[\d.]+ building/, 'SIGINT', {
			VIGIL_LOCAL_DIR: scratch('build'),
			VIGIL_DEV_VARS: join(scratch('build-vars'), '.dev.vars')
		});
		expect(bound).toBe(false);
		expect(code).toBe(130);
	});

	it('while wrangler starts, before the port is bound, stops wrangler and workerd on SIGTERM', async () => {
		const { code, bound, seen } = await interruptAt(/▶ Starting the Worker/, 'SIGTERM', {
			VIGIL_LOCAL_DIR: scratch('wrangler'),
			VIGIL_DEV_VARS: join(scratch('wrangler-vars'), '.dev.vars')
		});
		expect(bound).toBe(false);
		expect(code).toBe(143);
		// wrangler ran in a group of its own, and that group is gone too.
		expect(seen.groups.size).toBeGreaterThan(1);
	});

	it('during the seeding, while a reference profile is being built, stops it on SIGINT', async () => {
		const local = scratch('seeding');
		const { code, bound } = await interruptAt(/building the reference profile of/, 'SIGINT', {
			VIGIL_LOCAL_DIR: local,
			VIGIL_DEV_VARS: join(scratch('seeding-vars'), '.dev.vars')
		});
		expect(bound).toBe(true);
		expect(code).toBe(130);
		// The interrupted build left no profile behind to be taken for a finished one.
		expect(readdirSync(join(local, 'demo-profiles')).filter((f) => f.endsWith('.vgpf'))).toEqual(
			[]
		);
	});
});

describe('npm start, serving', { timeout: 900_000 }, () => {
	const userToken = 'vigil_user_added_token';

	it('keeps the .dev.vars a user wrote, runs the monitoring job on its own, and stops on SIGHUP', async () => {
		const devVars = join(scratch('vars'), '.dev.vars');
		const before = [
			'# mine',
			'EXTRA_SETTING="keep me"',
			`VIGIL_TOKENS='${JSON.stringify([
				{ name: 'user-added', sha256: hashToken(userToken), scopes: ['read'] },
				{ name: 'development', sha256: '0'.repeat(64), scopes: ['read'] }
			])}'`,
			''
		].join('\n');
		writeFileSync(devVars, before);
		vigil = startVigil({
			PORT: String(port),
			VIGIL_LOCAL_DIR: seededDir,
			VIGIL_DEV_VARS: devVars,
			VIGIL_MONITOR_INTERVAL_SECONDS: '5'
		});
		await vigil.waitFor(/Vigil is running/, 600_000);
		expect(vigil.output()).toContain('every 5 s (VIGIL_MONITOR_INTERVAL_SECONDS)');
		const url = `http://127.0.0.1:${port}`;
		const devToken = readFileSync(join(seededDir, 'dev-token'), 'utf8').trim();

		// .dev.vars: the user's line and token kept, only the development entry replaced …
		const after = readFileSync(devVars, 'utf8');
		expect(after.split('\n').slice(0, 2)).toEqual(['# mine', 'EXTRA_SETTING="keep me"']);
		const tokens = JSON.parse(parse(after).VIGIL_TOKENS);
		expect(tokens).toEqual([
			{ name: 'user-added', sha256: hashToken(userToken), scopes: ['read'] },
			{
				name: 'development',
				sha256: hashToken(devToken),
				scopes: ['ingest', 'read', 'admin', 'metrics']
			}
		]);
		// … and the Worker read that file: both tokens are accepted.
		for (const token of [userToken, devToken]) {
			const res = await fetch(`${url}/api/v1/models`, {
				headers: { authorization: `Bearer ${token}` }
			});
			expect(res.status).toBe(200);
		}

		// Live traffic with a drift, as in the tour; nobody calls the job: its schedule does.
		let out = '';
		const code = await main(
			[
				'simulate',
				'--api',
				url,
				'--token',
				devToken,
				'--model',
				'bike-demand',
				// One second of 300 records: one batch, so the job sees all of them or none.
				'--rate',
				'300',
				'--duration',
				'1',
				'--drift',
				'at=0,column=temp,kind=shift,amount=2',
				'--spool',
				join(seededDir, 'spool')
			],
			{ stdout: (t) => (out += t), stderr: () => undefined }
		);
		expect(code, out).toBe(0);
		const line = await vigil.waitFor(
			/\[monitoring job [\d:]+Z\] .*bike-demand report: report (\S+) from 300 records/,
			120_000
		);
		const latest = await fetch(`${url}/api/v1/reports/latest?model=bike-demand`, {
			headers: { authorization: `Bearer ${devToken}` }
		});
		expect(latest.status).toBe(200);
		const body = (await latest.json()) as {
			id: string;
			report: { current: { rows: number }; columns: { name: string; drifted: boolean }[] };
		};
		expect(body.id).toBe(line[1]);
		expect(body.report.current.rows).toBe(300);
		expect(body.report.columns.find((c) => c.name === 'temp')?.drifted).toBe(true);

		process.kill(vigil.pgid, 'SIGHUP');
		expect((await vigil.exited).code).toBe(0);
		expect(await survivorsAfter(vigil)).toEqual([]);
		expect(await portIsFree(port)).toBe(true);
	});

	it('on Ctrl+C in the terminal of `npm start` (SIGINT to the foreground group) stops everything', async () => {
		const { code } = await interruptAt(
			/Vigil is running/,
			'SIGINT',
			{ VIGIL_LOCAL_DIR: seededDir, VIGIL_DEV_VARS: join(scratch('ctrl-c'), '.dev.vars') },
			{ npm: true, group: true }
		);
		// The default schedule follows wrangler.toml's cron.
		expect(vigil!.output()).toContain('on "*/5 * * * *" (wrangler.toml, UTC)');
		// npm itself ends by the signal; node scripts/start.js stopped its children and exited 0.
		expect(code).toBeNull();
	});

	it('on SIGTERM to the node process while serving stops everything', async () => {
		const { code } = await interruptAt(/Vigil is running/, 'SIGTERM', {
			VIGIL_LOCAL_DIR: seededDir,
			VIGIL_DEV_VARS: join(scratch('term'), '.dev.vars')
		});
		expect(code).toBe(0);
	});
});

describe('a port someone else holds', { timeout: 300_000 }, () => {
	let stranger: Server;
	let strangerPort: number;
	const requests: { method: string; url: string; authorized: boolean }[] = [];

	beforeAll(async () => {
		// Looks like a Vigil (a stale one, say): 200 JSON on /api/health, 200 to everything.
		stranger = createServer((req, res) => {
			requests.push({
				method: req.method ?? '',
				url: req.url ?? '',
				authorized: req.headers.authorization !== undefined
			});
			res.writeHead(200, { 'content-type': 'application/json' });
			res.end(
				JSON.stringify({
					status: 'ok',
					version: '0.1.0',
					storage: { backend: 'r2', reachable: true }
				})
			);
		});
		strangerPort = await freePort();
		await new Promise<void>((done) => stranger.listen(strangerPort, '127.0.0.1', done));
	});

	afterAll(() => new Promise<void>((done) => stranger.close(() => done())));

	it('is refused before anything starts, naming the port and its holder, with no request sent', async () => {
		const local = scratch('stranger');
		vigil = startVigil({
			PORT: String(strangerPort),
			VIGIL_LOCAL_DIR: local,
			VIGIL_DEV_VARS: join(local, '.dev.vars')
		});
		const { code } = await vigil.exited;
		expect(code).toBe(1);
		expect(vigil.output()).toContain(
			`✗ port ${strangerPort} on 127.0.0.1 is taken by pid ${process.pid} (`
		);
		expect(vigil.output()).not.toContain('Vigil is running');
		expect(requests.filter((r) => r.authorized)).toEqual([]);
		expect(requests).toEqual([]);
		// Nothing seeded, nothing written: no state, no profiles, no token, no .dev.vars.
		expect(readdirSync(local)).toEqual([]);
		expect(await survivorsAfter(vigil)).toEqual([]);
	});

	it('is never asked anything by a wrangler that could not bind it', async () => {
		const local = scratch('stranger-dev');
		await expect(
			startDevServer({ port: strangerPort, persistTo: join(local, 'state'), timeoutMs: 120_000 })
		).rejects.toThrow(/exited before it answered[\s\S]*Address already in use/);
		expect(requests).toEqual([]);
	});
});
