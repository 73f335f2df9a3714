// The registry this project installs from does not carry every platform build of some native
// packages (@duckdb/node-bindings, @cloudflare/workerd), so `npm install` leaves those builds out of
// package-lock.json and `npm ci` then refuses the lock as out of sync. This records each missing
// platform build as an optional entry with its os/cpu, which npm never fetches on a platform it
// does not match. Run it after `npm install` changes the lock.
import { readFileSync, writeFileSync } from 'node:fs';

const lockPath = new URL('../package-lock.json', import.meta.url);
const lock = JSON.parse(readFileSync(lockPath, 'utf8'));

/** @param {string} name */
function platformOf(name) {
	const os = /darwin/.test(name)
		? 'darwin'
		: /win32|windows/.test(name)
			? 'win32'
			: /linux/.test(name)
				? 'linux'
				: /freebsd/.test(name)
					? 'freebsd'
					: undefined;
	const cpu = /arm64|aarch64/.test(name)
		? 'arm64'
		: /x64|-64\b|x86_64/.test(name)
			? 'x64'
			: undefined;
	const libc = os === 'linux' ? (/musl/.test(name) ? 'musl' : 'glibc') : undefined;
	return os && cpu ? { os, cpu, libc } : undefined;
}

/**
 * Where npm finds `dep` from a package installed at `at`: the nearest entry on the way up.
 * @param {string} at
 * @param {string} dep
 * @param {string} version
 */
function resolveFrom(at, dep, version) {
	let dir = at;
	for (;;) {
		const key = `${dir ? `${dir}/` : ''}node_modules/${dep}`;
		if (lock.packages[key]) return lock.packages[key].version === version ? key : undefined;
		const cut = dir.lastIndexOf('/node_modules/');
		if (dir === '') return undefined;
		dir = cut === -1 ? '' : dir.slice(0, cut);
	}
}

let added = 0;
for (const [at, entry] of Object.entries(lock.packages)) {
	if (at === '' || !entry.optionalDependencies) continue;
	const deps = Object.entries(entry.optionalDependencies);
	// Only platform-build families: at least one sibling of the same family is present.
	const present = deps
		.map(([dep, range]) => resolveFrom(at, dep, range.replace(/^[\^~=]/, '')))
		.filter((key) => key !== undefined);
	if (present.length === 0) continue;
	const home = present[0].slice(
		0,
		present[0].lastIndexOf('node_modules/') + 'node_modules/'.length
	);
	for (const [dep, range] of deps) {
		const version = range.replace(/^[\^~=]/, '');
		if (resolveFrom(at, dep, version)) continue;
		const platform = platformOf(dep);
		if (!platform) continue;
		lock.packages[`${home}${dep}`] = {
			version,
			cpu: [platform.cpu],
			...(entry.dev ? { dev: true } : {}),
			optional: true,
			os: [platform.os],
			...(platform.libc ? { libc: [platform.libc] } : {})
		};
		added++;
	}
}
writeFileSync(lockPath, `${JSON.stringify(lock, null, 2)}\n`);
console.log(`added ${added} platform stub entries to package-lock.json`);
