// `npm start`: build what is missing or out of date, run the Worker with the app and the API on
// http://127.0.0.1:8787 (state persisted in .wrangler/state), register the demo models, and run the
// monitoring job on wrangler.toml's cron.
//
// Every process it starts runs in a process group of its own and is stopped on SIGINT, SIGTERM or
// SIGHUP at any moment, handlers being installed before anything is spawned. A taken port is refused
// before anything starts, naming the process holding it; requests carrying the token only go to the
// wrangler this run started (see scripts/lib/dev-server.js).
//
// Environment: PORT (8787); VIGIL_LOCAL_DIR (.wrangler: state, dev token, demo profiles);
// VIGIL_DEV_VARS (.dev.vars); VIGIL_MONITOR_INTERVAL_SECONDS (a fixed interval instead of the cron).
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { appBuildState, forgetAppBuild, recordAppBuild } from './lib/app-build.js';
import { Children, SIGNAL_STATUS, StoppingError, onStopSignals } from './lib/children.js';
import { cronsOf, parseCron } from './lib/cron.js';
import { DEVELOPMENT_TOKEN_NAME, updateDevVars } from './lib/dev-vars.js';
import { ROOT, hashToken, newToken, startDevServer } from './lib/dev-server.js';
import { scheduleMonitoring } from './lib/monitor-schedule.js';
import { describePortHolder, portIsFree } from './lib/port-owner.js';
import { seedDemo } from './seed-demo.js';

// First of all: from here on a signal stops whatever has been started, at any step.
const children = new Children();
let serving = false;
onStopSignals(children, {
	// Stopping a running server is the normal way to end it; an interrupted start-up is not.
	exitCode: (signal) => (serving ? 0 : SIGNAL_STATUS[/** @type {keyof SIGNAL_STATUS} */ (signal)])
});

/** @param {string} message */
function fail(message) {
	console.error(`\n✗ ${message}`);
	process.exitCode = 1;
	return children.stopAll().then(() => process.exit(1));
}

const env = process.env;
const port = Number(env.PORT ?? 8787);
if (!Number.isInteger(port) || port < 1 || port > 65535)
	await fail(`PORT must be a TCP port number (1–65535), got '${env.PORT}'`);
const localDir = resolve(ROOT, env.VIGIL_LOCAL_DIR ?? '.wrangler');
const devVarsPath = resolve(ROOT, env.VIGIL_DEV_VARS ?? '.dev.vars');
const toml = readFileSync(join(ROOT, 'wrangler.toml'), 'utf8');
const crons = cronsOf(toml);
const minPredictions = Number(/^MONITOR_MIN_PREDICTIONS\s*=\s*"(\d+)"/m.exec(toml)?.[1] ?? 200);
let intervalSeconds;
if (env.VIGIL_MONITOR_INTERVAL_SECONDS !== undefined) {
	intervalSeconds = Number(env.VIGIL_MONITOR_INTERVAL_SECONDS);
	if (!(intervalSeconds > 0))
		await fail(
			`VIGIL_MONITOR_INTERVAL_SECONDS must be a number of seconds > 0, got '${env.VIGIL_MONITOR_INTERVAL_SECONDS}'`
		);
} else {
	for (const cron of crons) {
		try {
			parseCron(cron);
		} catch (err) {
			await fail(
				`wrangler.toml: ${err instanceof Error ? err.message : err}; set VIGIL_MONITOR_INTERVAL_SECONDS to run the job locally`
			);
		}
	}
}

const portTaken = (/** @type {number} */ p) =>
	`port ${p} on 127.0.0.1 is taken by ${describePortHolder(p)}. Stop it, or start Vigil on another port: PORT=${p + 1} npm start`;

// The port before anything is built or started: a stranger on it (a stale Vigil included) is
// refused and never sent anything.
if (!(await portIsFree(port))) await fail(portTaken(port));

/**
 * @param {string} label
 * @param {string[]} command
 */
async function step(label, command) {
	console.log(`\n▶ ${label}`);
	await children.run(command[0], command.slice(1), { cwd: ROOT });
}

/** @type {ReturnType<typeof scheduleMonitoring> | undefined} */
let schedule;
try {
	if (!existsSync(join(ROOT, 'static/data/manifest.json')))
		await step('Building the demo data', ['npm', 'run', 'data']);
	if (!existsSync(join(ROOT, 'static/models/manifest.json')))
		await step('Building the demo models', ['npm', 'run', 'models']);
	mkdirSync(localDir, { recursive: true });
	const stamp = join(ROOT, '.wrangler/app-build.json');
	mkdirSync(join(ROOT, '.wrangler'), { recursive: true });
	const build = appBuildState(ROOT, stamp);
	if (build.fresh) console.log('\n▶ The app in build/ is up to date with the sources');
	else {
		forgetAppBuild(stamp);
		await step('Building the app', ['npx', 'vite', 'build']);
		recordAppBuild(stamp, build.fingerprint);
	}

	// A development token, made once per checkout and kept out of the repo (.wrangler is ignored).
	const tokenFile = join(localDir, 'dev-token');
	const token = existsSync(tokenFile) ? readFileSync(tokenFile, 'utf8').trim() : newToken();
	writeFileSync(tokenFile, `${token}\n`, { mode: 0o600 });
	// .dev.vars is the user's: only the development token's own entry is added or replaced.
	try {
		updateDevVars(devVarsPath, {
			name: DEVELOPMENT_TOKEN_NAME,
			sha256: hashToken(token),
			scopes: ['ingest', 'read', 'admin', 'metrics']
		});
	} catch (err) {
		await fail(`${err instanceof Error ? err.message : err}. It was left as it is.`);
	}

	// The build took a while: the port may have been taken meanwhile.
	if (!(await portIsFree(port))) await fail(portTaken(port));
	console.log('\n▶ Starting the Worker (wrangler dev)');
	const server = await startDevServer({
		port,
		persistTo: join(localDir, 'state'),
		// wrangler reads .dev.vars beside wrangler.toml by itself; another file must be named.
		envFile: devVarsPath === join(ROOT, '.dev.vars') ? undefined : devVarsPath,
		stdio: 'inherit',
		testScheduled: true,
		timeoutMs: 180_000,
		spawner: (command, args, options) => children.spawn(command, args, options),
		hideLine: (line) => schedule?.ownRequest(line) ?? false
	});
	server.child.on('exit', (code) => {
		if (children.stopping) return;
		console.error(`\n✗ wrangler dev ended (${code ?? 'signal'}); stopping`);
		void children.stopAll().then(() => process.exit(code || 1));
	});

	// Seed the demo model registry and reference profiles into local storage (idempotent).
	console.log('\n▶ Registering the demo models with their reference profiles');
	try {
		await seedDemo({
			url: server.url,
			token,
			profiles: join(localDir, 'demo-profiles'),
			run: (command, args, options) => children.run(command, args, options)
		});
	} catch (err) {
		if (err instanceof StoppingError) throw err;
		// The app and the API still work without the demo registry; say what went wrong.
		console.error(
			`  ✗ the demo models were not registered: ${err instanceof Error ? err.message : err}`
		);
	}

	schedule = scheduleMonitoring({
		url: server.url,
		token,
		crons,
		intervalSeconds,
		minPredictions
	});
	serving = true;
	console.log(`
  Vigil is running.

    App and API      ${server.url}
    Prometheus       ${server.url}/metrics
    Dev token        ${token}
    Monitoring job   ${schedule.describe}; each run is logged here

  Paste the token into Settings in the app (it stays on this device). Stop with Ctrl+C.
`);
} catch (err) {
	// A stop in progress ends the process itself once every child is gone.
	if (!(err instanceof StoppingError) && !children.stopping)
		await fail(err instanceof Error ? err.message : String(err));
}
