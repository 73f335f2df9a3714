import { expect, test } from '@playwright/test';
import { consoleErrors } from './app-helpers';

// Offline after one load: the service worker precaches the shell, the workers and the chunks they
// import (found by following their imports), the wasm, the demo models and the demo data.
test('after one load, predict and drift run on the penicillin demo with the network off', async ({
	page,
	context
}) => {
	await page.goto('/drift');
	await expect(page.getByTestId('drift-model')).toHaveValue('penicillin-soft-sensor@1.0.0');
	// Wait until the service worker controls the page (it has precached the app and the demo files).
	await page.evaluate(async () => {
		await navigator.serviceWorker.ready;
		if (!navigator.serviceWorker.controller)
			await new Promise((resolve) =>
				navigator.serviceWorker.addEventListener('controllerchange', resolve, { once: true })
			);
	});

	await context.setOffline(true);
	const errors = consoleErrors(page);
	await page.reload();
	await expect(page.getByTestId('drift-model')).toHaveValue('penicillin-soft-sensor@1.0.0');
	await page.getByTestId('drift-batch').selectOption('9');
	await page.getByTestId('run-drift').click();
	await expect(page.getByTestId('drift-verdict')).toBeVisible({ timeout: 90_000 });
	await expect(page.getByTestId('drift-table').locator('tbody tr').first()).toBeVisible();

	await page
		.getByRole('navigation', { name: 'Main' })
		.getByRole('link', { name: 'Predict' })
		.click();
	await expect(page.getByTestId('model-select')).toHaveValue('penicillin-soft-sensor@1.0.0');
	await page.getByTestId('run-predict').click();
	await expect(page.getByTestId('kpi-rmse')).toContainText(/\d+\.\d{3} g\/L/, { timeout: 60_000 });
	await context.setOffline(false);
	// Offline, the only errors allowed are the browser's own failed requests to the API.
	expect(
		errors.filter((e) => !/Failed to load resource|ERR_INTERNET_DISCONNECTED/.test(e))
	).toEqual([]);
});
