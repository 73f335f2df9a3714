import { expect, test } from '@playwright/test';
import { consoleErrors } from './app-helpers';

test('penicillin demo: pick a batch, run in the browser, see the chart, KPIs and RMSE', async ({
	page
}) => {
	const errors = consoleErrors(page);
	await page.goto('/predict');
	const model = page.getByTestId('model-select');
	await expect(model).toHaveValue('penicillin-soft-sensor@1.0.0');
	await page.getByTestId('batch-select').selectOption('9');
	await page.getByTestId('run-predict').click();

	const result = page.getByTestId('predict-result');
	await expect(result).toBeVisible({ timeout: 60_000 });
	await expect(result.getByRole('heading')).toContainText('batch 9');
	await expect(page.getByTestId('kpi-final')).toContainText(/\d+\.\d\d g\/L/);
	await expect(page.getByTestId('kpi-peak')).toContainText(/\d+\.\d h/);
	await expect(page.getByTestId('kpi-rmse')).toContainText(/\d+\.\d{3} g\/L/);
	await expect(page.getByTestId('kpi-rmse')).not.toContainText('0 lab points');
	await expect(page.getByTestId('trajectory-chart').locator('canvas')).toBeVisible();

	// The harvest advice follows the operator's threshold.
	const harvest = page.getByTestId('kpi-harvest');
	await page.getByTestId('rate-threshold').fill('1000');
	await expect(harvest).toContainText('never reached');
	await page.getByTestId('rate-threshold').fill('0.02');
	await expect(harvest).not.toContainText('never reached');
	await page.screenshot({ path: 'test-results/e2e/predict-penicillin.png', fullPage: true });

	// Queued for the Worker through the outbox.
	await page.getByTestId('queue-predictions').click();
	await expect(page.getByTestId('predict-notice')).toContainText(
		'predictions queued in the outbox'
	);
	expect(errors).toEqual([]);
});

test('one record: a validation error per field, then a valid value predicts', async ({ page }) => {
	await page.goto('/predict');
	await expect(page.getByTestId('model-select')).toHaveValue('penicillin-soft-sensor@1.0.0');
	const form = page.getByTestId('record-form');
	const time = form.locator('#field-Time-h-');
	await time.fill('abc');
	await expect(form.getByRole('alert').first()).toContainText(
		"expected a number, got the string 'abc'"
	);
	await time.fill('9999');
	await expect(form.getByRole('alert').first()).toContainText(
		'outside the allowed range [0, 555.8]'
	);
	await form.getByRole('button', { name: 'Predict this record' }).click();
	await expect(page.getByTestId('single-result')).toHaveCount(0);
	await time.fill('120');
	await expect(form.getByRole('alert')).toHaveCount(0);
	await form.getByRole('button', { name: 'Predict this record' }).click();
	await expect(page.getByTestId('single-result')).toContainText(/Prediction: \d+\.\d{4} g\/L/, {
		timeout: 60_000
	});
});

test('bad files: a wrong type is refused, data without the features names each missing one', async ({
	page
}) => {
	await page.goto('/predict');
	await expect(page.getByTestId('model-select')).toHaveValue('penicillin-soft-sensor@1.0.0');
	const file = page.getByTestId('predict-file');
	await file.setInputFiles({
		name: 'notes.txt',
		mimeType: 'text/plain',
		buffer: Buffer.from('hello')
	});
	await expect(page.getByTestId('predict-error')).toContainText('is not a Parquet or CSV file');

	await file.setInputFiles({
		name: 'other.csv',
		mimeType: 'text/csv',
		buffer: Buffer.from('a,b\n1,2\n3,4\n')
	});
	await expect(page.getByTestId('predict-notice')).toContainText('Loaded other.csv: 2 rows', {
		timeout: 60_000
	});
	await page.getByTestId('run-predict').click();
	const err = page.getByTestId('predict-error');
	await expect(err).toContainText('Time (h): missing feature', { timeout: 60_000 });
	// The page stays usable: the demo data still runs.
	await page.getByLabel(/Demo data/).check();
	await page.getByTestId('run-predict').click();
	await expect(page.getByTestId('predict-result')).toBeVisible({ timeout: 60_000 });
});
