// `npm run bench [name…]`: runs bench/<name>/run.ts for each name (all when none is given). Each
// benchmark measures its baseline in the same run and writes bench/results/<name>.{json,md}.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './lib/dev-server.js';

const available = readdirSync(join(ROOT, 'bench'), { withFileTypes: true })
	.filter((d) => d.isDirectory() && existsSync(join(ROOT, 'bench', d.name, 'run.ts')))
	.map((d) => d.name)
	.sort();
const wanted = process.argv.slice(2);
const unknown = wanted.filter((name) => !available.includes(name));
if (unknown.length > 0) {
	console.error(`Unknown benchmark ${unknown.join(', ')}; available: ${available.join(', ')}`);
	process.exit(2);
}
let failed = 0;
for (const name of wanted.length > 0 ? wanted : available) {
	console.log(`\n━━━ bench ${name}`);
	const { status } = spawnSync('npx', ['tsx', join('bench', name, 'run.ts')], {
		cwd: ROOT,
		stdio: 'inherit',
		env: { ...process.env, WRANGLER_SEND_METRICS: 'false', CLOUDFLARE_CF_FETCH_ENABLED: 'false' }
	});
	if (status !== 0) failed++;
}
process.exit(failed === 0 ? 0 : 1);
