import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { signIn } from './app-helpers';

test('the service worker caches this deployment under its version and drops older caches', async ({
	page
}) => {
	await signIn(page);
	// A cache left by an older deployment, to be cleaned when this version activates.
	await page.addInitScript(() => void caches.open('vigil-stale-deployment'));
	await page.goto('/');
	await page.evaluate(async () => {
		await navigator.serviceWorker.ready;
		if (!navigator.serviceWorker.controller) {
			await new Promise((resolve) =>
				navigator.serviceWorker.addEventListener('controllerchange', resolve, { once: true })
			);
		}
	});
	const { version } = JSON.parse(readFileSync('build/_app/version.json', 'utf8')) as {
		version: string;
	};
	await expect.poll(() => page.evaluate(() => caches.keys())).toEqual([`vigil-${version}`]);
	const cached = await page.evaluate(async (name) => {
		const cache = await caches.open(name);
		return (await cache.keys()).map((r) => new URL(r.url).pathname);
	}, `vigil-${version}`);
	// The entry page and every built chunk, so any route renders offline.
	expect(cached).toContain('/');
	expect(cached.filter((p) => p.startsWith('/_app/immutable/')).length).toBeGreaterThan(10);
	// The first install takes the page without a prompt; the prompt is for later versions.
	await expect(page.getByTestId('update-banner')).toHaveCount(0);
});
