import { expect } from 'vitest';
import { call, newId, postJson, record } from './helpers';
import { base64, cardFor, fakeOnnx } from './model-fixtures';
import { referenceProfileBytes } from './drift-fixtures';

/**
 * Registers `name@1.0.0` (the fixture card: a regressor with test RMSE 1.2) with the fixture
 * reference profile and promotes it to production, as the monitoring job needs.
 *
 * @example
 * await registerWithProfile('job-model');
 */
export async function registerWithProfile(name: string): Promise<void> {
	const onnx = fakeOnnx(name.length);
	const card = await cardFor(name, '1.0.0', onnx);
	const res = await call(`/api/v1/models/${name}/1.0.0`, {
		method: 'PUT',
		token: 'admin',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({
			card,
			onnx_base64: base64(onnx),
			reference_profile_base64: base64(referenceProfileBytes())
		})
	});
	expect(res.status).toBe(201);
	await call(`/api/v1/models/${name}/1.0.0/promote`, {
		method: 'POST',
		token: 'admin',
		headers: { 'content-type': 'application/json' },
		body: '{"stage":"production"}'
	});
}

/**
 * Ingests `n` fixture prediction records of `model` in batches of 100.
 *
 * @example
 * await ingest('job-model', 250);
 */
export async function ingest(model: string, n: number): Promise<void> {
	for (let done = 0; done < n; done += 100) {
		const batch = Array.from({ length: Math.min(100, n - done) }, () => record({ model }));
		const res = await postJson('/api/v1/predictions', batch, 'ingest', {
			'idempotency-key': newId()
		});
		expect(res.status).toBe(201);
	}
}
