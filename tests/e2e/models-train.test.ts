import { expect, test } from '@playwright/test';
import * as ortNode from 'onnxruntime-node';
import { ulid } from 'ulid';
import { buildModel } from '../../src/lib/ml/build-model';
import type { OrtModule } from '../../src/lib/ml/model-session';
import { predictGbdt } from '../../src/lib/ml/train/gbdt';
import {
	encodeSynthetic,
	syntheticChampionSpec,
	syntheticRows,
	syntheticTraffic
} from '../fixtures/retrain-synthetic';
import { AUTH, consoleErrors, signIn } from './app-helpers';

const MODEL = 'e2e-retrain';

test('a challenger is trained in the browser, registered with its evaluation and promoted through the gates', async ({
	page,
	request
}) => {
	// A champion trained before the world changed, registered and in production.
	const champion = await buildModel(syntheticChampionSpec(MODEL, syntheticRows(600, 1, false)), {
		runtimes: { 'onnxruntime-node': ortNode as unknown as OrtModule },
		trainedAt: '2026-11-01T00:00:00Z'
	});
	const put = await request.put(`/api/v1/models/${MODEL}/1.0.0`, {
		headers: AUTH,
		data: { card: champion.card, onnx_base64: Buffer.from(champion.onnx).toString('base64') }
	});
	expect(put.status(), await put.text()).toBe(201);
	const first = await request.post(`/api/v1/models/${MODEL}/1.0.0/promote`, {
		headers: AUTH,
		data: { stage: 'production' }
	});
	expect(first.status()).toBe(200);

	// Live traffic after the change, scored by the champion; 4 in 5 predictions get their label.
	const live = syntheticRows(500, 2, true);
	const start = Date.now() - 6 * 86_400_000;
	const { records, labels } = syntheticTraffic(
		MODEL,
		live,
		predictGbdt(champion.model, encodeSynthetic(live).columns),
		{ ids: () => ulid(), start, labelledAt: new Date().toISOString() }
	);
	for (const [path, body] of [
		['/api/v1/predictions', { records }],
		['/api/v1/labels', { labels }]
	] as const) {
		const res = await request.post(path, {
			headers: { ...AUTH, 'idempotency-key': ulid() },
			data: body
		});
		expect(res.status(), await res.text()).toBe(201);
	}

	await signIn(page);
	const errors = consoleErrors(page);
	await page.goto('/models');
	await page.getByTestId(`train-open-${MODEL}`).click();
	const panel = page.getByTestId(`train-${MODEL}`);

	// A bad form names its fields and trains nothing.
	await panel.getByLabel('Version', { exact: true }).fill('1.0.0');
	await panel.getByRole('button', { name: 'Train challenger' }).click();
	await expect(page.getByTestId(`train-problems-${MODEL}`)).toContainText(
		'Version 1.0.0 is already registered'
	);

	// A range without labels says so.
	await panel.getByLabel('Version', { exact: true }).fill('1.1.0');
	await panel.getByLabel('From', { exact: true }).fill('2025-01-01');
	await panel.getByLabel('To', { exact: true }).fill('2025-01-31');
	await panel.getByRole('button', { name: 'Train challenger' }).click();
	await expect(page.getByTestId(`train-error-${MODEL}`)).toContainText(
		'No labelled predictions of e2e-retrain between 2025-01-01 and 2025-01-31'
	);

	// Record every status the progress line shows, however briefly.
	await page.evaluate((testId) => {
		const seen: string[] = [];
		(window as unknown as { seen: string[] }).seen = seen;
		new MutationObserver(() => {
			const el = document.querySelector(`[data-testid="${testId}"]`);
			if (el?.textContent && seen.at(-1) !== el.textContent) seen.push(el.textContent);
		}).observe(document.body, { subtree: true, childList: true, characterData: true });
	}, `train-status-${MODEL}`);
	const today = new Date().toISOString().slice(0, 10);
	const from = new Date(start - 86_400_000).toISOString().slice(0, 10);
	await panel.getByLabel('From', { exact: true }).fill(from);
	await panel.getByLabel('To', { exact: true }).fill(today);
	await panel.getByRole('button', { name: 'Train challenger' }).click();
	const result = page.getByTestId(`train-result-${MODEL}`);
	await expect(result).toContainText('Every gate passed.', { timeout: 60_000 });
	await expect(result).toContainText('on 120 holdout rows');
	await expect(result.locator('tr[data-gate="beats_champion"]')).toContainText('pass');
	const seen = await page.evaluate(() => (window as unknown as { seen: string[] }).seen);
	expect(seen.some((s) => /Training: round \d+ of at most 80/.test(s))).toBe(true);
	expect(seen.some((s) => s.startsWith('Scoring the holdout'))).toBe(true);
	await expect(result.getByRole('link', { name: 'Download evaluation.json' })).toBeVisible();

	// Registering stores the ONNX file, the card and the evaluation, and opens the review.
	await result.getByRole('button', { name: 'Register 1.1.0 for review' }).click();
	await expect(page.getByTestId('models-action')).toContainText(
		'Registered challenger e2e-retrain 1.1.0 with its evaluation (every gate passed)'
	);
	const review = page.getByTestId(`review-${MODEL}`);
	await expect(review).toBeVisible();
	const stored = await request.get(`/api/v1/models/${MODEL}/1.1.0/evaluation`, { headers: AUTH });
	expect(stored.status()).toBe(200);
	const evaluation = await stored.json();
	expect(evaluation).toMatchObject({ passed: true, champion: { version: '1.0.0' } });
	const card = await (await request.get(`/api/v1/models/${MODEL}/1.1.0`, { headers: AUTH })).json();
	expect(evaluation.challenger.sha256).toBe(card.card.onnx.sha256);
	expect(card.card.features).toEqual(champion.card.features);

	await review.getByRole('button', { name: 'Promote challenger 1.1.0' }).click();
	await expect(page.getByTestId('models-action')).toContainText('1.1.0 is now production');
	const production = await (
		await request.get(`/api/v1/models?name=${MODEL}&stage=production`, { headers: AUTH })
	).json();
	expect(production.models.map((m: { version: string }) => m.version)).toEqual(['1.1.0']);
	expect(errors).toEqual([]);
});
