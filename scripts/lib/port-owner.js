// Who holds a TCP port, and is it free: so `npm start` can refuse a taken port by naming the process
// holding it, and can tell its own wrangler's listening socket from a stranger's.
// Linux: /proc/net/tcp{,6} give the listening socket's inode, /proc/<pid>/fd the process holding it.
// Elsewhere (or for another user's process /proc does not show): `ss`, then `lsof`, when installed.
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync, readlinkSync } from 'node:fs';
import { createServer } from 'node:net';

/** TCP state LISTEN in /proc/net/tcp (include/net/tcp_states.h: TCP_LISTEN = 10). */
const LISTEN = '0A';

/**
 * Socket inodes listening on `port` (any address), from the text of /proc/net/tcp or tcp6.
 * @param {string} table the file's text
 * @param {number} port
 * @returns {string[]}
 * @example
 * listeningInodes(readFileSync('/proc/net/tcp', 'utf8'), 8787); // ['49656']
 */
export function listeningInodes(table, port) {
	const inodes = [];
	for (const line of table.split('\n').slice(1)) {
		// sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout inode …
		const fields = line.trim().split(/\s+/);
		if (fields.length < 10) continue;
		const local = fields[1].split(':');
		if (fields[3] === LISTEN && Number.parseInt(local[1], 16) === port) inodes.push(fields[9]);
	}
	return inodes;
}

/**
 * The process group and state of a process, from /proc/<pid>/stat (proc(5): fields 3 and 5; the
 * command name, field 2, may itself hold spaces and parentheses, so fields are counted after it).
 * @param {string} stat the file's text
 * @returns {{ state: string, ppid: number, pgid: number, starttime: string }}
 * @example
 * parseStat('42 (node) S 1 42 42 0 -1 …'); // { state: 'S', ppid: 1, pgid: 42, … }
 */
export function parseStat(stat) {
	const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
	return { state: rest[0], ppid: Number(rest[1]), pgid: Number(rest[2]), starttime: rest[19] };
}

/**
 * Every live process visible in /proc with its parent, group and start time (undefined without /proc).
 * Zombies (state Z) have exited already and are left out.
 * @returns {{ pid: number, ppid: number, pgid: number, starttime: string }[] | undefined}
 */
export function processTable() {
	let pids;
	try {
		pids = readdirSync('/proc').filter((name) => /^\d+$/.test(name));
	} catch {
		return undefined;
	}
	const table = [];
	for (const name of pids) {
		try {
			const stat = parseStat(readFileSync(`/proc/${name}/stat`, 'utf8'));
			if (stat.state !== 'Z') table.push({ pid: Number(name), ...stat });
		} catch {
			// ended while we read
		}
	}
	return table;
}

/**
 * Whether any live process belongs to process group `pgid`. With /proc, zombies do not count
 * (a reaped-late workerd is no longer serving); without it, `kill(-pgid, 0)` answers.
 * @param {number} pgid
 */
export function groupAlive(pgid) {
	const table = processTable();
	if (table) return table.some((p) => p.pgid === pgid);
	try {
		process.kill(-pgid, 0);
		return true;
	} catch {
		return false;
	}
}

/** @param {number} pid */
function commandOf(pid) {
	try {
		const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
		if (argv.length > 0) return argv.join(' ').slice(0, 160);
	} catch {
		// not readable
	}
	try {
		return execFileSync('ps', ['-o', 'args=', '-p', String(pid)], { encoding: 'utf8' })
			.trim()
			.slice(0, 160);
	} catch {
		return undefined;
	}
}

/** @param {number} pid */
function groupOf(pid) {
	try {
		return parseStat(readFileSync(`/proc/${pid}/stat`, 'utf8')).pgid;
	} catch {
		// no /proc: ps knows
	}
	try {
		const out = execFileSync('ps', ['-o', 'pgid=', '-p', String(pid)], { encoding: 'utf8' });
		const pgid = Number(out.trim());
		return Number.isInteger(pgid) && pgid > 0 ? pgid : undefined;
	} catch {
		return undefined;
	}
}

/** @param {number} port */
function ownersFromProc(port) {
	let inodes;
	try {
		inodes = new Set([
			...listeningInodes(readFileSync('/proc/net/tcp', 'utf8'), port),
			...listeningInodes(readFileSync('/proc/net/tcp6', 'utf8'), port)
		]);
	} catch {
		return undefined;
	}
	if (inodes.size === 0) return [];
	const wanted = new Set([...inodes].map((inode) => `socket:[${inode}]`));
	const pids = [];
	for (const name of readdirSync('/proc').filter((n) => /^\d+$/.test(n))) {
		let fds;
		try {
			fds = readdirSync(`/proc/${name}/fd`);
		} catch {
			continue; // another user's process, or gone
		}
		for (const fd of fds) {
			try {
				if (wanted.has(readlinkSync(`/proc/${name}/fd/${fd}`))) {
					pids.push(Number(name));
					break;
				}
			} catch {
				// closed while we read
			}
		}
	}
	return pids;
}

/** @param {string} command @param {string[]} args */
function tryRun(command, args) {
	try {
		return execFileSync(command, args, {
			encoding: 'utf8',
			stdio: ['ignore', 'pipe', 'ignore'],
			timeout: 5_000
		});
	} catch {
		return undefined;
	}
}

/**
 * Pids listening on `port` according to `ss -ltnpH` output.
 * @param {string} out
 * @example
 * pidsFromSs('LISTEN 0 511 127.0.0.1:8787 0.0.0.0:* users:(("node",pid=123,fd=20))'); // [123]
 */
export function pidsFromSs(out) {
	return [...out.matchAll(/pid=(\d+)/g)].map((m) => Number(m[1]));
}

/**
 * Pids in `lsof -F p` output (one `p<pid>` line per process).
 * @param {string} out
 * @example
 * pidsFromLsof('p123\ncnode\n'); // [123]
 */
export function pidsFromLsof(out) {
	return [...out.matchAll(/^p(\d+)$/gm)].map((m) => Number(m[1]));
}

/**
 * The processes listening on `port`: from /proc, else `ss`, else `lsof`. An empty list means no tool
 * could name one (nothing listens, or the holder is hidden from this user); `undefined` means no
 * tool was available at all.
 * @param {number} port
 * @returns {{ pid: number, command?: string, pgid?: number }[] | undefined}
 * @example
 * portOwners(8787); // [{ pid: 4242, command: 'node server.js', pgid: 4242 }]
 */
export function portOwners(port) {
	let pids = ownersFromProc(port);
	if (!pids || pids.length === 0) {
		const ss = tryRun('ss', ['-ltnpH', `sport = :${port}`]);
		if (ss !== undefined) pids = pidsFromSs(ss);
	}
	if (!pids || pids.length === 0) {
		const lsof = tryRun('lsof', ['-nP', `-iTCP:${port}`, '-sTCP:LISTEN', '-Fp']);
		if (lsof !== undefined) pids = pidsFromLsof(lsof);
	}
	if (!pids) return undefined;
	return [...new Set(pids)].map((pid) => ({ pid, command: commandOf(pid), pgid: groupOf(pid) }));
}

/**
 * Whether `port` can be bound on `host` right now (a test bind, closed at once).
 * @param {number} port
 * @param {string} [host]
 * @returns {Promise<boolean>}
 * @example
 * if (!(await portIsFree(8787))) console.error(describePortHolder(8787));
 */
export function portIsFree(port, host = '127.0.0.1') {
	return new Promise((resolve, reject) => {
		const server = createServer();
		server.unref();
		server.once('error', (/** @type {NodeJS.ErrnoException} */ err) => {
			if (err.code === 'EADDRINUSE' || err.code === 'EACCES') resolve(false);
			else reject(err);
		});
		server.listen({ port, host, exclusive: true }, () => server.close(() => resolve(true)));
	});
}

/**
 * Who holds `port`, in words: "pid 4242 (node server.js)", or "another process" when no tool can say.
 * @param {number} port
 * @example
 * describePortHolder(8787); // 'pid 4242 (node server.js)'
 */
export function describePortHolder(port) {
	const owners = portOwners(port) ?? [];
	if (owners.length === 0) return 'another process';
	return owners
		.map(({ pid, command }) => (command ? `pid ${pid} (${command})` : `pid ${pid}`))
		.join(', ');
}
