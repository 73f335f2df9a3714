// The monitoring job on its schedule under `npm start`. `wrangler dev` never fires cron triggers, so
// this drives the Worker's scheduled handler itself: at each time wrangler.toml's cron would fire it
// requests /__scheduled?cron=… (served because wrangler runs with --test-scheduled, on loopback
// only), then reads the job's run log (GET /api/v1/monitoring/runs) and prints one line per run.
import { setTimeout as sleep } from 'node:timers/promises';
import { nextFire, parseCron } from './cron.js';

/**
 * @typedef {{ model: string, last_run_at: string, last_outcome: string, last_message: string }} MonitorRun
 */

/**
 * The models whose run entry is new or changed since `seen`.
 * @param {Map<string, string>} seen model → last_run_at already reported
 * @param {MonitorRun[]} runs
 * @returns {MonitorRun[]}
 * @example
 * changedRuns(new Map(), [{ model: 'm', last_run_at: 't', last_outcome: 'report', last_message: '' }]);
 */
export function changedRuns(seen, runs) {
	return runs.filter((r) => seen.get(r.model) !== r.last_run_at);
}

/**
 * One line for a run of the job.
 * @param {Date} at when it was triggered
 * @param {MonitorRun[]} runs the models it ran for
 * @param {number} minPredictions what a model needs before the job reports on it
 * @example
 * describeRun(new Date(), [], 200); // '[monitoring job 10:05:00Z] no model had 200 new predictions …'
 */
export function describeRun(at, runs, minPredictions) {
	const when = `[monitoring job ${at.toISOString().slice(11, 19)}Z]`;
	if (runs.length === 0)
		return `${when} no model had ${minPredictions} new predictions since its last report; nothing to do`;
	return `${when} ${runs.map((r) => `${r.model} ${r.last_outcome}: ${r.last_message}`).join('; ')}`;
}

/**
 * Runs the monitoring job on a schedule against the local Worker at `url` until `stop()`.
 * @param {{ url: string, token: string, crons: string[], intervalSeconds?: number,
 *   minPredictions: number, log?: (line: string) => void, settleMs?: number, idleMs?: number }} options
 *   `intervalSeconds` replaces the crons by a fixed interval (tests, or a faster local loop).
 *   After a trigger the run log is read until it has been quiet `settleMs` after a change, or
 *   `idleMs` without one; entries that land later are reported with the next run.
 * @returns {{ stop: () => void, describe: string, ownRequest: (line: string) => boolean }}
 * @example
 * const schedule = scheduleMonitoring({ url, token, crons: ['*\/5 * * * *'], minPredictions: 200 });
 * // … later
 * schedule.stop();
 */
export function scheduleMonitoring({
	url,
	token,
	crons,
	intervalSeconds,
	minPredictions,
	log = (line) => console.log(line),
	settleMs = 2_000,
	idleMs = 10_000
}) {
	const parsed = intervalSeconds === undefined ? crons.map(parseCron) : [];
	let stopped = false;
	/** @type {NodeJS.Timeout | undefined} */
	let timer;
	/** @type {Map<string, string> | undefined} */
	let seen;
	let following = false;
	let triggered = false;
	const auth = { authorization: `Bearer ${token}` };

	async function readRuns() {
		const res = await fetch(`${url}/api/v1/monitoring/runs`, { headers: auth });
		if (!res.ok) throw new Error(`GET /api/v1/monitoring/runs answered ${res.status}`);
		const { runs } = /** @type {{ runs?: MonitorRun[] }} */ (await res.json());
		if (!Array.isArray(runs))
			throw new Error('GET /api/v1/monitoring/runs answered no `runs` list');
		return runs;
	}

	/** @param {string} cron */
	async function trigger(cron) {
		following = true;
		try {
			await follow(cron);
		} finally {
			// The last request's log line may come just after the answer.
			setTimeout(() => (following = false), 1_000).unref();
		}
	}

	/** @param {string} cron */
	async function follow(cron) {
		const at = new Date();
		triggered = false;
		seen ??= new Map((await readRuns()).map((r) => [r.model, r.last_run_at]));
		const res = await fetch(`${url}/__scheduled?cron=${encodeURIComponent(cron)}`);
		if (!res.ok) throw new Error(`/__scheduled answered ${res.status}`);
		// The job runs after the answer (waitUntil): follow its run log until it settles.
		triggered = true;
		const started = Date.now();
		let lastChange = 0;
		let changed = /** @type {MonitorRun[]} */ ([]);
		while (!stopped) {
			await sleep(500);
			const now = changedRuns(seen, await readRuns());
			if (
				now.length !== changed.length ||
				now.some((r, i) => r.last_run_at !== changed[i]?.last_run_at)
			) {
				changed = now;
				lastChange = Date.now();
			}
			if (lastChange > 0 ? Date.now() - lastChange >= settleMs : Date.now() - started >= idleMs)
				break;
		}
		if (stopped) return;
		for (const r of changed) seen.set(r.model, r.last_run_at);
		log(describeRun(at, changed, minPredictions));
	}

	/** The next run: the earliest cron's next minute, or the fixed interval. */
	function next() {
		const now = new Date();
		if (intervalSeconds !== undefined)
			return { at: new Date(now.getTime() + intervalSeconds * 1000), cron: crons[0] ?? '' };
		const fires = parsed.map((c) => ({ at: nextFire(c, now), cron: c.expression }));
		return fires.sort((a, b) => a.at.getTime() - b.at.getTime())[0];
	}

	function arm() {
		if (stopped) return;
		const { at, cron } = next();
		timer = setTimeout(
			() => {
				trigger(cron)
					.catch((err) =>
						log(
							`[monitoring job] ${triggered ? 'ran, but its run log could not be read' : 'not run'}: ${err instanceof Error ? err.message : err}`
						)
					)
					.finally(arm);
			},
			Math.max(0, at.getTime() - Date.now())
		);
	}

	const every =
		intervalSeconds !== undefined
			? `every ${intervalSeconds} s (VIGIL_MONITOR_INTERVAL_SECONDS)`
			: `on ${crons.map((c) => `"${c}"`).join(', ')} (wrangler.toml, UTC)`;
	if (intervalSeconds !== undefined || parsed.length > 0) arm();
	return {
		/**
		 * Whether a line of wrangler's request log is one of this schedule's own requests while a
		 * run is followed (about twenty per run): they are left out of the terminal.
		 * @param {string} line
		 */
		ownRequest(line) {
			return following && /\bGET \/(api\/v1\/monitoring\/runs|__scheduled)\b/.test(line);
		},
		stop() {
			stopped = true;
			clearTimeout(timer);
		},
		describe: parsed.length > 0 || intervalSeconds !== undefined ? every : 'never (no cron trigger)'
	};
}
