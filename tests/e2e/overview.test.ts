import { expect, test } from '@playwright/test';

test('the overview shows the API health', async ({ page }) => {
	const errors: string[] = [];
	page.on('console', (msg) => {
		if (msg.type() === 'error') errors.push(msg.text());
	});
	await page.goto('/');
	await expect(page.getByRole('heading', { name: 'Overview' })).toBeVisible();
	await expect(page.getByTestId('api-status')).toHaveText('ok');
	await expect(page.getByTestId('api-version')).toHaveText(/^\d+\.\d+\.\d+/);
	await expect(page.getByTestId('api-storage')).toContainText('reachable');
	expect(errors).toEqual([]);
});

test('client-side routes are served by the SPA fallback', async ({ page }) => {
	const response = await page.goto('/some/client/route');
	expect(response?.status()).toBe(200);
	await expect(page.getByRole('link', { name: 'Vigil' })).toBeVisible();
});

test('the app is served cross-origin isolated so inference can use threads', async ({ page }) => {
	await page.goto('/');
	expect(await page.evaluate(() => self.crossOriginIsolated)).toBe(true);
});
