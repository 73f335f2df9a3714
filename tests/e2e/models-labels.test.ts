import { readFileSync } from 'node:fs';
import { DuckDBInstance } from '@duckdb/node-api';
import { expect, test, type APIRequestContext } from '@playwright/test';
import { ulid } from 'ulid';
import { AUTH, consoleErrors, signIn } from './app-helpers';

const MODEL = 'penicillin-soft-sensor';
const OFFLINE = 'Offline Penicillin concentration(P_offline:P(g L^{-1}))';
const dir = `static/models/${MODEL}/1.0.0`;
const card = JSON.parse(readFileSync(`${dir}/card.json`, 'utf8')) as {
	features: { name: string; range: { min: number; max: number } }[];
};

/** The demo file's lab values of one batch, read with DuckDB (not with the app's code). */
async function labValues(batch: number): Promise<Map<number, number>> {
	const db = await DuckDBInstance.create(':memory:');
	const conn = await db.connect();
	const reader = await conn.runAndReadAll(
		`SELECT "Time (h)" AS t, "${OFFLINE}" AS p FROM 'static/data/indpensim.parquet' WHERE batch_id = ${batch} AND p IS NOT NULL`
	);
	const out = new Map<number, number>();
	for (const row of reader.getRowObjects()) out.set(Number(row.t), Number(row.p));
	conn.closeSync();
	return out;
}

async function registerDemoModel(request: APIRequestContext) {
	const onnx = readFileSync(`${dir}/model.onnx`);
	const put = await request.put(`/api/v1/models/${MODEL}/1.0.0`, {
		headers: AUTH,
		data: {
			card: JSON.parse(readFileSync(`${dir}/card.json`, 'utf8')),
			onnx_base64: onnx.toString('base64')
		}
	});
	expect(put.status(), await put.text()).toBeLessThan(300);
}

interface StoredRecord {
	id: string;
	features: Record<string, unknown>;
	context?: Record<string, unknown>;
}

/** Every stored prediction record of the model (listing, then each NDJSON object). */
async function storedRecords(request: APIRequestContext): Promise<StoredRecord[]> {
	const list = await request.get(`/api/v1/predictions?model=${MODEL}`, { headers: AUTH });
	expect(list.status()).toBe(200);
	const { objects } = (await list.json()) as { objects: { key: string }[] };
	const records: StoredRecord[] = [];
	for (const o of objects) {
		const text = await (
			await request.get(`/api/v1/predictions/${o.key}`, { headers: AUTH })
		).text();
		for (const line of text.split('\n')) if (line.trim()) records.push(JSON.parse(line));
	}
	return records;
}

test.describe.configure({ mode: 'serial' });

test('lab values of a predicted batch are matched by batch and time, uploaded, and cover it', async ({
	page,
	request
}) => {
	test.setTimeout(180_000);
	const batch = 4;
	const lab = await labValues(batch);
	expect(lab.size).toBeGreaterThan(10);
	await registerDemoModel(request);

	// The Predict page puts the batch id into each record's context when it queues the batch.
	await signIn(page);
	const errors = consoleErrors(page);
	await page.goto('/predict');
	await expect(page.getByTestId('model-select')).toHaveValue(`${MODEL}@1.0.0`);
	await page.getByTestId('batch-select').selectOption(String(batch));
	await page.getByTestId('run-predict').click();
	const result = page.getByTestId('predict-result');
	await expect(result.getByRole('heading')).toContainText(`batch ${batch}`, { timeout: 60_000 });
	await page.getByTestId('queue-predictions').click();
	await expect(page.getByTestId('predict-notice')).toContainText(
		'predictions queued in the outbox'
	);
	const predicted = Number(
		(await page.getByTestId('predict-notice').textContent())!.match(/(\d+) predictions queued/)![1]
	);
	await expect
		.poll(async () => (await storedRecords(request)).length, { timeout: 60_000 })
		.toBe(predicted);
	const records = await storedRecords(request);
	expect(records.every((r) => r.context?.batch_id === batch)).toBe(true);

	// Models page: the demo lab values are matched against the stored predictions and uploaded.
	await page.goto('/models');
	const panel = page.getByTestId(`labels-${MODEL}`);
	await panel.locator('summary').click();
	await panel.getByTestId('labels-demo').click();
	await expect(panel.getByTestId('labels-loaded')).toContainText('11,585 rows', {
		timeout: 60_000
	});
	await expect(panel.getByTestId('labels-label-column')).toHaveValue(OFFLINE);
	await panel.getByTestId('labels-preview').click();
	const summary = panel.getByTestId('labels-summary');
	await expect(summary).toBeVisible({ timeout: 60_000 });
	await expect(panel.getByTestId('labels-count-upload')).toHaveText(String(lab.size));
	await expect(panel.getByTestId('labels-count-ambiguous')).toHaveText('0');
	await expect(panel.getByTestId('labels-count-invalid')).toHaveText('0');
	// Lab values of the batches never predicted match nothing; rows without a lab value are skipped.
	await expect(panel.getByTestId('labels-count-unmatched')).toHaveText(/^\d{3}$/);
	await expect(panel.getByTestId('labels-count-skipped')).toHaveText(/^11,\d{3}$/);
	await expect(panel.getByTestId('labels-problem').first()).toContainText(
		'match no stored prediction'
	);
	await page.screenshot({ path: 'test-results/e2e/models-labels-preview.png', fullPage: true });

	await panel.getByTestId('labels-upload').click();
	await expect(panel.getByTestId('labels-result')).toContainText(
		`${lab.size} labels stored; 0 changed an earlier value`,
		{ timeout: 60_000 }
	);
	await expect(panel.getByTestId('labels-coverage')).toContainText(
		`${lab.size} of ${predicted.toLocaleString('en')} predictions labelled`
	);

	// The labels belong to the records of the same batch and time, with the lab's values.
	for (const [time, value] of [...lab].slice(0, 4)) {
		const record = records.find((r) => r.features['Time (h)'] === time);
		expect(record, `a prediction at ${time} h`).toBeDefined();
		const label = await request.get(`/api/v1/labels/${record!.id}`, { headers: AUTH });
		expect(label.status(), await label.text()).toBe(200);
		expect(((await label.json()) as { current: { label: number } }).current.label).toBe(value);
	}
	const unlabelled = records.find((r) => !lab.has(r.features['Time (h)'] as number))!;
	expect((await request.get(`/api/v1/labels/${unlabelled.id}`, { headers: AUTH })).status()).toBe(
		404
	);

	// Previewing and uploading the same file again sends the same keys: nothing is stored twice.
	await panel.getByTestId('labels-preview').click();
	await panel.getByTestId('labels-upload').click();
	await expect(panel.getByTestId('labels-result')).toContainText(
		`(${lab.size} had been stored before and were not stored twice)`,
		{ timeout: 60_000 }
	);
	const some = records.find((r) => lab.has(r.features['Time (h)'] as number))!;
	const history = await request.get(`/api/v1/labels/${some.id}`, { headers: AUTH });
	expect(((await history.json()) as { history: unknown[] }).history).toHaveLength(1);

	const coverage = await request.get(`/api/v1/labels/coverage?model=${MODEL}`, { headers: AUTH });
	const total = ((await coverage.json()) as { total: { labelled: number; coverage: number } })
		.total;
	expect(total.labelled).toBe(lab.size);
	expect(total.coverage).toBeGreaterThan(0);
	expect(errors).toEqual([]);
});

test('a file with a label of the wrong type names the row and value and stores nothing', async ({
	page,
	request
}) => {
	await registerDemoModel(request);
	// Records of batch 5 with its id in context, stored through the API.
	const times = [12, 24, 36];
	const records = times.map((t) => ({
		id: ulid(),
		model: MODEL,
		model_version: '1.0.0',
		device: 'e2e-labels',
		ts: new Date().toISOString(),
		features: Object.fromEntries(
			card.features.map((f) => [
				f.name,
				f.name === 'Time (h)' ? t : (f.range.min + f.range.max) / 2
			])
		),
		context: { batch_id: 5 },
		prediction: t / 10
	}));
	const posted = await request.post('/api/v1/predictions', {
		headers: { ...AUTH, 'idempotency-key': `e2e-labels-${ulid()}` },
		data: records
	});
	expect(posted.status(), await posted.text()).toBe(201);

	await signIn(page);
	await page.goto('/models');
	const panel = page.getByTestId(`labels-${MODEL}`);
	await panel.locator('summary').click();
	await panel.getByTestId('labels-file').setInputFiles({
		name: 'lab-batch-5.csv',
		mimeType: 'text/csv',
		buffer: Buffer.from(`batch_id,Time (h),label\n5,12,1.25\n5,24.0,high\n5,36,\n`)
	});
	await expect(panel.getByTestId('labels-loaded')).toContainText('lab-batch-5.csv: 3 rows', {
		timeout: 60_000
	});
	await expect(panel.getByTestId('labels-label-column')).toHaveValue('label');
	await panel.getByTestId('labels-preview').click();
	await expect(panel.getByTestId('labels-count-invalid')).toHaveText('1', { timeout: 60_000 });
	await expect(panel.getByTestId('labels-count-skipped')).toHaveText('1');
	await expect(panel.getByRole('alert')).toContainText(
		'1 row has a value of the wrong type, so nothing can be uploaded until the file is fixed: row 2 (label "high" is not a finite number'
	);
	await expect(panel.getByTestId('labels-upload')).toHaveCount(0);
	for (const r of records)
		expect((await request.get(`/api/v1/labels/${r.id}`, { headers: AUTH })).status()).toBe(404);

	// Fixed file: "24.0" in the file matches the record's 24, and only labelled rows are uploaded.
	await panel.getByTestId('labels-file').setInputFiles({
		name: 'lab-batch-5-fixed.csv',
		mimeType: 'text/csv',
		buffer: Buffer.from(`batch_id,Time (h),label\n5,12,1.25\n5,24.0,2.5\n5,36,\n`)
	});
	await expect(panel.getByTestId('labels-loaded')).toContainText('lab-batch-5-fixed.csv', {
		timeout: 60_000
	});
	await panel.getByTestId('labels-preview').click();
	await expect(panel.getByTestId('labels-count-upload')).toHaveText('2', { timeout: 60_000 });

	// One label per request; the second request is refused (a token without the ingest scope):
	// the first stays stored, and Retry sends only the second.
	await panel.getByLabel('Labels per request').fill('1');
	let posts = 0;
	await page.route('**/api/v1/labels', async (route) => {
		if (route.request().method() === 'POST' && ++posts === 2)
			return route.fulfill({
				status: 403,
				contentType: 'application/json',
				body: JSON.stringify({ error: { code: 'forbidden', message: 'Token lacks scope ingest' } })
			});
		return route.fallback();
	});
	await panel.getByTestId('labels-upload').click();
	await expect(panel.getByTestId('labels-upload-error')).toContainText(
		'The token lacks the ingest scope needed to upload labels'
	);
	await expect(panel.getByText('1 / 2 stored')).toBeVisible();
	const first = await request.get(`/api/v1/labels/${records[0].id}`, { headers: AUTH });
	expect(((await first.json()) as { current: { label: number } }).current.label).toBe(1.25);
	await page.unroute('**/api/v1/labels');
	await expect(panel.getByTestId('labels-upload')).toHaveText('Retry: upload 1 labels');
	await panel.getByTestId('labels-upload').click();
	await expect(panel.getByTestId('labels-result')).toContainText('2 labels stored', {
		timeout: 30_000
	});
	await expect(panel.getByTestId('labels-coverage')).toContainText('predictions labelled');
	const second = await request.get(`/api/v1/labels/${records[1].id}`, { headers: AUTH });
	expect(((await second.json()) as { current: { label: number } }).current.label).toBe(2.5);
	expect((await request.get(`/api/v1/labels/${records[2].id}`, { headers: AUTH })).status()).toBe(
		404
	);
});
