import { expect, test } from '@playwright/test';
import { consoleErrors, postReport, registerModel, report, signIn } from './app-helpers';

test('reports are listed, filtered, opened (JSON and sandboxed HTML) and compared', async ({
	page,
	request
}) => {
	await registerModel(request, 'rp-bikes', '1.0.0');
	const calm = await postReport(
		request,
		report('rp-bikes', '2026-11-20T08:00:00Z', { drifted: false, share: 0.1, rmse: 0.5 }),
		'<!doctype html><h1 id="stored">Stored report page</h1><script>document.title="ran"</script>'
	);
	const drifted = await postReport(
		request,
		report('rp-bikes', '2026-11-21T08:00:00Z', { drifted: true, share: 0.5, rmse: 1.2 })
	);

	await signIn(page);
	const errors = consoleErrors(page);
	await page.goto('/reports');
	await expect(page.locator(`tr[data-report="${calm}"]`)).toBeVisible();
	await expect(page.locator(`tr[data-report="${drifted}"]`)).toBeVisible();

	await page.getByLabel('Model').selectOption('rp-bikes');
	await page.getByLabel('Verdict').selectOption('true');
	await page.getByRole('button', { name: 'Filter' }).click();
	await expect(page.locator(`tr[data-report="${drifted}"]`)).toBeVisible();
	await expect(page.locator(`tr[data-report="${calm}"]`)).toHaveCount(0);

	await page.getByLabel('Verdict').selectOption('');
	await page.getByRole('button', { name: 'Filter' }).click();
	await page.getByRole('link', { name: `Open report ${calm}` }).click();
	const view = page.getByTestId('report-view');
	await expect(view.getByTestId('report-model')).toContainText('rp-bikes');
	await expect(view.getByTestId('report-verdict')).toHaveText('no drift');
	await expect(view.getByTestId('report-columns')).toContainText('temperature');
	await expect(view.locator('canvas')).toBeVisible();

	await view.getByRole('button', { name: 'Stored HTML' }).click();
	const iframe = view.locator('iframe');
	await expect(iframe).toHaveAttribute('sandbox', '');
	await expect(page.frameLocator('iframe.report-html').locator('#stored')).toHaveText(
		'Stored report page'
	);
	// sandbox="" runs no script of the stored page.
	expect(
		await page
			.frameLocator('iframe.report-html')
			.locator('html')
			.evaluate(() => document.title)
	).not.toBe('ran');

	// The other report was stored without a page: its HTML view is not offered.
	await page.getByRole('link', { name: `Open report ${drifted}` }).click();
	await expect(
		page.getByTestId('report-view').getByRole('button', { name: 'Stored HTML' })
	).toBeDisabled();
	await page.getByRole('link', { name: `Open report ${calm}` }).click();
	await page.getByTestId('report-view').getByRole('button', { name: 'Stored HTML' }).click();

	await page.getByLabel(`Select report ${calm} for comparison`).check();
	await page.getByLabel(`Select report ${drifted} for comparison`).check();
	await page.getByTestId('compare-button').click();
	await expect(page.getByTestId('report-view')).toHaveCount(2);
	// The report already open keeps its view (stored HTML); back to its summary.
	await page.getByTestId('report-view').first().getByRole('button', { name: 'Summary' }).click();
	await expect(page.getByTestId('report-verdict')).toHaveText(['no drift', 'drift']);
	// Chromium reports the blocked script of the stored page: proof of the sandbox, not an app error.
	expect(errors.filter((e) => !e.includes('sandboxed'))).toEqual([]);
});
