import { expect, test } from '@playwright/test';
import { ulid } from 'ulid';
import { syntheticRows } from '../fixtures/retrain-synthetic';
import { AUTH, consoleErrors, signIn } from './app-helpers';
import { attemptName, seedChampion, storeOriginalRows } from './retrain-helpers';

test('a challenger is trained in the browser, registered with its evaluation and promoted through the gates', async ({
	page,
	request
}) => {
	const MODEL = attemptName('e2e-retrain');
	const { champion, start } = await seedChampion(request, MODEL);

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
		`No labelled predictions of ${MODEL} between 2025-01-01 and 2025-01-31`
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
		`Registered challenger ${MODEL} 1.1.0 with its evaluation (every gate passed)`
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

test('a challenger that must prove itself in a shadow period is staged, shadow-scored on a device, evaluated again and promoted', async ({
	page,
	request
}) => {
	test.setTimeout(180_000);
	const name = attemptName('e2e-shadow');
	await seedChampion(request, name);
	await signIn(page);
	const errors = consoleErrors(page);

	// Trained with a shadow requirement: every holdout gate passes, the shadow gate cannot yet.
	await page.goto('/models');
	await page.getByTestId(`train-open-${name}`).click();
	const panel = page.getByTestId(`train-${name}`);
	await panel.getByLabel('Version', { exact: true }).fill('1.1.0');
	await panel.locator('summary', { hasText: 'Gate thresholds' }).click();
	await panel.getByLabel(/Labelled shadow predictions needed/).fill('30');
	await panel.getByRole('button', { name: 'Train challenger' }).click();
	const result = page.getByTestId(`train-result-${name}`);
	await expect(result).toContainText('Failed: shadow.', { timeout: 60_000 });
	await expect(result.locator('tr[data-gate="beats_champion"]')).toContainText('pass');
	await result.getByRole('button', { name: 'Register 1.1.0 for review' }).click();
	const review = page.getByTestId(`review-${name}`);
	await expect(review.getByTestId('promote-blockers')).toContainText('Gate shadow failed');
	await expect(review.getByRole('button', { name: 'Promote challenger 1.1.0' })).toBeDisabled();
	await page.getByTestId(`registry-${name}`).getByRole('button', { name: 'Stage 1.1.0' }).click();
	await expect(page.getByTestId('models-action')).toContainText('1.1.0 is now staging');

	// A device syncs both versions; predicting with production also scores the staged one unseen.
	await page.getByRole('button', { name: 'Sync models now' }).click();
	await expect(page.getByTestId('model-sync-status')).toContainText(`${name}@1.1.0 (staging)`);
	await page.goto('/predict');
	await page.getByTestId('model-select').selectOption(`local:registry:${name}@1.0.0`);
	const rows = syntheticRows(60, 3, true);
	await page.getByTestId('predict-file').setInputFiles({
		name: 'live.csv',
		mimeType: 'text/csv',
		buffer: Buffer.from(
			'x1,x2,phase\n' + rows.map((r) => `${r.x1},${r.x2},${r.phase}`).join('\n') + '\n'
		)
	});
	await expect(page.getByTestId('predict-notice')).toContainText('Loaded live.csv: 60 rows', {
		timeout: 60_000
	});
	await page.getByTestId('run-predict').click();
	await expect(page.getByTestId('predict-shadow')).toContainText(
		'Shadow-scored by the staged version 1.1.0',
		{ timeout: 60_000 }
	);
	await page.getByTestId('queue-predictions').click();
	await expect(page.getByTestId('predict-notice')).toContainText('60 predictions queued');

	// The lab reports the outcomes of those 60 predictions.
	type Stored = { id: string; features: { x1: number; x2: number }; shadow?: unknown };
	let shadowed: Stored[] = [];
	await expect
		.poll(
			async () => {
				const list = await request.get(`/api/v1/predictions?model=${name}`, { headers: AUTH });
				shadowed = [];
				for (const o of (await list.json()).objects as { key: string }[]) {
					const text = await (
						await request.get(`/api/v1/predictions/${o.key}`, { headers: AUTH })
					).text();
					for (const line of text.split('\n'))
						if (line.trim() && JSON.parse(line).shadow) shadowed.push(JSON.parse(line));
				}
				return shadowed.length;
			},
			{ timeout: 60_000 }
		)
		.toBe(60);
	expect(shadowed[0].shadow).toMatchObject({ model_version: '1.1.0' });
	const labels = await request.post('/api/v1/labels', {
		headers: { ...AUTH, 'idempotency-key': ulid() },
		data: {
			labels: shadowed.map((r) => ({
				id: r.id,
				label: 2 * r.features.x1 + 3 * r.features.x2 + 2,
				observed_at: new Date().toISOString()
			}))
		}
	});
	expect(labels.status(), await labels.text()).toBe(201);

	// Evaluated again with the shadow period: the live traffic confirms the challenger.
	await page.goto('/models');
	await page.getByRole('button', { name: 'Review 1.1.0 against 1.0.0' }).click();
	await expect(review.getByTestId(`shadow-min-${name}`)).toHaveValue('30');
	await review.getByRole('button', { name: 'Evaluate again with the shadow period' }).click();
	await expect(review.getByTestId('review-message')).toContainText(
		'60 labelled shadow predictions (at least 30 needed)'
	);
	await expect(review.getByTestId('review-message')).toContainText('Every gate passes.');
	await expect(review.getByTestId('shadow-period')).toContainText(
		'60 labelled predictions served by 1.0.0 and shadow-scored by 1.1.0'
	);
	const stored = await (
		await request.get(`/api/v1/models/${name}/1.1.0/evaluation`, { headers: AUTH })
	).json();
	expect(stored).toMatchObject({ passed: true, shadow_period: { rows: 60 } });
	await review.getByRole('button', { name: 'Promote challenger 1.1.0' }).click();
	await expect(page.getByTestId('models-action')).toContainText('1.1.0 is now production');
	expect(errors).toEqual([]);
});

test('a challenger also learns from the champion’s original training data, read from its reference', async ({
	page,
	request
}) => {
	const name = attemptName('e2e-original');
	const location = await storeOriginalRows(request, name);
	await seedChampion(request, name, { referenceLocation: location });
	await signIn(page);
	const errors = consoleErrors(page);
	await page.goto('/models');
	await page.getByTestId(`train-open-${name}`).click();
	const panel = page.getByTestId(`train-${name}`);
	await panel.getByLabel('Version', { exact: true }).fill('1.1.0');
	await panel.getByLabel(/original training data/).check();
	await panel.getByRole('button', { name: 'Train challenger' }).click();
	// 280 labelled predictions before the holdout plus the 600 original rows.
	await expect(page.getByTestId(`train-result-${name}`)).toContainText('trees on 880 rows', {
		timeout: 60_000
	});

	// A reference the app cannot read is named, and nothing is trained.
	await page.route(`**${location}`, (route) => route.fulfill({ status: 404, body: 'gone' }));
	await panel.getByLabel('Version', { exact: true }).fill('1.1.1');
	await panel.getByRole('button', { name: 'Train challenger' }).click();
	await expect(page.getByTestId(`train-error-${name}`)).toContainText(location);
	await expect(page.getByTestId(`train-result-${name}`)).toHaveCount(0);
	expect(errors.filter((e) => !e.includes('404'))).toEqual([]);
});
