import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { expect, test, type APIRequestContext } from '@playwright/test';
import { ulid } from 'ulid';
import { AUTH, consoleErrors, postReport, report, signIn } from './app-helpers';

/** The ONNX bytes and card of a bundled demo model. */
function demo(dir: string) {
	const onnx = readFileSync(`static/models/${dir}/1.0.0/model.onnx`);
	const card = JSON.parse(readFileSync(`static/models/${dir}/1.0.0/card.json`, 'utf8'));
	return { onnx, card, sha256: createHash('sha256').update(onnx).digest('hex') };
}
const bike = demo('bike-demand');
const sha256 = bike.sha256;

/** Registers a demo model's ONNX under `name`@`version` (same bytes, card renamed). */
async function upload(
	request: APIRequestContext,
	name: string,
	version: string,
	{ onnx, card } = bike
) {
	const put = await request.put(`/api/v1/models/${name}/${version}`, {
		headers: AUTH,
		data: { card: { ...card, name, version }, onnx_base64: onnx.toString('base64') }
	});
	expect(put.status(), await put.text()).toBeLessThan(300);
}

async function promote(request: APIRequestContext, name: string, version: string) {
	const response = await request.post(`/api/v1/models/${name}/${version}/promote`, {
		headers: AUTH,
		data: { stage: 'production' }
	});
	expect(response.status(), await response.text()).toBe(200);
}

/** A vigil.evaluation/1 of `name`@1.0.1 against 1.0.0; `segmentDegradation` decides the segments gate. */
function evaluation(name: string, segmentDegradation: number) {
	const segmentsPass = segmentDegradation <= 0.05;
	const gates = [
		{
			gate: 'compatible',
			passed: true,
			value: null,
			threshold: null,
			message: 'Same task, target, features and outputs'
		},
		{
			gate: 'min_labelled',
			passed: true,
			value: 420,
			threshold: 200,
			message: '420 labelled predictions (at least 200 needed)'
		},
		{
			gate: 'min_coverage',
			passed: true,
			value: 0.6,
			threshold: 0.3,
			message: 'Label coverage 60.0% (at least 30.0%)'
		},
		{
			gate: 'beats_champion',
			passed: true,
			value: 0.9,
			threshold: 0.95,
			message: 'RMSE 45.0 vs champion 50.0: ratio 0.900 (at most 0.95)'
		},
		{
			gate: 'calibration',
			passed: true,
			not_applicable: true,
			value: null,
			threshold: null,
			message: 'Calibration (Brier score) applies to binary classifiers only'
		},
		{
			gate: 'segments',
			passed: segmentsPass,
			value: segmentDegradation,
			threshold: 0.05,
			message: segmentsPass
				? 'No gated segment is worse by more than 5%'
				: `weathersit=3 is ${(segmentDegradation * 100).toFixed(1)}% worse (at most 5% allowed)`
		}
	];
	const t0 = Date.parse('2026-11-20T00:00:00Z');
	return {
		schema: 'vigil.evaluation/1',
		model: name,
		task: 'regression',
		created_at: '2026-11-22T12:00:00Z',
		champion: { version: '1.0.0', sha256 },
		challenger: { version: '1.0.1', sha256 },
		holdout: { from: '2026-11-20T00:00:00Z', to: '2026-11-21T00:00:00Z', rows: 126 },
		labelled: 420,
		coverage: 0.6,
		config: {
			min_labelled: 200,
			min_coverage: 0.3,
			min_f1_gain: 0.02,
			max_rmse_ratio: 0.95,
			max_brier_increase: 0.01,
			max_segment_degradation: 0.05,
			min_segment_rows: 30
		},
		metrics: {
			champion: { rmse: 50.5, mae: 35, r2: 0.8 },
			challenger: { rmse: 45.25, mae: 33, r2: 0.84 }
		},
		segments: [
			{
				column: 'weathersit',
				value: '1',
				rows: 80,
				metric: 'rmse',
				champion: 40,
				challenger: 36,
				degradation: -0.1,
				gated: true
			},
			{
				column: 'weathersit',
				value: '3',
				rows: 46,
				metric: 'rmse',
				champion: 60,
				challenger: 60 * (1 + segmentDegradation),
				degradation: segmentDegradation,
				gated: true
			}
		],
		gates,
		passed: gates.every((g) => g.passed),
		shadow: {
			champion_version: '1.0.0',
			challenger_version: '1.0.1',
			records: [0, 1, 2].map((i) => ({
				id: ulid(t0 + i * 1000),
				y: 100 + i,
				champion: 98 + i,
				challenger: 101 + i
			}))
		}
	};
}

async function seed(request: APIRequestContext, name: string, segmentDegradation: number) {
	await upload(request, name, '1.0.0');
	await promote(request, name, '1.0.0');
	await upload(request, name, '1.0.1');
	const put = await request.put(`/api/v1/models/${name}/1.0.1/evaluation`, {
		headers: AUTH,
		data: evaluation(name, segmentDegradation)
	});
	expect(put.status(), await put.text()).toBe(201);
}

test('a challenger that passes every gate is promoted, then rolled back', async ({
	page,
	request
}) => {
	const name = 'bike-review';
	await seed(request, name, 0.02);
	await postReport(request, report(name, '2026-11-22T11:00:00Z', { drifted: true, share: 0.01 }));
	await signIn(page);
	const errors = consoleErrors(page);
	await page.goto('/models');
	await page
		.getByTestId(`review-pick-${name}`)
		.getByRole('button', { name: 'Review 1.0.1 against 1.0.0' })
		.click();
	const review = page.getByTestId(`review-${name}`);
	await expect(review).toContainText('Challenger 1.0.1 vs champion 1.0.0');

	// Every gate with its result and figures.
	const gates = review.getByTestId('gates');
	await expect(gates.locator('tr[data-gate]')).toHaveCount(6);
	await expect(gates.locator('tr[data-gate="beats_champion"]')).toContainText('pass');
	await expect(gates.locator('tr[data-gate="beats_champion"]')).toContainText('ratio 0.900');
	await expect(gates.locator('tr[data-gate="calibration"]')).toContainText('n/a');

	// Metrics side by side with deltas, in the right direction for error metrics.
	const rmse = review.getByTestId('metrics').locator('tr[data-metric="rmse"]');
	await expect(rmse).toContainText('50.5000');
	await expect(rmse).toContainText('45.2500');
	await expect(rmse).toContainText('-5.2500 better');

	// Segments within the limit are not highlighted; drifted features come from the latest report.
	await expect(
		review.getByTestId('segments').locator('tr[data-segment="weathersit=3"]')
	).toHaveAttribute('data-worse', 'false');
	await expect(review.getByTestId('calibration')).toContainText('binary classifiers only');
	await expect(review.getByTestId('drifted-features')).toContainText('temperature');
	await expect(review.getByTestId('promote-blockers')).toHaveCount(0);

	const table = page.getByTestId(`registry-${name}`);
	await review.getByRole('button', { name: 'Promote challenger 1.0.1' }).click();
	await expect(page.getByTestId('models-action')).toContainText('1.0.1 is now production');
	await expect(table.locator('tr[data-version="1.0.1"]')).toHaveAttribute(
		'data-stage',
		'production'
	);
	await expect(table.locator('tr[data-version="1.0.0"]')).toHaveAttribute('data-stage', 'archived');

	// The promoted version keeps its evaluation on show, with a confirmed roll back.
	await expect(review).toContainText('1.0.1 in production, evaluated against 1.0.0');
	const rollBack = review.getByRole('button', { name: 'Roll back 1.0.1 to 1.0.0' });
	page.once('dialog', (dialog) => void dialog.dismiss());
	await rollBack.click();
	await expect(table.locator('tr[data-version="1.0.1"]')).toHaveAttribute(
		'data-stage',
		'production'
	);
	page.once('dialog', (dialog) => {
		expect(dialog.message()).toContain('make 1.0.0 the production version again');
		void dialog.accept();
	});
	await rollBack.click();
	await expect(page.getByTestId('models-action')).toContainText(
		'Rolled back: bike-review 1.0.0 is production again'
	);
	await expect(table.locator('tr[data-version="1.0.0"]')).toHaveAttribute(
		'data-stage',
		'production'
	);
	await expect(table.locator('tr[data-version="1.0.1"]')).not.toHaveAttribute(
		'data-stage',
		'production'
	);
	expect(errors).toEqual([]);
});

test('a challenger with a failing gate cannot be promoted, and the gate is named', async ({
	page,
	request
}) => {
	const name = 'bike-gated';
	await seed(request, name, 0.12);
	await signIn(page);
	const errors = consoleErrors(page);
	await page.goto('/models');
	await page
		.getByTestId(`review-pick-${name}`)
		.getByRole('button', { name: 'Review 1.0.1 against 1.0.0' })
		.click();
	const review = page.getByTestId(`review-${name}`);
	await expect(review.getByTestId('gates').locator('tr[data-gate="segments"]')).toHaveAttribute(
		'data-passed',
		'false'
	);
	await expect(
		review.getByTestId('segments').locator('tr[data-segment="weathersit=3"]')
	).toHaveAttribute('data-worse', 'true');
	await expect(review.getByRole('button', { name: 'Promote challenger 1.0.1' })).toBeDisabled();
	await expect(review.getByTestId('promote-blockers')).toContainText(
		'Gate segments failed: weathersit=3 is 12.0% worse'
	);
	await expect(review.getByTestId('drifted-features')).toContainText('No drift report');

	// A version without an evaluation says how to get one.
	await upload(request, name, '1.0.2');
	await page.reload();
	await page
		.getByTestId(`review-pick-${name}`)
		.getByRole('button', { name: 'Review 1.0.2 against 1.0.0' })
		.click();
	await expect(page.getByTestId(`review-error-${name}`)).toContainText(
		'No evaluation of bike-gated 1.0.2 is stored'
	);
	await expect(page.getByTestId(`review-${name}`)).toHaveCount(0);
	await expect(
		page.getByTestId(`registry-${name}`).locator('tr[data-version="1.0.0"]')
	).toHaveAttribute('data-stage', 'production');
	expect(errors.filter((e) => !e.includes('404'))).toEqual([]);
});

test('a binary challenger shows its Brier scores and a reliability diagram', async ({
	page,
	request
}) => {
	const name = 'adult-review';
	const adult = demo('adult-income');
	await upload(request, name, '1.0.0', adult);
	await promote(request, name, '1.0.0');
	await upload(request, name, '1.0.1', adult);
	// Shadow scores of 200 holdout rows: the champion over-confident, the challenger close to the rate.
	const t0 = Date.parse('2026-11-20T00:00:00Z');
	const records = Array.from({ length: 200 }, (_, i) => {
		const p = (i % 10) / 10 + 0.05;
		// Golden-ratio steps spread the outcomes evenly within each bin, so the rate matches p.
		const y = (i * 0.6180339887) % 1 < p ? 1 : 0;
		return {
			id: ulid(t0 + i * 1000),
			y,
			champion: Math.min(0.99, p * 1.6),
			challenger: p
		};
	});
	const body = {
		...evaluation(name, 0.01),
		task: 'binary',
		champion: { version: '1.0.0', sha256: adult.sha256 },
		challenger: { version: '1.0.1', sha256: adult.sha256 },
		metrics: {
			champion: { f1: 0.61, roc_auc: 0.85, brier: 0.19 },
			challenger: { f1: 0.66, roc_auc: 0.88, brier: 0.16 }
		},
		shadow: { champion_version: '1.0.0', challenger_version: '1.0.1', records }
	};
	body.gates = body.gates.map((g) =>
		g.gate === 'calibration'
			? {
					gate: 'calibration',
					passed: true,
					value: -0.03,
					threshold: 0.01,
					message: 'Brier 0.1600 vs champion 0.1900: -0.0300 (at most +0.01 allowed)'
				}
			: g
	);
	const put = await request.put(`/api/v1/models/${name}/1.0.1/evaluation`, {
		headers: AUTH,
		data: body
	});
	expect(put.status(), await put.text()).toBe(201);

	await signIn(page);
	const errors = consoleErrors(page);
	await page.goto('/models');
	await page
		.getByTestId(`review-pick-${name}`)
		.getByRole('button', { name: 'Review 1.0.1 against 1.0.0' })
		.click();
	const review = page.getByTestId(`review-${name}`);
	const calibration = review.getByTestId('calibration');
	await expect(calibration).toContainText('Brier: champion 0.1900, challenger 0.1600');
	await expect(calibration.getByRole('img', { name: /Reliability diagram/ })).toBeVisible();
	await expect(calibration.locator('polyline')).toHaveCount(2);
	await expect(calibration).toContainText('from 200 shadow-scored holdout rows');
	await expect(review.getByTestId('metrics').locator('tr[data-metric="brier"]')).toContainText(
		'-0.0300 better'
	);
	await expect(review.getByRole('button', { name: 'Promote challenger 1.0.1' })).toBeEnabled();
	await page.screenshot({ path: 'test-results/e2e/models-challenger-review.png', fullPage: true });
	expect(errors).toEqual([]);
});
