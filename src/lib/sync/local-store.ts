import { transact } from './device-db';

/**
 * A result computed on this device (a drift report or a prediction run), kept so the Overview can
 * show the device's own latest figures when the Worker cannot be reached.
 */
export interface LocalResult {
	id: string;
	model: string;
	model_version?: string;
	kind: 'drift' | 'predictions';
	created_at: string;
	verdict?: string;
	drift_share?: number;
	rmse?: number;
	accuracy?: number;
	predictions?: number;
}

/** A model on this device for the Predict page: loaded from a file, or synced from the registry. */
export interface LocalModel {
	/** `name@version` */
	key: string;
	name: string;
	version: string;
	card: Record<string, unknown>;
	onnx: ArrayBuffer;
	sha256: string;
	loaded_at: string;
	file_name: string;
	/** 'registry' for a production or staging version synced from the Worker; absent for a file. */
	origin?: 'file' | 'registry';
	/** The registry stage when it was synced. */
	stage?: string;
}

/**
 * Stores a result computed on this device.
 *
 * @example
 * await saveLocalResult({ id, model: 'penicillin', kind: 'drift', created_at, drift_share: 0.25 });
 */
export async function saveLocalResult(result: LocalResult): Promise<void> {
	await transact('results', 'readwrite', (store) => store.put(result));
}

/**
 * The newest local result of each model.
 *
 * @example
 * const latest = await latestLocalResults();
 */
export async function latestLocalResults(): Promise<LocalResult[]> {
	const all = (await transact<LocalResult[]>('results', 'readonly', (s) => s.getAll())) ?? [];
	const byModel = new Map<string, LocalResult>();
	for (const r of all) {
		const seen = byModel.get(r.model);
		if (!seen || seen.created_at < r.created_at) byModel.set(r.model, r);
	}
	return [...byModel.values()].sort((a, b) => a.model.localeCompare(b.model));
}

/**
 * Stores a model and its card on this device (replacing the same name@version).
 *
 * @example
 * await saveLocalModel({ key: 'penicillin@1.0.0', ... });
 */
export async function saveLocalModel(model: LocalModel): Promise<void> {
	await transact('models', 'readwrite', (store) => store.put(model));
}

/**
 * The models stored on this device, without their ONNX bytes.
 *
 * @example
 * const models = await listLocalModels();
 */
export async function listLocalModels(): Promise<Omit<LocalModel, 'onnx'>[]> {
	const all = (await transact<LocalModel[]>('models', 'readonly', (s) => s.getAll())) ?? [];
	return all.map(({ onnx: _onnx, ...rest }) => rest).sort((a, b) => a.key.localeCompare(b.key));
}

/**
 * One stored model with its ONNX bytes, or undefined.
 *
 * @example
 * const model = await getLocalModel('penicillin@1.0.0');
 */
export async function getLocalModel(key: string): Promise<LocalModel | undefined> {
	return transact<LocalModel | undefined>('models', 'readonly', (s) => s.get(key));
}

/**
 * Deletes a stored model.
 *
 * @example
 * await deleteLocalModel('penicillin@1.0.0');
 */
export async function deleteLocalModel(key: string): Promise<void> {
	await transact('models', 'readwrite', (store) => store.delete(key));
}
