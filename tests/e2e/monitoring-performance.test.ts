import { expect, test } from '@playwright/test';
import { consoleErrors, signIn } from './app-helpers';
import { attemptName, seedChampion } from './retrain-helpers';

const DAY = 86_400_000;

test('the Monitoring page scores each window of labelled predictions in the browser, with intervals', async ({
	page,
	request
}) => {
	const MODEL = attemptName('e2e-perf');
	const { records, labels } = await seedChampion(request, MODEL);
	// The expected RMSE of each UTC day, computed here from the same records and labels.
	const label = new Map(labels.map((l) => [l.id, l.label]));
	const byDay = new Map<number, { n: number; labelled: number; sq: number }>();
	for (const r of records) {
		const day = Math.floor(Date.parse(r.ts) / DAY) * DAY;
		const d = byDay.get(day) ?? { n: 0, labelled: 0, sq: 0 };
		d.n += 1;
		const y = label.get(r.id);
		if (y !== undefined) {
			d.labelled += 1;
			d.sq += (r.prediction - y) ** 2;
		}
		byDay.set(day, d);
	}

	await signIn(page);
	const errors = consoleErrors(page);
	await page.goto('/monitoring');
	await page.getByTestId('monitoring-model').selectOption(MODEL);
	await page.getByTestId('perf-compute').click();
	await expect(page.getByTestId('perf-summary')).toContainText(
		`${labels.length} of ${records.length} predictions labelled`
	);
	const table = page.getByTestId('perf-table');
	// A window is scored with at least 2 labels covering at least 30% of its predictions.
	const scored = [...byDay].filter(([, d]) => d.labelled >= 2 && d.labelled / d.n >= 0.3);
	expect(scored.length).toBeGreaterThanOrEqual(4);
	for (const [day, d] of scored) {
		const expected = Math.sqrt(d.sq / d.labelled).toFixed(4);
		const cell = table.locator(`tbody tr[data-state="ok"] td`, { hasText: expected });
		expect(await cell.count(), `day ${new Date(day).toISOString()}: RMSE ${expected}`).toBe(1);
	}
	await expect(table.locator('tbody tr[data-state="ok"]')).toHaveCount(scored.length);

	// Raising the minimum coverage to 90% leaves only the windows labelled that completely.
	const complete = [...byDay].filter(([, d]) => d.labelled >= 2 && d.labelled / d.n >= 0.9);
	await page.getByLabel('Minimum label coverage').fill('0.9');
	await page.getByTestId('perf-compute').click();
	await expect(page.getByTestId('perf-summary')).toContainText(`; ${complete.length} of `);
	await expect(table.locator('tbody tr[data-state="ok"]')).toHaveCount(complete.length);
	await expect(table.locator('tbody tr[data-state="not_enough_labels"]')).toHaveCount(
		byDay.size - complete.length
	);
	await page.getByLabel('Minimum label coverage').fill('2');
	await page.getByTestId('perf-compute').click();
	await expect(page.getByTestId('perf-error')).toContainText('between 0 and 1');
	expect(errors).toEqual([]);
});
