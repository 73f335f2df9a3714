// Shared by the app's browser tests: a signed-in page, an authenticated API context, seed data.
import { createHash } from 'node:crypto';
import { expect, type APIRequestContext, type Page } from '@playwright/test';
import { ulid } from 'ulid';
import { E2E_TOKEN } from './token.js';

export const AUTH = { authorization: `Bearer ${E2E_TOKEN}` };

/** Puts the test token (and any other settings) in the page's localStorage before the app starts. */
export async function signIn(page: Page, extra: Record<string, unknown> = {}): Promise<void> {
	await page.addInitScript(
		([token, more]) => {
			// Init scripts run in every frame; sandboxed report frames have no storage.
			if (window !== window.top) return;
			if (localStorage.getItem('vigil.e2e-signed-in') === null) {
				localStorage.setItem('vigil.settings', JSON.stringify({ token, ...more }));
				localStorage.setItem('vigil.e2e-signed-in', '1');
			}
		},
		[E2E_TOKEN, extra] as const
	);
}

/** Collects console errors; assert with `expect(errors).toEqual([])`. */
export function consoleErrors(page: Page): string[] {
	const errors: string[] = [];
	page.on('console', (msg) => {
		if (msg.type() === 'error') errors.push(msg.text());
	});
	page.on('pageerror', (err) => errors.push(err.message));
	return errors;
}

/** A model card (vigil.model-card/1) for bytes that stand in for an ONNX file. */
export function modelCard(name: string, version: string, onnx: Buffer) {
	return {
		schema: 'vigil.model-card/1',
		name,
		version,
		title: `${name} test model`,
		description: 'A registry entry for the browser tests.',
		task: 'regression',
		features: [{ name: 'temperature', dtype: 'float32', missing: 'reject' }],
		target: { name: 'penicillin', unit: 'g/L' },
		preprocessing: [],
		outputs: [{ name: 'variable', dtype: 'float32', shape: [-1, 1], description: 'prediction' }],
		onnx: {
			file: 'model.onnx',
			sha256: createHash('sha256').update(onnx).digest('hex'),
			bytes: onnx.length,
			opset: { '': 17 },
			input_names: ['input'],
			output_names: ['variable']
		},
		reference: {
			location: '/data/test.parquet',
			sha256: 'a'.repeat(64),
			sha256_of: 'parquet-file',
			rows: 100
		},
		metrics: { train: { rmse: 0.5 }, validation: { rmse: 0.6 }, test: { rmse: 0.7 } },
		training: {
			algorithm: 'gbdt',
			params: {},
			trained_at: '2026-11-01T00:00:00Z',
			rows: { train: 80, validation: 10, test: 10 },
			trees: 10
		},
		attribution: 'test fixture'
	};
}

/** Bytes standing in for an ONNX file (the registry checks size and SHA-256, not the graph). */
export function fakeOnnx(seed: string): Buffer {
	return Buffer.concat([Buffer.from([0x08, 0x08, 0x12]), Buffer.from(`vigil-e2e-${seed}`)]);
}

/** Registers a model version through the API and optionally promotes it. */
export async function registerModel(
	request: APIRequestContext,
	name: string,
	version: string,
	stage?: 'production' | 'staging' | 'archived'
): Promise<void> {
	const onnx = fakeOnnx(`${name}-${version}`);
	const put = await request.put(`/api/v1/models/${name}/${version}`, {
		headers: AUTH,
		data: { card: modelCard(name, version, onnx), onnx_base64: onnx.toString('base64') }
	});
	expect(put.status(), await put.text()).toBeLessThan(300);
	if (stage) {
		const promote = await request.post(`/api/v1/models/${name}/${version}/promote`, {
			headers: AUTH,
			data: { stage }
		});
		expect(promote.status(), await promote.text()).toBe(200);
	}
}

/** A drift report (vigil.report/1) as the drift core writes it, with two tested columns. */
export function report(
	model: string,
	createdAt: string,
	{ drifted, share, rmse }: { drifted: boolean; share: number; rmse?: number }
) {
	const column = (name: string, value: number, columnDrifted: boolean) => ({
		name,
		type: 'numerical',
		status: 'tested',
		method: 'ks',
		kind: 'pvalue',
		value,
		threshold: 0.05,
		drifted: columnDrifted
	});
	return {
		schema: 'vigil.report/1',
		id: ulid(Date.parse(createdAt)),
		created_at: createdAt,
		model: { name: model, version: '1.0.0' },
		reference: { name: 'reference', sha256: 'a'.repeat(64), rows: 1000 },
		current: { name: 'window', rows: 200 },
		dataset: {
			drifted,
			drift_share: share,
			drifted_columns: drifted ? 1 : 0,
			columns_tested: 2,
			drift_share_threshold: 0.5
		},
		columns: [column('temperature', share, drifted), column('ph', share / 2, false)],
		quality: {
			columns: [],
			reference_only_columns: [],
			current_only_columns: [],
			type_mismatch_columns: []
		},
		...(rmse === undefined
			? {}
			: { performance: { task: 'regression', rows: 200, rmse, mae: null, mape: null, r2: null } })
	};
}

/** Stores a report through the API; returns its id. */
export async function postReport(
	request: APIRequestContext,
	body: ReturnType<typeof report>,
	html?: string
): Promise<string> {
	const response = html
		? await request.post('/api/v1/reports', {
				headers: AUTH,
				multipart: { report: JSON.stringify(body), html }
			})
		: await request.post('/api/v1/reports', { headers: AUTH, data: body });
	expect(response.status(), await response.text()).toBeLessThan(300);
	return body.id;
}

/** Prediction records (vigil.prediction/1) of one model made "on a device". */
export function predictionRecords(model: string, count: number, device = 'e2e-device') {
	const now = Date.now();
	return Array.from({ length: count }, (_, i) => ({
		id: ulid(now + i),
		model,
		model_version: '1.0.0',
		device,
		ts: new Date(now + i).toISOString(),
		features: { temperature: 298 + i / 10 },
		prediction: 10 + i / 100
	}));
}

/** Total records the Worker stored for a model (sum over its prediction objects). */
export async function storedRecords(request: APIRequestContext, model: string): Promise<number> {
	const response = await request.get(`/api/v1/predictions?model=${model}`, { headers: AUTH });
	expect(response.status(), await response.text()).toBe(200);
	const { objects } = (await response.json()) as { objects: { records: number }[] };
	return objects.reduce((sum, o) => sum + o.records, 0);
}
