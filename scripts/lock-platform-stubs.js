// The registry this project installs from does not carry every platform build of
// @duckdb/node-bindings, so `npm install` leaves them out of package-lock.json and `npm ci` then
// refuses the lock as out of sync. Recording the missing platform packages as optional entries
// (never fetched on a platform they do not match) keeps `npm ci` working.
import { readFileSync, writeFileSync } from 'node:fs';

const lockPath = new URL('../package-lock.json', import.meta.url);
const lock = JSON.parse(readFileSync(lockPath, 'utf8'));
const parent = lock.packages['node_modules/@duckdb/node-bindings'];
if (!parent) {
	console.log('no @duckdb/node-bindings in the lock: nothing to do');
	process.exit(0);
}
const platforms = {
	'darwin-arm64': ['darwin', 'arm64'],
	'darwin-x64': ['darwin', 'x64'],
	'linux-arm64': ['linux', 'arm64', 'glibc'],
	'linux-arm64-musl': ['linux', 'arm64', 'musl'],
	'linux-x64': ['linux', 'x64', 'glibc'],
	'linux-x64-musl': ['linux', 'x64', 'musl'],
	'win32-arm64': ['win32', 'arm64'],
	'win32-x64': ['win32', 'x64']
};
let added = 0;
for (const name of Object.keys(parent.optionalDependencies ?? {})) {
	const key = `node_modules/${name}`;
	if (lock.packages[key]) continue;
	const suffix = name.replace('@duckdb/node-bindings-', '');
	const [os, cpu, libc] = platforms[suffix] ?? [];
	if (!os) throw new Error(`unknown platform package ${name}`);
	lock.packages[key] = {
		version: parent.optionalDependencies[name],
		cpu: [cpu],
		dev: parent.dev === true ? true : undefined,
		license: 'MIT',
		optional: true,
		os: [os],
		...(libc ? { libc: [libc] } : {})
	};
	added++;
}
writeFileSync(lockPath, `${JSON.stringify(lock, null, 2)}\n`);
console.log(`added ${added} platform stub entries to package-lock.json`);
