import { expect, test } from '@playwright/test';
import { AUTH, consoleErrors, fakeOnnx, modelCard, registerModel, signIn } from './app-helpers';

test('the registry promotes and rolls back versions', async ({ page, request }) => {
	await registerModel(request, 'md-soft-sensor', '1.0.0', 'production');
	await registerModel(request, 'md-soft-sensor', '1.1.0');
	await signIn(page);
	const errors = consoleErrors(page);
	await page.goto('/models');
	const table = page.getByTestId('registry-md-soft-sensor');
	await expect(table.locator('tr[data-version="1.0.0"]')).toHaveAttribute(
		'data-stage',
		'production'
	);

	// Over a production version the table offers no plain promotion: only staging, and the
	// review's gates (models-challenger.test.ts) lead to production.
	await expect(table.getByRole('button', { name: 'Promote 1.1.0' })).toHaveCount(0);
	await table.getByRole('button', { name: 'Stage 1.1.0' }).click();
	await expect(page.getByTestId('models-action')).toContainText('1.1.0 is now staging');
	await expect(table.locator('tr[data-version="1.1.0"]')).toHaveAttribute('data-stage', 'staging');
	await expect(page.getByRole('button', { name: 'Review 1.1.0 against 1.0.0' })).toBeVisible();

	// The Worker refuses a promotion that would skip the gates; an admin's override is explicit.
	const skipped = await request.post('/api/v1/models/md-soft-sensor/1.1.0/promote', {
		headers: AUTH,
		data: { stage: 'production' }
	});
	expect(skipped.status()).toBe(409);
	expect(await skipped.text()).toContain('has no evaluation');
	const forced = await request.post('/api/v1/models/md-soft-sensor/1.1.0/promote', {
		headers: AUTH,
		data: { stage: 'production', force: true }
	});
	expect(forced.status()).toBe(200);
	await page.reload();
	await expect(table.locator('tr[data-version="1.1.0"]')).toHaveAttribute(
		'data-stage',
		'production'
	);

	// Roll back asks first; dismissing changes nothing.
	page.once('dialog', (dialog) => void dialog.dismiss());
	await table.getByRole('button', { name: 'Roll back to 1.0.0' }).click();
	await expect(table.locator('tr[data-version="1.1.0"]')).toHaveAttribute(
		'data-stage',
		'production'
	);
	page.once('dialog', (dialog) => void dialog.accept());
	await table.getByRole('button', { name: 'Roll back to 1.0.0' }).click();
	await expect(page.getByTestId('models-action')).toContainText('Rolled back');
	await expect(table.locator('tr[data-version="1.0.0"]')).toHaveAttribute(
		'data-stage',
		'production'
	);
	await expect(table.locator('tr[data-version="1.1.0"]')).not.toHaveAttribute(
		'data-stage',
		'production'
	);

	await table.getByRole('button', { name: 'Card of 1.0.0' }).click();
	await expect(table).toContainText('md-soft-sensor test model');
	await expect(table).toContainText('test metrics');
	expect(errors).toEqual([]);
});

test('a model is loaded from files, checked against its card and kept on the device', async ({
	page
}) => {
	await signIn(page);
	const errors = consoleErrors(page);
	await page.goto('/models');
	const onnx = fakeOnnx('local');
	const card = modelCard('md-local', '2.0.0', onnx);

	// A model that does not belong to the card is refused with the reason.
	await page.getByTestId('card-file').setInputFiles({
		name: 'card.json',
		mimeType: 'application/json',
		buffer: Buffer.from(JSON.stringify(card))
	});
	await page.getByTestId('onnx-file').setInputFiles({
		name: 'other.onnx',
		mimeType: 'application/octet-stream',
		buffer: fakeOnnx('something else')
	});
	await page.getByRole('button', { name: 'Check' }).click();
	await expect(page.getByTestId('load-message')).toContainText('do not belong together');

	// A file that is not a card is named as such.
	await page.getByTestId('card-file').setInputFiles({
		name: 'notes.json',
		mimeType: 'application/json',
		buffer: Buffer.from('{"hello": 1}')
	});
	await page.getByRole('button', { name: 'Check' }).click();
	await expect(page.getByTestId('load-message')).toContainText(
		'notes.json is not a valid model card'
	);

	await page.getByTestId('card-file').setInputFiles({
		name: 'card.json',
		mimeType: 'application/json',
		buffer: Buffer.from(JSON.stringify(card))
	});
	await page.getByTestId('onnx-file').setInputFiles({
		name: 'model.onnx',
		mimeType: 'application/octet-stream',
		buffer: onnx
	});
	await page.getByRole('button', { name: 'Check' }).click();
	await expect(page.getByTestId('load-message')).toContainText('card and model match');
	await page.getByRole('button', { name: 'Keep on this device' }).click();
	await expect(page.getByTestId('local-models')).toContainText('md-local');

	await page.reload();
	await expect(page.getByTestId('local-models')).toContainText('md-local');
	const nav = page.getByRole('navigation', { name: 'Main' });
	await nav.getByRole('link', { name: 'Predict' }).click();
	await expect(page.locator('main')).toContainText('md-local');

	await nav.getByRole('link', { name: 'Models' }).click();
	await page.getByTestId('card-file').setInputFiles({
		name: 'card.json',
		mimeType: 'application/json',
		buffer: Buffer.from(JSON.stringify(card))
	});
	await page.getByTestId('onnx-file').setInputFiles({
		name: 'model.onnx',
		mimeType: 'application/octet-stream',
		buffer: onnx
	});
	await page.getByRole('button', { name: 'Check' }).click();
	await page.getByRole('button', { name: 'Register in the Worker' }).click();
	await expect(page.getByTestId('load-message')).toContainText('registered in the Worker');
	await expect(page.getByTestId('registry-md-local')).toBeVisible();
	expect(errors).toEqual([]);
});
