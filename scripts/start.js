// `npm start`: build the app, make sure the demo data and models exist, and run the Worker with the
// app and the API on http://127.0.0.1:8787, state persisted in .wrangler/state.
import { execSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, hashToken, newToken, startDevServer } from './lib/dev-server.js';
import { seedDemo } from './seed-demo.js';

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
console.log('\n▶ Registering the demo models with their reference profiles');
try {
	await seedDemo({ url: server.url, token });
} catch (err) {
	// The app and the API still work without the demo registry; say what went wrong.
	console.error(
		`  ✗ the demo models were not registered: ${err instanceof Error ? err.message : err}`
	);
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
