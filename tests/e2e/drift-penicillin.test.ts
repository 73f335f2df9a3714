import { appendFileSync, mkdirSync, readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { reportSchema } from '../../src/lib/contracts/report';
import { consoleErrors } from './app-helpers';

test('drift on the penicillin demo: verdict, sortable table, detail, JSON download', async ({
	page
}) => {
	const errors = consoleErrors(page);
	// Time to first drift result from a cold load (fresh browser context: empty caches).
	const started = Date.now();
	await page.goto('/drift');
	await expect(page.getByTestId('drift-model')).toHaveValue('penicillin-soft-sensor@1.0.0');
	await page.getByTestId('drift-batch').selectOption('10');
	await page.getByTestId('run-drift').click();

	await expect(page.getByTestId('drift-verdict')).toBeVisible({ timeout: 90_000 });
	const firstResultSeconds = (Date.now() - started) / 1000;
	const timing = page.getByTestId('drift-timing');
	const workerSeconds = Number(await timing.getAttribute('data-seconds'));
	const sinceLoad = Number(await timing.getAttribute('data-since-load'));
	// One line per run, so repeated runs (--repeat-each) give a sample to take the median of.
	mkdirSync('test-results/e2e', { recursive: true });
	appendFileSync(
		'test-results/e2e/drift-first-result.jsonl',
		`${JSON.stringify({ firstResultSeconds, sinceNavigationSeconds: sinceLoad, workerSeconds })}\n`
	);
	expect(workerSeconds).toBeGreaterThan(0);
	await expect(page.getByTestId('drift-share')).toContainText(/\d+ of \d+ columns drifted/);
	const table = page.getByTestId('drift-table');
	const rows = table.locator('tbody tr');
	expect(await rows.count()).toBeGreaterThan(10);
	// Sorting by name puts the rows in alphabetical order.
	await table.getByRole('button', { name: /^Column/ }).click();
	const names = await rows.locator('th').allInnerTexts();
	expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b)));
	// Detail of one column with its charts.
	await rows.filter({ hasText: 'Temperature(T:K)' }).getByRole('button').click();
	const detail = page.getByTestId('column-detail').first();
	await expect(detail.getByRole('heading')).toHaveText('Temperature(T:K)');
	await expect(detail.locator('canvas').first()).toBeVisible();
	await expect(page.getByTestId('prediction-drift')).toBeVisible();
	await expect(page.getByTestId('performance')).toContainText('RMSE');

	const [download] = await Promise.all([
		page.waitForEvent('download'),
		page.getByTestId('download-json').click()
	]);
	const report = reportSchema.parse(JSON.parse(readFileSync((await download.path())!, 'utf8')));
	expect(report.model?.name).toBe('penicillin-soft-sensor');
	expect(report.current.window?.label).toBe('batch 10');
	expect(report.columns.length).toBe(await rows.count());

	// Overrides: PSI on every column with a tiny threshold flags nearly every column.
	await page.getByText('Methods and thresholds (all columns)').click();
	await page.getByTestId('method-all').selectOption('psi');
	await page.getByTestId('threshold-all').fill('0.000001');
	await page.getByRole('button', { name: 'Recompute with these methods' }).click();
	await expect(table.locator('tbody tr td:nth-child(3)').first()).toHaveText('psi', {
		timeout: 60_000
	});
	await page.screenshot({ path: 'test-results/e2e/drift-penicillin.png', fullPage: true });

	await page.getByTestId('send-report').click();
	await expect(page.getByTestId('drift-notice')).toContainText('queued in the outbox');
	expect(errors).toEqual([]);
});

test('a bad current file is refused and the page stays usable', async ({ page }) => {
	await page.goto('/drift');
	await expect(page.getByTestId('drift-model')).toHaveValue('penicillin-soft-sensor@1.0.0');
	const file = page.getByTestId('drift-file');
	await file.setInputFiles({
		name: 'image.png',
		mimeType: 'image/png',
		buffer: Buffer.from([137, 80, 78, 71])
	});
	await expect(page.getByTestId('drift-error')).toContainText('is not a Parquet or CSV file');
	await file.setInputFiles({
		name: 'broken.parquet',
		mimeType: 'application/octet-stream',
		buffer: Buffer.from('not parquet at all')
	});
	await expect(page.getByTestId('drift-error')).toContainText('broken.parquet', {
		timeout: 60_000
	});
	// Dropped onto the page rather than picked: the same load.
	const dropped = await page.evaluateHandle(() => {
		const transfer = new DataTransfer();
		transfer.items.add(new File(['a,b\n1,2\n'], 'other.csv', { type: 'text/csv' }));
		return transfer;
	});
	await page.getByTestId('drift-file-drop').dispatchEvent('drop', { dataTransfer: dropped });
	await expect(page.getByTestId('drift-notice')).toContainText('Loaded other.csv');
	await page.getByTestId('run-drift').click();
	await expect(page.getByTestId('drift-error')).toContainText('has none of the columns', {
		timeout: 90_000
	});
	await page.getByTestId('current-kind').selectOption('batch');
	await page.getByTestId('run-drift').click();
	await expect(page.getByTestId('drift-verdict')).toBeVisible({ timeout: 90_000 });
});
