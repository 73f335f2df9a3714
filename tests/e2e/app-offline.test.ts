import { expect, test } from '@playwright/test';
import { signIn } from './app-helpers';

test('after one load the app renders with the network off', async ({ page, context }) => {
	await signIn(page);
	await page.goto('/');
	await expect(page.getByTestId('api-status')).toHaveText('ok');
	// The service worker has precached the shell once it controls the page.
	await page.evaluate(async () => {
		const registration = await navigator.serviceWorker.ready;
		if (!navigator.serviceWorker.controller) {
			await new Promise((resolve) =>
				navigator.serviceWorker.addEventListener('controllerchange', resolve, { once: true })
			);
		}
		return registration.active?.state;
	});

	await context.setOffline(true);
	await page.reload();
	await expect(page.getByRole('heading', { level: 1, name: 'Overview' })).toBeVisible();
	await expect(page.getByTestId('api-offline')).toContainText('cannot be reached');
	await expect(page.getByTestId('sync-indicator')).toBeVisible();

	// Client-side routes and their lazily loaded code also come from the cache.
	await page.goto('/reports');
	await expect(page.getByRole('heading', { level: 1, name: 'Reports' })).toBeVisible();
	await page
		.getByRole('navigation', { name: 'Main' })
		.getByRole('link', { name: 'Monitoring' })
		.click();
	await expect(page.getByRole('heading', { level: 1, name: 'Monitoring' })).toBeVisible();
	await page
		.getByRole('navigation', { name: 'Main' })
		.getByRole('link', { name: 'Settings' })
		.click();
	await expect(page.getByLabel('Device name')).toBeVisible();
	await context.setOffline(false);
});
