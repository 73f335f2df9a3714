// `npm start`: build the app, make sure the demo data and models exist, and run the Worker with the
// app and the API on http://127.0.0.1:8787, state persisted in .wrangler/state.
import { execSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, hashToken, newToken, startDevServer } from './lib/dev-server.js';

const PORT = Number(process.env.PORT ?? 8787);

function run(label, command) {
	console.log(`\n▶ ${label}`);
	execSync(command, { cwd: ROOT, stdio: 'inherit' });
}

if (!existsSync(join(ROOT, 'static/data/manifest.json')))
	run('Building the demo data', 'npm run data');
if (!existsSync(join(ROOT, 'static/models/manifest.json')))
	run('Building the demo models', 'npm run models');
run('Building the app', 'npx vite build');

// A development token, made once per checkout and kept out of the repo (.wrangler is ignored).
const tokenFile = join(ROOT, '.wrangler/dev-token');
mkdirSync(join(ROOT, '.wrangler'), { recursive: true });
const token = existsSync(tokenFile) ? readFileSync(tokenFile, 'utf8').trim() : newToken();
writeFileSync(tokenFile, `${token}\n`, { mode: 0o600 });
const tokens = [
	{ name: 'development', sha256: hashToken(token), scopes: ['ingest', 'read', 'admin', 'metrics'] }
];
writeFileSync(join(ROOT, '.dev.vars'), `VIGIL_TOKENS='${JSON.stringify(tokens)}'\n`, {
	mode: 0o600
});

console.log('\n▶ Starting the Worker (wrangler dev)');
const server = await startDevServer({ port: PORT, stdio: 'inherit', timeoutMs: 180_000 });

// Seed the demo model registry and reference profiles into local storage (idempotent).
if (existsSync(join(ROOT, 'scripts/seed-demo.js'))) {
	const { seedDemo } = await import('./seed-demo.js');
	await seedDemo({ url: server.url, token });
}

console.log(`
  Vigil is running.

    App and API   ${server.url}
    Prometheus    ${server.url}/metrics
    Dev token     ${token}

  Paste the token into Settings in the app (it stays on this device). Stop with Ctrl+C.
`);

const shutdown = async () => {
	await server.stop();
	process.exit(0);
};
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
server.child.on('exit', (code) => process.exit(code ?? 0));
