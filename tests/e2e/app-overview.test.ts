import { expect, test } from '@playwright/test';
import {
	AUTH,
	consoleErrors,
	postReport,
	predictionRecords,
	registerModel,
	report,
	signIn
} from './app-helpers';

test('the overview shows each model with badges by the thresholds in settings', async ({
	page,
	request
}) => {
	await registerModel(request, 'ov-penicillin', '1.0.0', 'production');
	await postReport(
		request,
		report('ov-penicillin', new Date(Date.now() - 60_000).toISOString(), {
			drifted: true,
			share: 0.3,
			rmse: 0.4
		})
	);
	const records = predictionRecords('ov-penicillin', 25);
	const ingest = await request.post('/api/v1/predictions', {
		headers: { ...AUTH, 'idempotency-key': 'ov-seed-1' },
		data: records
	});
	expect(ingest.status(), await ingest.text()).toBe(201);

	await signIn(page);
	const errors = consoleErrors(page);
	await page.goto('/');
	const row = page.locator('tr[data-model="ov-penicillin"]');
	await expect(row).toBeVisible();
	await expect(row).toContainText('production 1.0.0');
	await expect(row.getByTestId('predictions-today')).toHaveText('25');
	// Drift share 0.3 with the default thresholds (amber 0.2, red 0.5) is amber.
	await expect(row.locator('[data-status]').first()).toHaveAttribute('data-status', 'warn');
	await expect(row.getByText('0.300')).toHaveAttribute('data-status', 'warn');
	await expect(row.getByText('drift', { exact: true })).toBeVisible();

	// Lowering the red threshold below 0.3 turns the same figure red.
	await page.goto('/settings');
	await page.getByLabel('Drift share amber threshold').fill('0.1');
	await page.getByLabel('Drift share red threshold').fill('0.25');
	await page.getByRole('button', { name: 'Save' }).click();
	await page
		.getByRole('navigation', { name: 'Main' })
		.getByRole('link', { name: 'Overview' })
		.click();
	await expect(page.locator('tr[data-model="ov-penicillin"]').getByText('0.300')).toHaveAttribute(
		'data-status',
		'bad'
	);
	await expect(
		page.locator('tr[data-model="ov-penicillin"] a[href^="/reports?open="]')
	).toBeVisible();
	expect(errors).toEqual([]);
});
