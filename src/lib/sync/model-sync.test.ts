import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ApiClient } from './api-client';
import type { LocalModel } from './local-store';
import { registryKey, syncRegistryModels, type ModelSyncStore } from './model-sync';

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

function version(name: string, v: string, stage: string, seed = v) {
	const onnx = new TextEncoder().encode(`onnx-${name}-${seed}`);
	const card = {
		schema: 'vigil.model-card/1',
		name,
		version: v,
		task: 'regression',
		features: [{ name: 'x', dtype: 'float64', missing: 'reject' }],
		target: { name: 'y' },
		preprocessing: [],
		outputs: [{ name: 'prediction', dtype: 'float32', shape: [-1, 1], description: 'y' }],
		onnx: {
			file: 'model.onnx',
			sha256: sha(onnx),
			bytes: onnx.length,
			opset: { '': 17 },
			input_names: ['input'],
			output_names: ['prediction']
		},
		reference: {
			location: '/data/x.parquet',
			sha256: 'a'.repeat(64),
			sha256_of: 'parquet-file',
			rows: 1
		},
		metrics: { train: {}, validation: {}, test: {} },
		training: {
			algorithm: 'test',
			params: {},
			trained_at: '2026-11-01T00:00:00Z',
			rows: { train: 1, validation: 1, test: 1 },
			trees: 1,
			data: 'test'
		},
		attribution: 'test'
	};
	return { info: { name, version: v, stage, sha256: sha(onnx) }, card, onnx };
}

/** A registry behind a fake fetch; `corrupt` serves other bytes for that name@version. */
function registry(entries: ReturnType<typeof version>[], corrupt = new Set<string>()) {
	const calls: string[] = [];
	const fetchImpl = (async (url: string) => {
		calls.push(url);
		const path = new URL(url, 'http://x').pathname;
		if (path === '/api/v1/models') return Response.json({ models: entries.map((e) => e.info) });
		for (const e of entries) {
			const base = `/api/v1/models/${e.info.name}/${e.info.version}`;
			if (path === base) return Response.json({ ...e.info, card: e.card });
			if (path === `${base}/model.onnx`)
				return new Response(
					corrupt.has(`${e.info.name}@${e.info.version}`) ? new Uint8Array([1, 2, 3]) : e.onnx
				);
		}
		return Response.json({ error: { code: 'not_found', message: 'no' } }, { status: 404 });
	}) as typeof fetch;
	return { api: new ApiClient({ token: 't', fetch: fetchImpl, baseUrl: 'http://x' }), calls };
}

function memoryStore(
	initial: LocalModel[] = []
): ModelSyncStore & { models: Map<string, LocalModel> } {
	const models = new Map(initial.map((m) => [m.key, m]));
	return {
		models,
		list: async () => [...models.values()].map(({ onnx: _o, ...rest }) => rest),
		save: async (m) => void models.set(m.key, m),
		remove: async (k) => void models.delete(k)
	};
}

describe('syncRegistryModels', () => {
	it('downloads production and staging versions, checks their bytes, and skips what is current', async () => {
		const a1 = version('a', '1.0.0', 'production');
		const a2 = version('a', '1.1.0', 'staging');
		const old = version('a', '0.9.0', 'archived');
		const { api, calls } = registry([a1, a2, old]);
		const store = memoryStore([
			{
				key: 'a@0.5.0',
				name: 'a',
				version: '0.5.0',
				card: {},
				onnx: new ArrayBuffer(1),
				sha256: 'f'.repeat(64),
				loaded_at: '2026-11-01T00:00:00Z',
				file_name: 'mine.onnx'
			}
		]);
		const first = await syncRegistryModels(api, store, new Date('2026-11-22T00:00:00Z'));
		expect(first).toEqual({
			updated: ['a@1.0.0 (production)', 'a@1.1.0 (staging)'],
			removed: [],
			problems: []
		});
		const stored = store.models.get(registryKey('a', '1.0.0'))!;
		expect(stored).toMatchObject({
			origin: 'registry',
			stage: 'production',
			sha256: a1.info.sha256
		});
		expect(new Uint8Array(stored.onnx)).toEqual(a1.onnx);
		// A model the user loaded from a file is left alone.
		expect(store.models.has('a@0.5.0')).toBe(true);

		calls.length = 0;
		expect(await syncRegistryModels(api, store)).toEqual({
			updated: [],
			removed: [],
			problems: []
		});
		expect(calls).toEqual(['http://x/api/v1/models']);
	});

	it('follows a promotion: the new production version in, the archived one out', async () => {
		const a1 = version('a', '1.0.0', 'production');
		const a2 = version('a', '1.1.0', 'staging');
		const store = memoryStore();
		await syncRegistryModels(registry([a1, a2]).api, store);
		a1.info.stage = 'archived';
		a2.info.stage = 'production';
		const after = await syncRegistryModels(registry([a1, a2]).api, store);
		expect(after).toEqual({
			updated: ['a@1.1.0 (production)'],
			removed: ['a@1.0.0'],
			problems: []
		});
		expect([...store.models.keys()]).toEqual([registryKey('a', '1.1.0')]);
		expect(store.models.get(registryKey('a', '1.1.0'))!.stage).toBe('production');
	});

	it('refuses bytes that are not the registered ones and keeps the old copy of that model', async () => {
		const a1 = version('a', '1.0.0', 'production');
		const b1 = version('b', '1.0.0', 'production');
		const store = memoryStore();
		await syncRegistryModels(registry([a1, b1]).api, store);
		a1.info.stage = 'archived';
		const a2 = version('a', '2.0.0', 'production');
		const r = await syncRegistryModels(registry([a1, a2, b1], new Set(['a@2.0.0'])).api, store);
		expect(r.updated).toEqual([]);
		expect(r.removed).toEqual([]);
		expect(r.problems).toEqual([
			expect.stringMatching(
				/^a@2\.0\.0 could not be synced: the downloaded ONNX file \(SHA-256 [0-9a-f]{12}…\) is not the registered one$/
			)
		]);
		expect(store.models.has(registryKey('a', '1.0.0'))).toBe(true);
		expect(store.models.has(registryKey('a', '2.0.0'))).toBe(false);
	});
});
