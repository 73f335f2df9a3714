// Keeps the registry's production and staging versions on the device, so the Predict page runs
// the version in production (and can shadow-score the staged challenger) without a network round
// trip, offline included. A promotion reaches a device on its next sync.
import { modelCardSchema } from '../contracts/model-card';
import { sha256Hex } from '../data/sha256';
import type { ApiClient, ModelVersionInfo } from './api-client';
import type { LocalModel } from './local-store';

/** Where synced models are kept: the device's model store, or a fake in tests. */
export interface ModelSyncStore {
	list(): Promise<Omit<LocalModel, 'onnx'>[]>;
	save(model: LocalModel): Promise<void>;
	remove(key: string): Promise<void>;
}

/** What one sync changed. */
export interface ModelSyncResult {
	/** `name@version (stage)` of every version downloaded or restaged. */
	updated: string[];
	/** `name@version` of every synced version no longer in production or staging. */
	removed: string[];
	/** One sentence per version that could not be synced; the others still were. */
	problems: string[];
}

/** The key a synced version is stored under, apart from files the user loaded. */
export const registryKey = (name: string, version: string) => `registry:${name}@${version}`;

/**
 * Brings the device's copies of the registry's production and staging versions up to date:
 * downloads what is missing or changed (the ONNX bytes are checked against the registry's and the
 * card's SHA-256 before anything is stored), updates stages, and removes synced versions that left
 * production and staging. Models loaded from files are never touched. A version that fails is
 * reported, and the device keeps the copies it had of that model.
 *
 * @example
 * const { updated, problems } = await syncRegistryModels(apiClient(), deviceModelStore);
 */
export async function syncRegistryModels(
	api: ApiClient,
	store: ModelSyncStore,
	now: Date = new Date()
): Promise<ModelSyncResult> {
	const result: ModelSyncResult = { updated: [], removed: [], problems: [] };
	const versions: ModelVersionInfo[] = await api.listModels();
	const wanted = versions.filter((v) => v.stage === 'production' || v.stage === 'staging');
	const local = (await store.list()).filter((m) => m.origin === 'registry');
	const byKey = new Map(local.map((m) => [m.key, m]));
	// A model whose new version failed keeps its old copies: a device never ends up with none.
	const failed = new Set<string>();

	for (const v of wanted) {
		const key = registryKey(v.name, v.version);
		const id = `${v.name}@${v.version}`;
		const have = byKey.get(key);
		if (have && have.sha256 === v.sha256 && have.stage === v.stage) continue;
		try {
			const path = `/api/v1/models/${encodeURIComponent(v.name)}/${encodeURIComponent(v.version)}`;
			const detail = await api.getModel(v.name, v.version);
			const parsed = modelCardSchema.safeParse(detail.card);
			if (!parsed.success) {
				const issue = parsed.error.issues[0];
				throw new Error(
					`its card is not a valid model card (${issue?.path.join('.') || 'the card'}: ${issue?.message})`
				);
			}
			const card = parsed.data;
			if (card.name !== v.name || card.version !== v.version)
				throw new Error(`its card describes ${card.name}@${card.version}`);
			const onnx = await api.requestBytes(`${path}/model.onnx`);
			const sha256 = await sha256Hex(onnx);
			if (sha256 !== card.onnx.sha256 || (v.sha256 && sha256 !== v.sha256))
				throw new Error(
					`the downloaded ONNX file (SHA-256 ${sha256.slice(0, 12)}…) is not the registered one`
				);
			await store.save({
				key,
				name: v.name,
				version: v.version,
				card: card as unknown as Record<string, unknown>,
				onnx: onnx.buffer.slice(onnx.byteOffset, onnx.byteOffset + onnx.byteLength) as ArrayBuffer,
				sha256,
				loaded_at: now.toISOString(),
				file_name: card.onnx.file,
				origin: 'registry',
				stage: v.stage
			});
			result.updated.push(`${id} (${v.stage})`);
		} catch (err) {
			failed.add(v.name);
			result.problems.push(
				`${id} could not be synced: ${err instanceof Error ? err.message : String(err)}`
			);
		}
	}
	const keep = new Set(wanted.map((v) => registryKey(v.name, v.version)));
	for (const m of local) {
		if (keep.has(m.key) || failed.has(m.name)) continue;
		await store.remove(m.key);
		result.removed.push(`${m.name}@${m.version}`);
	}
	return result;
}
