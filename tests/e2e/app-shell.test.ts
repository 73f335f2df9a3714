import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { expect, test } from '@playwright/test';
import { consoleErrors, signIn } from './app-helpers';

const pages = [
	{ label: 'Overview', path: '/' },
	{ label: 'Predict', path: '/predict' },
	{ label: 'Drift', path: '/drift' },
	{ label: 'Monitoring', path: '/monitoring' },
	{ label: 'Reports', path: '/reports' },
	{ label: 'Models', path: '/models' },
	{ label: 'Settings', path: '/settings' }
];

for (const width of [360, 768, 1280]) {
	test(`every page renders at ${width} px without overflow or console errors`, async ({
		page
	}, testInfo) => {
		await page.setViewportSize({ width, height: 800 });
		await signIn(page);
		const errors = consoleErrors(page);
		await page.goto('/');
		for (const { label, path } of pages) {
			await page
				.getByRole('navigation', { name: 'Main' })
				.getByRole('link', { name: label })
				.click();
			await expect(page).toHaveURL(new RegExp(`${path === '/' ? '/$' : path}`));
			await expect(page.getByRole('heading', { level: 1, name: label })).toBeVisible();
			await expect(
				page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: label })
			).toHaveAttribute('aria-current', 'page');
			const overflow = await page.evaluate(
				() => document.documentElement.scrollWidth - document.documentElement.clientWidth
			);
			expect(overflow, `${label} overflows horizontally at ${width} px`).toBeLessThanOrEqual(0);
			await testInfo.attach(`${label}-${width}`, {
				body: await page.screenshot({ fullPage: true }),
				contentType: 'image/png'
			});
		}
		expect(errors).toEqual([]);
	});
}

test('the navigation works with the keyboard alone', async ({ page }) => {
	await signIn(page);
	await page.goto('/');
	await expect(page.getByRole('heading', { level: 1, name: 'Overview' })).toBeVisible();
	await page.keyboard.press('Tab');
	await expect(page.getByRole('link', { name: 'Skip to content' })).toBeFocused();
	await page.keyboard.press('Tab'); // brand
	await page.keyboard.press('Tab'); // Overview
	await page.keyboard.press('Tab'); // Predict
	await page.keyboard.press('Tab'); // Drift
	await page.keyboard.press('Tab'); // Monitoring
	await expect(page.getByRole('link', { name: 'Monitoring' })).toBeFocused();
	await page.keyboard.press('Enter');
	await expect(page.getByRole('heading', { level: 1, name: 'Monitoring' })).toBeVisible();
});

test('without a token the pages say what to do instead of failing', async ({ page }) => {
	const errors = consoleErrors(page);
	await page.goto('/reports');
	await expect(page.getByTestId('reports-error')).toContainText('No token is set');
	await page.goto('/');
	await expect(page.getByTestId('fleet-error')).toContainText('add one in Settings');
	expect(errors).toEqual([]);
});

test('the first load of the overview stays under 250 kB of gzipped JavaScript', async ({
	page
}, testInfo) => {
	await signIn(page);
	const scripts = new Set<string>();
	page.on('request', (req) => {
		if (req.resourceType() === 'script' || req.url().endsWith('.js'))
			scripts.add(new URL(req.url()).pathname);
	});
	await page.goto('/');
	await expect(page.getByTestId('api-status')).toHaveText('ok');
	await page.waitForLoadState('networkidle');
	let gzipBytes = 0;
	for (const path of scripts) {
		if (path === '/service-worker.js') continue;
		gzipBytes += gzipSync(readFileSync(join('build', path)), { level: 9 }).length;
	}
	// chart.js and the wasm engines are loaded by the pages that need them, not here.
	expect([...scripts].some((p) => /chart/i.test(p))).toBe(false);
	await testInfo.attach('first-load-js.json', {
		body: JSON.stringify({ files: scripts.size, gzip_bytes: gzipBytes }, null, 2),
		contentType: 'application/json'
	});
	console.log(
		`first-load JavaScript: ${scripts.size} files, ${(gzipBytes / 1024).toFixed(1)} kB gzip`
	);
	expect(gzipBytes).toBeLessThanOrEqual(250 * 1024);
});
