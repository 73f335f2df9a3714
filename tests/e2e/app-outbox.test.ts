import { expect, test } from '@playwright/test';
import { predictionRecords, registerModel, report, signIn, storedRecords } from './app-helpers';

// page.route must see every API call, so the service worker is kept out of these tests (the
// offline test covers it); the outbox itself does not depend on it.
test.use({ serviceWorkers: 'block' });

function batchFile(model: string, count: number) {
	return {
		name: `${model}.json`,
		mimeType: 'application/json',
		buffer: Buffer.from(JSON.stringify(predictionRecords(model, count)))
	};
}

test('a batch queued while the API is unreachable survives a reload and is stored exactly once', async ({
	page,
	request
}) => {
	const model = 'ob-penicillin';
	await signIn(page);
	let attempts = 0;
	let delivered = 0;
	// Phase 1: the network is down.
	await page.route('**/api/v1/predictions', (route) => {
		attempts++;
		return route.abort('internetdisconnected');
	});
	await page.goto('/settings');
	await page.getByTestId('outbox-file').setInputFiles(batchFile(model, 40));
	await expect(page.getByTestId('import-message')).toContainText('Queued: 40 predictions');
	await expect(page.getByTestId('outbox-count')).toHaveText('1');
	await expect(page.getByTestId('outbox-state')).toHaveText('offline');
	await expect(page.getByTestId('sync-message')).toContainText('cannot be reached');
	expect(attempts).toBeGreaterThan(0);

	await page.reload();
	await expect(page.getByTestId('outbox-count')).toHaveText('1');
	await expect(page.getByTestId('outbox-table')).toContainText('40 predictions of ob-penicillin');

	// Phase 2: the Worker stores the batch but the answer is lost on the way back; the outbox must
	// retry with the same idempotency key, and the Worker must not store it twice.
	const keys: string[] = [];
	await page.unroute('**/api/v1/predictions');
	await page.route('**/api/v1/predictions', async (route) => {
		keys.push(route.request().headers()['idempotency-key']);
		const response = await route.fetch();
		delivered++;
		if (delivered === 1) return route.abort('connectionreset');
		return route.fulfill({ response });
	});
	await page.getByRole('button', { name: 'Send now' }).click();
	// The lost answer looks like a network failure: the entry stays, and the backoff timer retries.
	await expect(page.getByTestId('outbox-count')).toHaveText('0', { timeout: 15_000 });
	await expect(page.getByTestId('outbox-state')).toHaveText('idle');

	expect(delivered).toBe(2);
	expect(new Set(keys).size).toBe(1);
	expect(await storedRecords(request, model)).toBe(40);

	// A reload finds nothing left to send.
	await page.reload();
	await expect(page.getByTestId('outbox-count')).toHaveText('0');
	expect(await storedRecords(request, model)).toBe(40);
});

test('the outbox sends by itself when the browser comes back online', async ({
	page,
	context,
	request
}) => {
	const model = 'ob-online';
	await signIn(page);
	await page.goto('/settings');
	// Without the service worker (blocked here) the app must have booted before the network goes.
	await expect(page.getByTestId('outbox-state')).toHaveText('idle');
	await context.setOffline(true);
	await page.getByTestId('outbox-file').setInputFiles(batchFile(model, 12));
	await expect(page.getByTestId('outbox-count')).toHaveText('1');
	await context.setOffline(false);
	await expect(page.getByTestId('outbox-count')).toHaveText('0', { timeout: 15_000 });
	expect(await storedRecords(request, model)).toBe(12);
});

test('rejected and unauthorized uploads are kept with the reason, not dropped', async ({
	page
}) => {
	await signIn(page);
	await page.route('**/api/v1/predictions', (route) =>
		route.fulfill({
			status: 422,
			contentType: 'application/json',
			body: JSON.stringify({
				error: { code: 'unprocessable', message: 'record 3: model_version is unknown' }
			})
		})
	);
	await page.goto('/settings');
	await page.getByTestId('outbox-file').setInputFiles(batchFile('ob-rejected', 5));
	const row = page.locator('tr[data-state="rejected"]');
	await expect(row).toContainText('422: record 3: model_version is unknown');
	await expect(page.getByTestId('outbox-rejected')).toHaveText('1!');
	await page.reload();
	await expect(page.locator('tr[data-state="rejected"]')).toHaveCount(1);

	await page.unroute('**/api/v1/predictions');
	await page.route('**/api/v1/predictions', (route) =>
		route.fulfill({
			status: 401,
			contentType: 'application/json',
			body: JSON.stringify({ error: { code: 'unauthorized', message: 'Unknown token' } })
		})
	);
	await page.locator('tr[data-state="rejected"]').getByRole('button', { name: 'Retry' }).click();
	await expect(page.getByTestId('outbox-state')).toHaveText('auth');
	await expect(page.getByTestId('sync-message')).toContainText('Set a valid token in Settings');
	await expect(page.getByTestId('outbox-count')).toHaveText('1');

	// A file that is not prediction records is refused with the field at fault.
	await page.getByTestId('outbox-file').setInputFiles({
		name: 'bad.json',
		mimeType: 'application/json',
		buffer: Buffer.from(JSON.stringify([{ id: 'x', model: 'm' }]))
	});
	await expect(page.getByTestId('import-message')).toContainText('bad.json: record 1 field "id"');
});

test('a Worker answering 5xx is retried later, with the reason shown', async ({ page }) => {
	await signIn(page);
	let calls = 0;
	await page.route('**/api/v1/predictions', (route) => {
		calls++;
		return route.fulfill({
			status: 503,
			contentType: 'application/json',
			body: JSON.stringify({
				error: { code: 'storage_unavailable', message: 'Object storage is not answering' }
			})
		});
	});
	await page.goto('/settings');
	await page.getByTestId('outbox-file').setInputFiles(batchFile('ob-5xx', 3));
	await expect(page.getByTestId('outbox-state')).toHaveText('waiting');
	await expect(page.getByTestId('sync-message')).toContainText('The Worker had a problem (503');
	await expect(page.getByTestId('outbox-table')).toContainText('pending');
	// The backoff timer tries again by itself.
	await expect.poll(() => calls, { timeout: 15_000 }).toBeGreaterThan(1);
	await expect(page.getByTestId('outbox-count')).toHaveText('1');
});

test('a full device storage is reported and the upload is not claimed as queued', async ({
	page
}) => {
	await signIn(page);
	await page.addInitScript(() => {
		IDBObjectStore.prototype.add = function () {
			throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
		};
	});
	await page.goto('/settings');
	await page.getByTestId('outbox-file').setInputFiles(batchFile('ob-quota', 3));
	await expect(page.getByTestId('import-message')).toContainText('The device storage is full');
	await expect(page.getByTestId('outbox-count')).toHaveText('0');
});

test('a report file queued in the outbox reaches the Worker and the Reports page', async ({
	page,
	request
}) => {
	await registerModel(request, 'ob-report', '1.0.0');
	const body = report('ob-report', new Date().toISOString(), { drifted: true, share: 0.75 });
	await signIn(page);
	await page.goto('/settings');
	await page.getByTestId('outbox-file').setInputFiles({
		name: 'report.json',
		mimeType: 'application/json',
		buffer: Buffer.from(JSON.stringify(body))
	});
	await expect(page.getByTestId('import-message')).toContainText('Queued: report of ob-report');
	await expect(page.getByTestId('outbox-count')).toHaveText('0');
	await page
		.getByRole('navigation', { name: 'Main' })
		.getByRole('link', { name: 'Reports' })
		.click();
	await expect(page.locator(`tr[data-report="${body.id}"]`)).toContainText('0.750');
});
