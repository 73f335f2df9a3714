// `npm start` as a real process for the integration tests: started in a process group of its own,
// its output collected, and every process it ever had below it recorded (pid and start time, so a
// reused pid is not mistaken for a survivor), to prove that none is left once it has stopped.
import { spawn, type ChildProcess } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { ROOT } from '../../scripts/lib/dev-server.js';
import { processTable } from '../../scripts/lib/port-owner.js';

export interface StartedVigil {
	child: ChildProcess;
	/** The process group the test started it in (its pid). */
	pgid: number;
	output: () => string;
	/** Resolves with the first match of `pattern` in the output; rejects if it exits first. */
	waitFor: (pattern: RegExp, timeoutMs?: number) => Promise<RegExpMatchArray>;
	exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
	/** Every process seen below it so far, and every process group they were in. */
	seen: () => { processes: { pid: number; starttime: string }[]; groups: Set<number> };
	/** Processes seen below it that are still alive now (same pid and start time), and live members of its groups. */
	survivors: () => { pid: number; pgid: number; starttime: string }[];
}

/**
 * Starts `npm start` (`npm` true) or `node scripts/start.js` with `env` added to the environment.
 * @example
 * const vigil = startVigil({ PORT: '8802' });
 * await vigil.waitFor(/Vigil is running/);
 */
export function startVigil(env: Record<string, string>, { npm = false } = {}): StartedVigil {
	const child = spawn(npm ? 'npm' : process.execPath, npm ? ['start'] : ['scripts/start.js'], {
		cwd: ROOT,
		env: { ...process.env, ...env, NO_COLOR: '1' },
		stdio: ['ignore', 'pipe', 'pipe'],
		detached: true
	});
	const pgid = child.pid!;
	let out = '';
	const listeners = new Set<() => void>();
	const onData = (d: Buffer) => {
		out += d;
		for (const l of listeners) l();
	};
	child.stdout!.on('data', onData);
	child.stderr!.on('data', onData);
	const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
		child.once('exit', (code, signal) => resolve({ code, signal }))
	);
	let done = false;
	void exited.then(() => {
		done = true;
		for (const l of listeners) l();
	});

	const processes = new Map<number, string>();
	const groups = new Set<number>([pgid]);
	const record = () => {
		const table = processTable() ?? [];
		const below = new Set<number>([pgid]);
		// Parents come before children only by chance: repeat until the set stops growing.
		for (let grew = true; grew;) {
			grew = false;
			for (const p of table)
				if (!below.has(p.pid) && (below.has(p.ppid) || groups.has(p.pgid))) {
					below.add(p.pid);
					grew = true;
				}
		}
		for (const p of table)
			if (below.has(p.pid)) {
				processes.set(p.pid, p.starttime);
				groups.add(p.pgid);
			}
	};
	const timer = setInterval(record, 100);
	void exited.then(() => {
		record();
		clearInterval(timer);
	});

	return {
		child,
		pgid,
		output: () => out,
		exited,
		waitFor(pattern, timeoutMs = 240_000) {
			return new Promise((resolve, reject) => {
				const check = () => {
					const m = out.match(pattern);
					if (m) {
						listeners.delete(check);
						clearTimeout(timeout);
						resolve(m);
					} else if (done) {
						listeners.delete(check);
						clearTimeout(timeout);
						reject(new Error(`exited before ${pattern} appeared:\n${out.slice(-3000)}`));
					}
				};
				const timeout = setTimeout(() => {
					listeners.delete(check);
					reject(
						new Error(`${pattern} did not appear within ${timeoutMs} ms:\n${out.slice(-3000)}`)
					);
				}, timeoutMs);
				listeners.add(check);
				check();
			});
		},
		seen: () => ({
			processes: [...processes].map(([pid, starttime]) => ({ pid, starttime })),
			groups: new Set(groups)
		}),
		survivors() {
			const table = processTable() ?? [];
			return table
				.filter((p) => processes.get(p.pid) === p.starttime || groups.has(p.pgid))
				.map(({ pid, pgid, starttime }) => ({ pid, pgid, starttime }));
		}
	};
}

/**
 * Waits until nothing `vigil` started is alive, up to `timeoutMs`; returns what is still alive then.
 * @example
 * expect(await survivorsAfter(vigil)).toEqual([]);
 */
export async function survivorsAfter(vigil: StartedVigil, timeoutMs = 20_000) {
	await vigil.exited;
	const deadline = Date.now() + timeoutMs;
	let left = vigil.survivors();
	while (left.length > 0 && Date.now() < deadline) {
		await sleep(200);
		left = vigil.survivors();
	}
	return left;
}

/** Last-resort cleanup for a failed test: kills every group the process had. */
export function killAll(vigil: StartedVigil | undefined) {
	if (!vigil) return;
	for (const pgid of vigil.seen().groups) {
		try {
			process.kill(-pgid, 'SIGKILL');
		} catch {
			// gone
		}
	}
}
