import { expect, test } from '@playwright/test';
import { consoleErrors, postReport, registerModel, report, signIn } from './app-helpers';

test('monitoring draws charts from stored reports and links Prometheus and Grafana', async ({
	page,
	request
}) => {
	await registerModel(request, 'mo-adult', '1.0.0');
	for (const [i, share] of [0.1, 0.2, 0.4].entries()) {
		await postReport(
			request,
			report('mo-adult', `2026-11-2${i}T10:00:00Z`, { drifted: share > 0.3, share, rmse: 0.5 + i })
		);
	}
	await signIn(page, { grafanaUrl: 'https://grafana.example.com/d/vigil' });
	const errors = consoleErrors(page);
	await page.goto('/monitoring');
	await page.getByTestId('monitoring-model').selectOption('mo-adult');
	await expect(page.getByText('Drift share', { exact: true })).toBeVisible();
	await expect(page.getByText('Per-feature drift scores')).toBeVisible();
	await expect(page.locator('canvas')).not.toHaveCount(0);
	// The chart's values are also in a table (accessible without the canvas).
	const driftFigure = page.locator('figure', { hasText: 'Drift share' }).first();
	await driftFigure.getByText('Values').click();
	await expect(driftFigure.locator('tbody tr')).toHaveCount(3);
	await expect(driftFigure.locator('tbody tr').last()).toContainText('0.4');
	await expect(page.getByTestId('metrics-url')).toHaveText(/\/metrics$/);
	await expect(page.getByTestId('grafana-link')).toHaveAttribute(
		'href',
		'https://grafana.example.com/d/vigil'
	);
	expect(errors).toEqual([]);
});
