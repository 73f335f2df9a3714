import { modelCardSchema, type ModelCard } from '../../../../src/lib/contracts/model-card';
import type { ModelStage, ModelVersionEntry } from '../../../../src/lib/contracts/models-registry';
import { sha256Hex } from '../http/body';
import { ApiError } from '../errors';
import { fleetOf } from '../env';
import { storeFromEnv, type ByteRange } from '../store';
import { modelKey } from '../store/keys';
import { checkAdvancedReference } from './monitoring/advanced-step';
import { checkReferenceProfile } from './reference-profile';

/** A model version's upload: its card, the ONNX bytes and optionally the frozen reference profile. */
export interface ModelUpload {
	card: ModelCard;
	onnx: Uint8Array;
	profile?: Uint8Array;
}

/**
 * Stores bytes under a frozen key: the same bytes again are fine, other bytes are a 409 naming
 * `what` (references never change once stored).
 */
async function putFrozen(
	env: Env,
	key: string,
	body: Uint8Array | string,
	contentType: string,
	what: string
): Promise<void> {
	const store = storeFromEnv(env);
	const sha256 = await sha256Hex(body);
	const created = await store.put(key, body, {
		contentType,
		custom: { sha256 },
		onlyIfAbsent: true
	});
	if (!created && (await store.head(key))?.metadata.custom?.sha256 !== sha256)
		throw new ApiError(409, 'conflict', `${what}; references are frozen`);
}

/**
 * The registry entry of a version, or a 404.
 *
 * @example
 * const entry = await requireModel(env, 'adult', '1.0.0');
 */
export async function requireModel(
	env: Env,
	name: string,
	version: string
): Promise<ModelVersionEntry> {
	const entry = await fleetOf(env).getModel(name, version);
	if (!entry) throw new ApiError(404, 'not_found', `No model ${name}@${version}`);
	return entry;
}

/**
 * The stored card of a registered version, or a 404.
 *
 * @example
 * const card = await storedCard(env, 'adult', '1.0.0');
 */
export async function storedCard(env: Env, name: string, version: string): Promise<ModelCard> {
	const object = await storeFromEnv(env).get(modelKey(name, version, 'card.json'));
	if (!object) throw new ApiError(404, 'not_found', `No card stored for ${name}@${version}`);
	return modelCardSchema.parse(JSON.parse(await object.text()));
}

/**
 * Registers a model version: the card must describe it, its SHA-256 and size must match the ONNX
 * bytes and the profile (when given) must be built from the card's reference. Versions are
 * immutable: the same bytes again answer the entry (`created: false`), other bytes a 409.
 *
 * @example
 * const { entry, created } = await registerModel(env, 'adult', '1.0.0', { card, onnx });
 */
export async function registerModel(
	env: Env,
	name: string,
	version: string,
	{ card, onnx, profile }: ModelUpload
): Promise<{ entry: ModelVersionEntry; created: boolean }> {
	if (card.name !== name || card.version !== version)
		throw new ApiError(
			422,
			'unprocessable',
			`The card describes ${card.name}@${card.version}, not ${name}@${version}`
		);
	if (onnx.byteLength === 0) throw new ApiError(422, 'unprocessable', 'The ONNX file is empty');
	const sha256 = await sha256Hex(onnx);
	if (sha256 !== card.onnx.sha256)
		throw new ApiError(
			422,
			'unprocessable',
			'The SHA-256 of the ONNX file does not match card.onnx.sha256',
			{ expected: card.onnx.sha256, actual: sha256 }
		);
	if (onnx.byteLength !== card.onnx.bytes)
		throw new ApiError(
			422,
			'unprocessable',
			`The ONNX file has ${onnx.byteLength} bytes; card.onnx.bytes says ${card.onnx.bytes}`
		);
	if (profile !== undefined) checkReferenceProfile(profile, card);

	const fleet = fleetOf(env);
	const immutable = () =>
		new ApiError(
			409,
			'conflict',
			`${name}@${version} is already registered with other bytes; versions are immutable`
		);
	const existing = await fleet.getModel(name, version);
	if (existing && existing.sha256 !== sha256) throw immutable();
	if (existing && profile === undefined) return { entry: existing, created: false };

	const store = storeFromEnv(env);
	await store.put(modelKey(name, version, 'model.onnx'), onnx, {
		contentType: 'application/octet-stream',
		custom: { sha256 }
	});
	await store.put(modelKey(name, version, 'card.json'), JSON.stringify(card), {
		contentType: 'application/json'
	});
	if (profile !== undefined) await putProfile(env, name, version, profile);
	const registered = await fleet.registerModel({
		name,
		version,
		sha256,
		size_bytes: onnx.byteLength,
		has_reference_profile: profile !== undefined
	});
	if (registered.status === 'conflict') throw immutable();
	if (profile !== undefined && !registered.entry.has_reference_profile)
		await fleet.markReferenceProfile(name, version);
	return {
		entry: (await fleet.getModel(name, version))!,
		created: registered.status === 'created'
	};
}

async function putProfile(env: Env, name: string, version: string, profile: Uint8Array) {
	await putFrozen(
		env,
		modelKey(name, version, 'reference-profile.vgpf'),
		profile,
		'application/octet-stream',
		`${name}@${version} already has a different reference profile`
	);
}

/**
 * Adds the frozen reference profile to a registered version (checked against its card).
 *
 * @example
 * const entry = await addReferenceProfile(env, 'adult', '1.0.0', bytes);
 */
export async function addReferenceProfile(
	env: Env,
	name: string,
	version: string,
	profile: Uint8Array
): Promise<ModelVersionEntry> {
	await requireModel(env, name, version);
	checkReferenceProfile(profile, await storedCard(env, name, version));
	await putProfile(env, name, version, profile);
	const fleet = fleetOf(env);
	await fleet.markReferenceProfile(name, version);
	return (await fleet.getModel(name, version))!;
}

/**
 * Stores the fitted advanced reference (`vigil.advanced-reference/1`) of a registered version,
 * checked against its card; frozen once stored.
 *
 * @example
 * const summary = await addAdvancedReference(env, 'adult', '1.0.0', JSON.parse(text));
 */
export async function addAdvancedReference(
	env: Env,
	name: string,
	version: string,
	document: unknown
): Promise<{ model: string; version: string; pca_columns: string[]; cbpe: boolean }> {
	await requireModel(env, name, version);
	const reference = checkAdvancedReference(document, await storedCard(env, name, version));
	await putFrozen(
		env,
		modelKey(name, version, 'reference-advanced.json'),
		JSON.stringify(reference),
		'application/json',
		`${name}@${version} already has a different advanced reference`
	);
	return {
		model: name,
		version,
		pca_columns: reference.pca?.columns.map((col) => col.name) ?? [],
		cbpe: reference.cbpe !== undefined
	};
}

/**
 * Registered versions, filtered by name and stage.
 *
 * @example
 * const production = await listModels(env, { name: 'adult', stage: 'production' });
 */
export function listModels(
	env: Env,
	filter: { name?: string; stage?: ModelStage } = {}
): Promise<ModelVersionEntry[]> {
	return fleetOf(env).listModels(filter);
}

/**
 * A version's registry entry with its card and the URL of its ONNX file.
 *
 * @example
 * const described = await describeModel(env, 'adult', '1.0.0');
 */
export async function describeModel(env: Env, name: string, version: string) {
	const entry = await requireModel(env, name, version);
	const card = await storeFromEnv(env).get(modelKey(name, version, 'card.json'));
	return {
		...entry,
		card: card ? (JSON.parse(await card.text()) as unknown) : null,
		onnx_url: `/api/v1/models/${name}/${version}/model.onnx`
	};
}

/**
 * The stored advanced reference of a version as JSON text, or a 404.
 *
 * @example
 * const text = await advancedReferenceText(env, 'adult', '1.0.0');
 */
export async function advancedReferenceText(
	env: Env,
	name: string,
	version: string
): Promise<string> {
	const object = await storeFromEnv(env).get(modelKey(name, version, 'reference-advanced.json'));
	if (!object)
		throw new ApiError(404, 'not_found', `No advanced reference stored for ${name}@${version}`);
	return object.text();
}

/**
 * A registered version's ONNX file (or the asked range of it) with its registry entry.
 *
 * @example
 * const { entry, load } = await modelFile(env, 'adult', '1.0.0');
 */
export async function modelFile(env: Env, name: string, version: string) {
	const entry = await requireModel(env, name, version);
	return {
		entry,
		load: (range?: ByteRange) =>
			storeFromEnv(env).get(modelKey(name, version, 'model.onnx'), { range })
	};
}
