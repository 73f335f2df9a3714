import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { ulid } from 'ulid';
import { AUTH, consoleErrors, signIn } from './app-helpers';

const card = JSON.parse(
	readFileSync('static/models/penicillin-soft-sensor/1.0.0/card.json', 'utf8')
) as { features: { name: string; range: { min: number; max: number } }[] };

test('predictions stored by the Worker load as data and run again in the browser', async ({
	page,
	request
}) => {
	// Three records of one batch, stored through the API like an outbox upload would.
	const records = [3, 1, 2].map((hour) => ({
		id: ulid(),
		model: 'penicillin-soft-sensor',
		model_version: '1.0.0',
		device: 'e2e-stored',
		ts: new Date().toISOString(),
		features: Object.fromEntries(
			card.features.map((f) => [
				f.name,
				f.name === 'Time (h)' ? hour : (f.range.min + f.range.max) / 2
			])
		),
		prediction: hour
	}));
	const posted = await request.post('/api/v1/predictions', {
		headers: { ...AUTH, 'idempotency-key': `e2e-stored-${ulid()}` },
		data: records
	});
	expect(posted.ok()).toBe(true);

	await signIn(page);
	const errors = consoleErrors(page);
	await page.goto('/predict');
	await expect(page.getByTestId('model-select')).toHaveValue('penicillin-soft-sensor@1.0.0');
	await page.getByText('Predictions stored by the Worker').click();
	await page.getByRole('button', { name: /List stored predictions/ }).click();
	await expect(page.getByLabel('Stored object')).toContainText('e2e-stored · 3 records');
	// Other tests may have stored predictions of this model too: load this test's object.
	const own = page.getByLabel('Stored object').locator('option', { hasText: 'e2e-stored' });
	await page.getByLabel('Stored object').selectOption((await own.getAttribute('value'))!);
	await page.getByRole('button', { name: 'Load', exact: true }).click();
	await expect(page.getByTestId('predict-notice')).toContainText('Loaded 3 stored predictions', {
		timeout: 60_000
	});
	await page.getByTestId('run-predict').click();
	await expect(page.getByTestId('predict-result')).toContainText('3 rows predicted', {
		timeout: 60_000
	});
	// Ordered by time in batch: the chart and KPIs follow the batch, not the upload order.
	await expect(page.getByTestId('kpi-rmse')).toContainText('no lab values');
	expect(errors).toEqual([]);
});
