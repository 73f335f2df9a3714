import { describe, expect, it } from 'vitest';
import { call, type ErrorBody } from './helpers';
import { base64, cardFor, fakeOnnx } from './model-fixtures';
import { referenceProfileBytes } from './drift-fixtures';

async function upload(
	name: string,
	version: string,
	seed: number,
	how: 'json' | 'multipart' = 'json'
) {
	const onnx = fakeOnnx(seed);
	const card = await cardFor(name, version, onnx);
	if (how === 'json')
		return call(`/api/v1/models/${name}/${version}`, {
			method: 'PUT',
			token: 'admin',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ card, onnx_base64: base64(onnx) })
		});
	const form = new FormData();
	form.set('card', JSON.stringify(card));
	form.set('model', new Blob([onnx]), 'model.onnx');
	return call(`/api/v1/models/${name}/${version}`, { method: 'PUT', token: 'admin', body: form });
}

interface Entry {
	name: string;
	version: string;
	stage: string;
	sha256: string;
}

describe('model registry', () => {
	it('registers versions (JSON and multipart), lists, gets and downloads them', async () => {
		expect((await upload('reg-model', '1.0.0', 1)).status).toBe(201);
		const second = await upload('reg-model', '1.1.0', 2, 'multipart');
		expect(second.status).toBe(201);
		const entry = await second.json<Entry>();
		expect(entry).toMatchObject({
			schema: 'vigil.model-version/1',
			name: 'reg-model',
			version: '1.1.0',
			stage: 'none'
		});
		const list = await (
			await call('/api/v1/models?name=reg-model', { token: 'read' })
		).json<{ models: Entry[] }>();
		expect(list.models.map((m) => m.version)).toEqual(['1.0.0', '1.1.0']);
		const got = await (
			await call('/api/v1/models/reg-model/1.1.0', { token: 'read' })
		).json<Entry & { card: { name: string } }>();
		expect(got.card.name).toBe('reg-model');
		const onnx = await call('/api/v1/models/reg-model/1.1.0/model.onnx', { token: 'read' });
		expect(onnx.status).toBe(200);
		expect(new Uint8Array(await onnx.arrayBuffer())).toEqual(fakeOnnx(2));
		expect(onnx.headers.get('x-vigil-sha256')).toBe(entry.sha256);
	});

	it('is idempotent for the same bytes and refuses other bytes for a registered version', async () => {
		expect((await upload('immutable', '1', 3)).status).toBe(201);
		expect((await upload('immutable', '1', 3)).status).toBe(200);
		const res = await upload('immutable', '1', 4);
		expect(res.status).toBe(409);
	});

	it('checks the SHA-256 and size against the card', async () => {
		const onnx = fakeOnnx(5);
		const card = await cardFor('hash-model', '1', onnx);
		const tampered = fakeOnnx(6);
		const res = await call('/api/v1/models/hash-model/1', {
			method: 'PUT',
			token: 'admin',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ card, onnx_base64: base64(tampered) })
		});
		expect(res.status).toBe(422);
		expect((await res.json<ErrorBody>()).error.message).toContain('SHA-256');
		const mismatch = await call('/api/v1/models/other-name/1', {
			method: 'PUT',
			token: 'admin',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ card, onnx_base64: base64(onnx) })
		});
		expect(mismatch.status).toBe(422);
	});

	it('promotes: a new production version archives the previous one', async () => {
		await upload('promo', '1', 7);
		await upload('promo', '2', 8);
		const promote = (version: string, stage: string, force?: boolean) =>
			call(`/api/v1/models/promo/${version}/promote`, {
				method: 'POST',
				token: 'admin',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify(force === undefined ? { stage } : { stage, force })
			});
		expect((await promote('1', 'production')).status).toBe(200);
		// Over a production version the gates apply (evaluation-guard.test.ts); an admin's force skips them.
		expect((await promote('2', 'production')).status).toBe(409);
		const second = await promote('2', 'production', true);
		expect(await second.json()).toMatchObject({
			entry: { version: '2', stage: 'production' },
			archived: ['1']
		});
		const production = await (
			await call('/api/v1/models?name=promo&stage=production', { token: 'read' })
		).json<{ models: Entry[] }>();
		expect(production.models.map((m) => m.version)).toEqual(['2']);
		const archived = await (
			await call('/api/v1/models?name=promo&stage=archived', { token: 'read' })
		).json<{ models: Entry[] }>();
		expect(archived.models.map((m) => m.version)).toEqual(['1']);
		expect((await promote('2', 'staging')).status).toBe(200);
		expect((await promote('2', 'deleted')).status).toBe(422);
		expect((await promote('9', 'production')).status).toBe(404);
	});

	it('refuses traversal and markup in names and versions, and unknown models', async () => {
		for (const path of [
			'/api/v1/models/..%2F..%2Fx/1',
			'/api/v1/models/%3Cb%3E/1',
			'/api/v1/models/m/..'
		]) {
			const res = await call(path, {
				method: 'PUT',
				token: 'admin',
				headers: { 'content-type': 'application/json' },
				body: '{}'
			});
			expect([400, 404]).toContain(res.status);
			expect(await res.text()).not.toContain('<b>');
		}
		expect((await call('/api/v1/models/nope/1', { token: 'read' })).status).toBe(404);
		expect((await call('/api/v1/models/nope/1/model.onnx', { token: 'read' })).status).toBe(404);
	});

	it('refuses bad uploads with the envelope', async () => {
		const bodies: [string, string, number][] = [
			['application/json', '{"card":', 400],
			['application/json', '{"card":{},"onnx_base64":"AAAA"}', 422],
			['text/plain', 'x', 415]
		];
		for (const [type, body, status] of bodies) {
			const res = await call('/api/v1/models/bad/1', {
				method: 'PUT',
				token: 'admin',
				headers: { 'content-type': type },
				body
			});
			expect(res.status).toBe(status);
			expect((await res.json<ErrorBody>()).error).toBeDefined();
		}
	});
	it('keeps a frozen reference profile that must match the card', async () => {
		expect((await upload('profiled', '1', 11)).status).toBe(201);
		const put = (bytes: Uint8Array) =>
			call('/api/v1/models/profiled/1/reference-profile', {
				method: 'PUT',
				token: 'admin',
				headers: { 'content-type': 'application/octet-stream' },
				body: bytes
			});
		const wrong = await put(referenceProfileBytes('b'.repeat(64)));
		expect(wrong.status).toBe(422);
		expect((await wrong.json<ErrorBody>()).error.message).toContain('card.reference.sha256');
		expect((await put(new Uint8Array([1, 2, 3]))).status).toBe(422);
		const ok = await put(referenceProfileBytes());
		expect(ok.status).toBe(200);
		expect((await ok.json<{ has_reference_profile: boolean }>()).has_reference_profile).toBe(true);
		expect((await put(referenceProfileBytes())).status).toBe(200);
		// Another profile of the same reference still may not replace the frozen one.
		expect((await put(referenceProfileBytes(undefined, '2026-11-02T00:00:00.000Z'))).status).toBe(
			409
		);
		expect(
			(
				await call('/api/v1/models/nope/1/reference-profile', {
					method: 'PUT',
					token: 'admin',
					body: referenceProfileBytes()
				})
			).status
		).toBe(404);
	});
});
