// `npm test`: every check, in order, with a summary. Fails (never skips) when a tool is missing.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { ROOT } from './lib/dev-server.js';

const only = process.argv.slice(2);

function which(command) {
	const found = spawnSync('sh', ['-c', `command -v ${command}`], { encoding: 'utf8' });
	return found.status === 0 ? found.stdout.trim() : undefined;
}

const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const missing = [];
if (!existsSync(chromium)) {
	missing.push(
		`Chromium is missing at ${chromium}: install it with \`sudo apt-get update && sudo apt-get install -y chromium\` (or set CHROMIUM_PATH)`
	);
}
if (!which('promtool') || !which('prometheus')) {
	missing.push(
		'promtool and prometheus are missing: install them with `sudo apt-get update && sudo apt-get install -y prometheus`'
	);
}

/** @type {{ name: string, command: string }[]} */
const steps = [
	{ name: 'lint', command: 'npx eslint . && npx prettier --check .' },
	{ name: 'types', command: 'npm run check' },
	{ name: 'unit', command: 'npx vitest run --project unit' },
	{ name: 'worker', command: 'npx vitest run --project worker' },
	{ name: 'build', command: 'npx vite build' },
	{ name: 'integration', command: 'npx vitest run --project integration' },
	{ name: 'e2e', command: 'npx playwright test' }
].filter((step) => only.length === 0 || only.includes(step.name));

if (missing.length > 0) {
	for (const line of missing) console.error(`✗ ${line}`);
	console.error('\n0 passed, 1 failed');
	process.exit(1);
}

const results = [];
for (const step of steps) {
	console.log(`\n━━━ ${step.name}: ${step.command}`);
	const started = Date.now();
	const { status } = spawnSync(step.command, {
		cwd: ROOT,
		stdio: 'inherit',
		shell: true,
		env: { ...process.env, WRANGLER_SEND_METRICS: 'false', CLOUDFLARE_CF_FETCH_ENABLED: 'false' }
	});
	results.push({ name: step.name, ok: status === 0, seconds: (Date.now() - started) / 1000 });
	console.log(`━━━ ${step.name}: ${status === 0 ? 'passed' : `FAILED (exit ${status})`}`);
}

console.log('\nSummary');
for (const r of results)
	console.log(`  ${r.ok ? '✓' : '✗'} ${r.name.padEnd(12)} ${r.seconds.toFixed(1)} s`);
const failed = results.filter((r) => !r.ok).length;
console.log(`\n${results.length - failed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
