// `npm run bench:start`: time from `npm start` (node scripts/start.js) to "Vigil is running" on a
// warm machine (the app in build/ up to date, the demo profiles built, the local state there, so the
// seeding only uploads) and with the seeding from scratch (a fresh local folder: the six reference
// profiles are built and uploaded into empty state). Baseline in the same run: `wrangler dev` alone
// to its first health answer (scripts/lib/dev-server.js), the floor every start pays. Rounds
// interleave the three. Writes bench/results/start.{json,md}.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort, startDevServer } from '../../scripts/lib/dev-server.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const scratch = mkdtempSync(join(tmpdir(), 'vigil-bench-start-'));
const warmDir = join(scratch, 'warm');

const median = (xs: number[]) => {
	const s = [...xs].sort((a, b) => a - b);
	return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/** Seconds from spawning `node scripts/start.js` to its "Vigil is running"; then stops it (SIGINT). */
async function timeStart(localDir: string): Promise<number> {
	const port = await freePort();
	const started = performance.now();
	const child = spawn(process.execPath, ['scripts/start.js'], {
		cwd: ROOT,
		env: {
			...process.env,
			PORT: String(port),
			VIGIL_LOCAL_DIR: localDir,
			VIGIL_DEV_VARS: join(localDir, '.dev.vars')
		},
		stdio: ['ignore', 'pipe', 'pipe'],
		detached: true
	});
	let out = '';
	const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
	const running = new Promise<number>((resolve, reject) => {
		const onData = (d: Buffer) => {
			out += d;
			if (out.includes('Vigil is running')) resolve((performance.now() - started) / 1000);
		};
		child.stdout!.on('data', onData);
		child.stderr!.on('data', onData);
		void exited.then((code) =>
			reject(new Error(`npm start exited (${code}):\n${out.slice(-3000)}`))
		);
	});
	const seconds = await running;
	if (out.includes('✗')) throw new Error(`npm start reported a failure:\n${out.slice(-3000)}`);
	process.kill(child.pid!, 'SIGINT');
	await exited;
	return seconds;
}

/** Seconds from spawning `wrangler dev` to its first health answer. */
async function timeWrangler(): Promise<number> {
	const started = performance.now();
	const server = await startDevServer({ persistTo: join(scratch, 'wrangler-state') });
	const seconds = (performance.now() - started) / 1000;
	await server.stop();
	return seconds;
}

const loadBefore = loadavg()[0];
// One start that builds what is missing (the app, the profiles) and is not counted: after it the
// machine is warm.
console.log('warming up (builds the app if its sources changed, and the demo profiles)');
mkdirSync(warmDir, { recursive: true });
await timeStart(warmDir);

const runs = { warm: [] as number[], seeding: [] as number[], wrangler: [] as number[] };
for (let round = 1; round <= ROUNDS; round++) {
	runs.wrangler.push(await timeWrangler());
	runs.warm.push(await timeStart(warmDir));
	const fresh = join(scratch, `fresh-${round}`);
	runs.seeding.push(await timeStart(fresh));
	rmSync(fresh, { recursive: true, force: true });
	console.log(
		`round ${round}: wrangler ${runs.wrangler.at(-1)!.toFixed(1)} s, warm ${runs.warm.at(-1)!.toFixed(1)} s, seeding from scratch ${runs.seeding.at(-1)!.toFixed(1)} s`
	);
}
const loadAfter = loadavg()[0];
rmSync(scratch, { recursive: true, force: true });

const results = {
	rounds: ROUNDS,
	machine: {
		cores: cpus().length,
		node: process.version,
		load_before: loadBefore,
		load_after: loadAfter
	},
	date: new Date().toISOString(),
	median_seconds: {
		wrangler: median(runs.wrangler),
		warm: median(runs.warm),
		seeding: median(runs.seeding)
	},
	runs_seconds: runs
};
const row = (label: string, xs: number[]) =>
	`| ${label} | ${median(xs).toFixed(1)} | ${xs.map((x) => x.toFixed(1)).join(', ')} | ${(median(xs) / median(runs.wrangler)).toFixed(2)}× |`;
const md = `# bench:start

Time from \`node scripts/start.js\` (what \`npm start\` runs) to its "Vigil is running" line. ${ROUNDS}
rounds, interleaved, median. Machine: ${cpus().length} cores, Node ${process.version},
${results.date.slice(0, 10)}; load average ${loadBefore.toFixed(1)} at the start, ${loadAfter.toFixed(1)} at the end (the
machine is shared: these are upper bounds).

| start | median s | runs s | vs wrangler alone |
| --- | ---: | --- | ---: |
${row('warm: app up to date, profiles built, state there (seeding = uploads)', runs.warm)}
${row('with the seeding from scratch: six reference profiles built, then uploaded', runs.seeding)}
${row('baseline: `wrangler dev` alone to its first health answer', runs.wrangler)}

A warm start is the port check, the app's fingerprint (no build), wrangler, and the registration of
the three demo models. The seeding from scratch adds \`vigil profile build\` twice per model (the
reference profile and the advanced reference). An app rebuild, when the sources changed, adds
\`vite build\` on top (not measured here).

Run with \`npm run bench:start\` (BENCH_ROUNDS=n to change the rounds).
`;
mkdirSync(join(ROOT, 'bench/results'), { recursive: true });
writeFileSync(join(ROOT, 'bench/results/start.json'), `${JSON.stringify(results, null, '\t')}\n`);
writeFileSync(join(ROOT, 'bench/results/start.md'), md);
console.log(md);
