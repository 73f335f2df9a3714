// Whether build/ (the app the Worker serves) was built from the checkout as it is now, so `npm start`
// rebuilds only after a change. The fingerprint covers what `vite build` reads: src/ and static/
// (sizes and modification times), the files at the top of the checkout (configs, package files,
// .env), the installed packages' lockfile, and VITE_/PUBLIC_ variables. The app imports nothing from
// the other folders (the Worker and the CLI import from src/, never the other way), so editing docs,
// tests or the Worker does not rebuild it. The fingerprint is recorded only after a build succeeded.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';

/** The folders the app is built from. */
const INPUT_DIRS = ['src', 'static'];

/** Top-level files that are not build inputs: the docs, and the local secrets npm start writes. */
const NOT_INPUT = /^\.dev\.vars|\.md$|\.log$/;

/**
 * @param {string} root
 * @param {string} dir
 * @param {string[]} out
 */
function walk(root, dir, out) {
	for (const entry of readdirSync(dir, { withFileTypes: true })) {
		const path = join(dir, entry.name);
		if (entry.isDirectory()) walk(root, path, out);
		else if (entry.isFile()) {
			const { size, mtimeMs } = statSync(path);
			out.push(`${relative(root, path)}\0${size}\0${mtimeMs}`);
		}
	}
}

/**
 * The fingerprint of everything `vite build` in `root` can read.
 * @param {string} root
 * @param {NodeJS.ProcessEnv} [env]
 * @returns {string} SHA-256 hex
 * @example
 * sourcesFingerprint(ROOT) === JSON.parse(readFileSync(stampPath, 'utf8')).fingerprint;
 */
export function sourcesFingerprint(root, env = process.env) {
	const lines = [];
	for (const dir of INPUT_DIRS) if (existsSync(join(root, dir))) walk(root, join(root, dir), lines);
	for (const entry of readdirSync(root, { withFileTypes: true }))
		if (entry.isFile() && !NOT_INPUT.test(entry.name)) {
			const { size, mtimeMs } = statSync(join(root, entry.name));
			lines.push(`${entry.name}\0${size}\0${mtimeMs}`);
		}
	const installed = join(root, 'node_modules/.package-lock.json');
	if (existsSync(installed)) {
		const { size, mtimeMs } = statSync(installed);
		lines.push(`node_modules/.package-lock.json\0${size}\0${mtimeMs}`);
	}
	for (const [key, value] of Object.entries(env))
		if (/^(VITE_|PUBLIC_)/.test(key)) lines.push(`env:${key}=${value}`);
	return createHash('sha256').update(lines.sort().join('\n')).digest('hex');
}

/**
 * What to do about build/: `fresh` (built from these sources) or `stale` with the fingerprint to
 * record once the new build succeeded.
 * @param {string} root
 * @param {string} stampPath
 * @returns {{ fresh: boolean, fingerprint: string }}
 * @example
 * const { fresh, fingerprint } = appBuildState(ROOT, join(ROOT, '.wrangler/app-build.json'));
 */
export function appBuildState(root, stampPath) {
	const fingerprint = sourcesFingerprint(root);
	if (!existsSync(join(root, 'build/index.html')) || !existsSync(stampPath))
		return { fresh: false, fingerprint };
	try {
		return {
			fresh: JSON.parse(readFileSync(stampPath, 'utf8')).fingerprint === fingerprint,
			fingerprint
		};
	} catch {
		return { fresh: false, fingerprint };
	}
}

/**
 * Forgets the recorded build (before a build starts: an interrupted one must not pass as fresh).
 * @param {string} stampPath
 */
export function forgetAppBuild(stampPath) {
	rmSync(stampPath, { force: true });
}

/**
 * Records that build/ now matches `fingerprint`.
 * @param {string} stampPath
 * @param {string} fingerprint
 */
export function recordAppBuild(stampPath, fingerprint) {
	writeFileSync(
		stampPath,
		`${JSON.stringify({ fingerprint, built_at: new Date().toISOString() })}\n`
	);
}
