import { readFileSync } from 'node:fs';
import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { AUTH, consoleErrors, signIn } from './app-helpers';
import { attemptName } from './retrain-helpers';

const dir = 'static/models/penicillin-soft-sensor/1.0.0';

/** Registers the demo soft sensor's ONNX file as model@version (same bytes, card renamed). */
async function register(request: APIRequestContext, model: string, version: string) {
	const card = JSON.parse(readFileSync(`${dir}/card.json`, 'utf8'));
	const put = await request.put(`/api/v1/models/${model}/${version}`, {
		headers: AUTH,
		data: {
			card: { ...card, name: model, version },
			onnx_base64: readFileSync(`${dir}/model.onnx`).toString('base64')
		}
	});
	expect(put.status(), await put.text()).toBe(201);
}

async function promote(request: APIRequestContext, model: string, version: string, body: object) {
	const res = await request.post(`/api/v1/models/${model}/${version}/promote`, {
		headers: AUTH,
		data: body
	});
	expect(res.status(), await res.text()).toBe(200);
}

/** The model_version of every stored prediction record of model. */
async function storedVersions(request: APIRequestContext, model: string): Promise<string[]> {
	const list = await request.get(`/api/v1/predictions?model=${model}`, { headers: AUTH });
	const { objects } = (await list.json()) as { objects: { key: string }[] };
	const versions: string[] = [];
	for (const o of objects) {
		const text = await (
			await request.get(`/api/v1/predictions/${o.key}`, { headers: AUTH })
		).text();
		for (const line of text.split('\n'))
			if (line.trim()) versions.push(JSON.parse(line).model_version);
	}
	return versions;
}

/** Predicts batch 3 with the selected model and queues the predictions; returns their count. */
async function predictAndQueue(page: Page): Promise<number> {
	await page.getByTestId('batch-select').selectOption('3');
	await page.getByTestId('run-predict').click();
	await expect(page.getByTestId('predict-result').getByRole('heading')).toContainText('batch 3', {
		timeout: 60_000
	});
	await page.getByTestId('queue-predictions').click();
	await expect(page.getByTestId('predict-notice')).toContainText(
		'predictions queued in the outbox'
	);
	return Number(
		(await page.getByTestId('predict-notice').textContent())!.match(/(\d+) predictions queued/)![1]
	);
}

test('devices pick up the production version on their next sync, and records say which version made them', async ({
	page,
	request
}) => {
	test.setTimeout(180_000);
	const MODEL = attemptName('e2e-sync-pen');
	await register(request, MODEL, '2.0.0');
	await promote(request, MODEL, '2.0.0', { stage: 'production' });

	await signIn(page);
	const errors = consoleErrors(page);
	await page.goto('/predict');
	// The app syncs the registry's production versions on start; the Predict page then defaults to it.
	await expect(page.getByTestId('model-select')).toHaveValue(`local:registry:${MODEL}@2.0.0`, {
		timeout: 30_000
	});
	await expect(page.getByTestId('model-select').locator('option:checked')).toContainText(
		'2.0.0 (production, synced from the Worker)'
	);
	const first = await predictAndQueue(page);
	await expect.poll(() => storedVersions(request, MODEL), { timeout: 60_000 }).toHaveLength(first);

	// A new version reaches production (an admin's override here; the gates are tested elsewhere).
	await register(request, MODEL, '2.1.0');
	await promote(request, MODEL, '2.1.0', { stage: 'production', force: true });
	await page.goto('/models');
	await page.getByRole('button', { name: 'Sync models now' }).click();
	await expect(page.getByTestId('model-sync-status')).toContainText(
		`updated ${MODEL}@2.1.0 (production); removed ${MODEL}@2.0.0`
	);
	await expect(page.getByTestId('local-models')).toContainText(
		'2.1.0 — production, synced from the Worker'
	);
	await expect(page.getByTestId('local-models')).not.toContainText(`${MODEL} 2.0.0`);

	await page.goto('/predict');
	await expect(page.getByTestId('model-select')).toHaveValue(`local:registry:${MODEL}@2.1.0`);
	const second = await predictAndQueue(page);
	await expect
		.poll(() => storedVersions(request, MODEL), { timeout: 60_000 })
		.toHaveLength(first + second);
	const versions = await storedVersions(request, MODEL);
	expect(versions.filter((v) => v === '2.0.0')).toHaveLength(first);
	expect(versions.filter((v) => v === '2.1.0')).toHaveLength(second);
	expect(errors).toEqual([]);

	// Out of production again, so later tests' devices do not sync it.
	await promote(request, MODEL, '2.1.0', { stage: 'archived' });
});
