// Every process `npm start` starts runs in a process group of its own, registered here, so that one
// call stops them all: wrangler with its workerd children, the builds, the profile builds. Signal
// handlers go in before the first spawn; after a stop has begun nothing new is started.
import { spawn } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { groupAlive } from './port-owner.js';

/** Thrown by `spawn` and `run` once a stop has begun: the caller's step is abandoned. */
export class StoppingError extends Error {
	constructor() {
		super('stopping');
		this.name = 'StoppingError';
	}
}

/** Exit status of a process ended by a signal, as a shell reports it (128 + the signal number). */
export const SIGNAL_STATUS = { SIGHUP: 129, SIGINT: 130, SIGTERM: 143 };

/**
 * @param {number} pgid
 * @param {NodeJS.Signals} signal
 */
function signalGroup(pgid, signal) {
	try {
		process.kill(-pgid, signal);
	} catch {
		// the group is gone
	}
}

export class Children {
	/** @type {Set<number>} process groups started and not yet known to be empty */
	#groups = new Set();
	/** @type {Promise<void> | undefined} */
	#stopping;

	constructor() {
		// Last resort when this process ends without a stop (an uncaught error): no group outlives it.
		process.on('exit', () => {
			for (const pgid of this.#groups) signalGroup(pgid, 'SIGKILL');
		});
		// Groups that emptied on their own are forgotten, so a group id the system hands out again
		// later is never signalled.
		setInterval(() => this.#prune(), 10_000).unref();
	}

	#prune() {
		for (const pgid of this.#groups) if (!groupAlive(pgid)) this.#groups.delete(pgid);
	}

	get stopping() {
		return this.#stopping !== undefined;
	}

	/**
	 * Starts `command` in a new process group (its leader is the child), registered for `stopAll`.
	 * @param {string} command
	 * @param {string[]} args
	 * @param {import('node:child_process').SpawnOptions} [options]
	 * @returns {import('node:child_process').ChildProcess}
	 * @example
	 * const child = children.spawn('npx', ['wrangler', 'dev'], { stdio: ['ignore', 'pipe', 'pipe'] });
	 */
	spawn(command, args, options = {}) {
		if (this.stopping) throw new StoppingError();
		this.#prune();
		const child = spawn(command, args, {
			stdio: ['ignore', 'inherit', 'inherit'],
			...options,
			detached: true
		});
		if (child.pid !== undefined) {
			const pgid = child.pid;
			this.#groups.add(pgid);
			// The leader's exit does not end the group (workerd may outlive npx): the group is
			// forgotten only once it is empty, which stopAll checks.
			child.once('exit', () => {
				if (!groupAlive(pgid)) this.#groups.delete(pgid);
			});
		}
		return child;
	}

	/**
	 * Runs a command to completion in its own process group; rejects when it fails or a stop begins.
	 * @param {string} command
	 * @param {string[]} args
	 * @param {import('node:child_process').SpawnOptions} [options]
	 * @returns {Promise<void>}
	 * @example
	 * await children.run('npx', ['vite', 'build'], { cwd: ROOT });
	 */
	run(command, args, options = {}) {
		return new Promise((resolve, reject) => {
			const child = this.spawn(command, args, options);
			child.once('error', reject);
			child.once('exit', (code, signal) => {
				if (this.stopping) reject(new StoppingError());
				else if (code === 0) resolve();
				else
					reject(
						new Error(
							`${[command, ...args].join(' ')} ${signal ? `was ended by ${signal}` : `exited with ${code}`}`
						)
					);
			});
		});
	}

	/**
	 * Stops every registered group: SIGTERM, then SIGKILL for what is still alive after `graceMs`.
	 * Resolves once no process of any group is left. Calling it again returns the same stop.
	 * @param {{ graceMs?: number }} [options]
	 * @returns {Promise<void>}
	 */
	stopAll({ graceMs = 5_000 } = {}) {
		this.#stopping ??= (async () => {
			for (const pgid of this.#groups) signalGroup(pgid, 'SIGTERM');
			const deadline = Date.now() + graceMs;
			while ([...this.#groups].some(groupAlive) && Date.now() < deadline) await sleep(100);
			for (const pgid of this.#groups) if (groupAlive(pgid)) signalGroup(pgid, 'SIGKILL');
			while ([...this.#groups].some(groupAlive)) await sleep(50);
			this.#groups.clear();
		})();
		return this.#stopping;
	}

	/**
	 * Kills every group at once (a second Ctrl+C while stopping).
	 */
	killAll() {
		for (const pgid of this.#groups) signalGroup(pgid, 'SIGKILL');
	}
}

/**
 * Installs SIGINT, SIGTERM and SIGHUP handlers that stop every child and then exit. Call it before
 * the first spawn. A second signal while stopping kills what is left at once.
 * @param {Children} children
 * @param {{ exitCode: (signal: NodeJS.Signals) => number, log?: (line: string) => void }} options
 *   `exitCode` says how the process ends for a signal (e.g. 0 once serving, 128 + n before).
 * @example
 * const children = new Children();
 * onStopSignals(children, { exitCode: (s) => SIGNAL_STATUS[s] });
 */
export function onStopSignals(children, { exitCode, log = (line) => console.log(line) }) {
	/** @param {NodeJS.Signals} signal */
	const handler = async (signal) => {
		if (children.stopping) {
			children.killAll();
			return;
		}
		log(`\n▶ ${signal}: stopping every process this run started`);
		await children.stopAll();
		process.exit(exitCode(signal));
	};
	for (const signal of /** @type {const} */ (['SIGINT', 'SIGTERM', 'SIGHUP'])) {
		process.on(signal, handler);
	}
}
