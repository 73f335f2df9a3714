import { expect, test } from '@playwright/test';
import { E2E_TOKEN } from './token.js';
import { consoleErrors } from './app-helpers';

test('settings are validated, kept on the device and survive a reload', async ({ page }) => {
	const errors = consoleErrors(page);
	await page.goto('/settings');
	const deviceName = page.getByLabel('Device name');
	await expect(deviceName).toHaveValue(/^device-[a-z0-9]{6}$/);

	await page.getByLabel('Worker URL').fill('ftp://nowhere');
	await expect(page.locator('#workerUrl-error')).toContainText('http');
	await expect(page.getByRole('button', { name: 'Save' })).toBeDisabled();
	await page.getByLabel('Worker URL').fill('');

	await page.getByLabel('Drift share amber threshold').fill('0.6');
	await expect(page.getByText('red must be ≥ amber')).toBeVisible();
	await page.getByLabel('Drift share amber threshold').fill('0.3');

	await page.getByLabel(/^Token/).fill(E2E_TOKEN);
	await deviceName.fill('line-3-tablet');
	await page.getByLabel('Dashboard URL').fill('https://grafana.example.com/d/vigil');
	await page.getByRole('button', { name: 'Save' }).click();
	await expect(page.getByTestId('settings-saved')).toBeVisible();

	await page.getByRole('button', { name: 'Test connection' }).click();
	await expect(page.getByTestId('connection-check')).toContainText('token accepted');

	await page.reload();
	await expect(page.getByLabel('Device name')).toHaveValue('line-3-tablet');
	await expect(page.getByLabel('Drift share amber threshold')).toHaveValue('0.3');
	await expect(page.getByLabel(/^Token/)).toHaveValue(E2E_TOKEN);
	// The token is stored on the device, not in any file the app serves.
	const stored = await page.evaluate(() => localStorage.getItem('vigil.settings'));
	expect(stored).toContain(E2E_TOKEN);

	await page.getByLabel(/^Token/).fill('wrong-token');
	await page.getByRole('button', { name: 'Save' }).click();
	await page.getByRole('button', { name: 'Test connection' }).click();
	await expect(page.getByTestId('connection-check')).toContainText('refused the token');
	// The 401 of the connection test is the only expected console error.
	expect(errors.filter((e) => !e.includes('401'))).toEqual([]);
});
