// The Worker for the browser tests: the built app on a fixed port, fresh state, a known test token.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDevServer } from './lib/dev-server.js';
import { E2E_TOKEN } from '../tests/e2e/token.js';

const port = Number(process.argv[2] ?? 8791);
const persistTo = mkdtempSync(join(tmpdir(), 'vigil-e2e-'));
const server = await startDevServer({
	port,
	persistTo,
	detached: false,
	tokens: [{ name: 'e2e', token: E2E_TOKEN, scopes: ['ingest', 'read', 'admin', 'metrics'] }]
});
const stop = async () => {
	await server.stop();
	rmSync(persistTo, { recursive: true, force: true });
	process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
