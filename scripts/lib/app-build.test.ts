import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { appBuildState, forgetAppBuild, recordAppBuild, sourcesFingerprint } from './app-build.js';

describe('the app build fingerprint', () => {
	let root: string;
	const stamp = () => join(root, '.wrangler/app-build.json');
	const write = (path: string, text: string) => {
		mkdirSync(join(root, path, '..'), { recursive: true });
		writeFileSync(join(root, path), text);
	};

	beforeEach(() => {
		root = mkdtempSync(join(tmpdir(), 'vigil-app-build-'));
		write('src/routes/+page.svelte', '<h1>a</h1>');
		write('static/data/manifest.json', '{}');
		write('vite.config.ts', 'export default {}');
		write('README.md', '# readme');
		write('docs/app.md', '# app');
		write('build/index.html', '<html></html>');
		mkdirSync(join(root, '.wrangler'));
	});
	afterEach(() => rmSync(root, { recursive: true, force: true }));

	it('is fresh only after a recorded build of the same sources', () => {
		const first = appBuildState(root, stamp());
		expect(first.fresh).toBe(false);
		recordAppBuild(stamp(), first.fingerprint);
		expect(appBuildState(root, stamp()).fresh).toBe(true);
		forgetAppBuild(stamp());
		expect(appBuildState(root, stamp()).fresh).toBe(false);
	});

	it('changes with the app sources, static files, configs and VITE_ variables, not with docs', () => {
		const base = sourcesFingerprint(root, {});
		const later = new Date(Date.now() + 60_000);
		for (const path of ['src/routes/+page.svelte', 'static/data/manifest.json', 'vite.config.ts']) {
			utimesSync(join(root, path), later, later);
			expect(sourcesFingerprint(root, {}), path).not.toBe(base);
		}
		const now = sourcesFingerprint(root, {});
		expect(sourcesFingerprint(root, { VITE_API: 'x' })).not.toBe(now);
		write('README.md', '# a longer readme');
		write('docs/app.md', '# another page');
		write('.dev.vars', "VIGIL_TOKENS='[]'");
		expect(sourcesFingerprint(root, {})).toBe(now);
	});

	it('is stale when build/ is gone', () => {
		recordAppBuild(stamp(), appBuildState(root, stamp()).fingerprint);
		rmSync(join(root, 'build'), { recursive: true });
		expect(appBuildState(root, stamp()).fresh).toBe(false);
	});
});
