import { Hono, type Context } from 'hono';
import { safeNameSchema, versionSchema } from '../../../../src/lib/contracts/common';
import { modelCardSchema, type ModelCard } from '../../../../src/lib/contracts/model-card';
import {
	modelStageSchema,
	modelUploadJsonSchema,
	promoteRequestSchema
} from '../../../../src/lib/contracts/models-registry';
import { requireScope } from '../auth';
import { mediaType, parseJson, readBody, sha256Hex, utf8, validate } from '../body';
import { ApiError } from '../errors';
import { fleetOf, limits, type AppEnv } from '../env';
import { serveObject } from '../serve-object';
import { checkReferenceProfile } from '../reference-profile';
import { advancedReferenceKey, checkAdvancedReference } from '../monitoring/advanced-step';
import { storeFromEnv, StorageError } from '../storage';

function nameVersion(c: Context<AppEnv>): { name: string; version: string } {
	const name = c.req.param('name') ?? '';
	const version = c.req.param('version') ?? '';
	if (!safeNameSchema.safeParse(name).success)
		throw new ApiError(
			400,
			'bad_request',
			'A model name is letters, digits, ".", "_" and "-" only, without ".."'
		);
	if (!versionSchema.safeParse(version).success)
		throw new ApiError(
			400,
			'bad_request',
			'A model version is letters, digits, ".", "_", "+" and "-" only, without ".."'
		);
	return { name, version };
}

function decodeBase64(text: string, field: string): Uint8Array {
	if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text) || text.length % 4 !== 0)
		throw new ApiError(422, 'unprocessable', `${field} is not valid base64`);
	const binary = atob(text);
	const out = new Uint8Array(binary.length);
	for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
	return out;
}

async function partBytes(part: string | File): Promise<Uint8Array> {
	return typeof part === 'string'
		? new TextEncoder().encode(part)
		: new Uint8Array(await part.arrayBuffer());
}

/**
 * Reads an upload as multipart (`card`, `model`, optional binary `reference_profile`) or JSON
 * `{ card, onnx_base64, reference_profile_base64? }`.
 */
async function readUpload(
	c: Context<AppEnv>
): Promise<{ card: ModelCard; onnx: Uint8Array; profile?: Uint8Array }> {
	const bytes = await readBody(c, limits(c.env).maxModelBytes);
	const type = mediaType(c);
	if (type === 'multipart/form-data') {
		let form: FormData;
		try {
			form = await new Response(bytes, {
				headers: { 'content-type': c.req.header('content-type')! }
			}).formData();
		} catch {
			throw new ApiError(400, 'bad_request', 'The multipart body cannot be parsed');
		}
		const cardPart = form.get('card');
		const modelPart = form.get('model');
		if (cardPart === null || modelPart === null)
			throw new ApiError(
				422,
				'unprocessable',
				'A multipart model upload needs a "card" part (JSON) and a "model" part (the ONNX file)'
			);
		const card = validate(
			modelCardSchema,
			parseJson(utf8(await partBytes(cardPart)), 'The card part'),
			'model card'
		);
		const profilePart = form.get('reference_profile');
		return {
			card,
			onnx: await partBytes(modelPart),
			profile: profilePart === null ? undefined : await partBytes(profilePart)
		};
	}
	if (type === 'application/json' || type === '') {
		const body = validate(modelUploadJsonSchema, parseJson(utf8(bytes)), 'model upload');
		return {
			card: body.card,
			onnx: decodeBase64(body.onnx_base64, 'onnx_base64'),
			profile:
				body.reference_profile_base64 === undefined
					? undefined
					: decodeBase64(body.reference_profile_base64, 'reference_profile_base64')
		};
	}
	throw new ApiError(
		415,
		'unsupported_media_type',
		'Upload a model as multipart/form-data (card, model) or application/json ({ card, onnx_base64 })'
	);
}

async function putProfile(
	env: Env,
	name: string,
	version: string,
	profile: Uint8Array
): Promise<void> {
	const store = storeFromEnv(env);
	const key = `models/${name}/${version}/reference-profile.vgpf`;
	const sha256 = await sha256Hex(profile);
	const created = await store.put(key, profile, {
		contentType: 'application/octet-stream',
		custom: { sha256 },
		onlyIfAbsent: true
	});
	if (!created && (await store.head(key))?.metadata.custom?.sha256 !== sha256)
		throw new ApiError(
			409,
			'conflict',
			`${name}@${version} already has a different reference profile; references are frozen`
		);
}

/** /api/v1/models: the model registry (ONNX files and cards in object storage, stages in the fleet object). */
export const models = new Hono<AppEnv>()
	.put('/models/:name/:version', requireScope('admin'), async (c) => {
		const { name, version } = nameVersion(c);
		const { card, onnx, profile } = await readUpload(c);
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
				{
					expected: card.onnx.sha256,
					actual: sha256
				}
			);
		if (onnx.byteLength !== card.onnx.bytes)
			throw new ApiError(
				422,
				'unprocessable',
				`The ONNX file has ${onnx.byteLength} bytes; card.onnx.bytes says ${card.onnx.bytes}`
			);
		if (profile !== undefined) checkReferenceProfile(profile, card);

		const fleet = fleetOf(c.env);
		const existing = await fleet.getModel(name, version);
		if (existing && existing.sha256 !== sha256)
			throw new ApiError(
				409,
				'conflict',
				`${name}@${version} is already registered with other bytes; versions are immutable`
			);
		if (existing && profile === undefined) return c.json(existing, 200);

		const store = storeFromEnv(c.env);
		const prefix = `models/${name}/${version}`;
		try {
			await store.put(`${prefix}/model.onnx`, onnx, {
				contentType: 'application/octet-stream',
				custom: { sha256 }
			});
			await store.put(`${prefix}/card.json`, JSON.stringify(card), {
				contentType: 'application/json'
			});
			if (profile !== undefined) await putProfile(c.env, name, version, profile);
		} catch (err) {
			if (err instanceof StorageError)
				throw new ApiError(
					503,
					'storage_unavailable',
					'Object storage did not accept the model; retry later'
				);
			throw err;
		}
		const registered = await fleet.registerModel({
			name,
			version,
			sha256,
			size_bytes: onnx.byteLength,
			has_reference_profile: profile !== undefined
		});
		if (registered.status === 'conflict')
			throw new ApiError(
				409,
				'conflict',
				`${name}@${version} is already registered with other bytes; versions are immutable`
			);
		if (profile !== undefined && !registered.entry.has_reference_profile)
			await fleet.markReferenceProfile(name, version);
		const entry = (await fleet.getModel(name, version))!;
		return c.json(entry, registered.status === 'created' ? 201 : 200);
	})
	.put('/models/:name/:version/reference-profile', requireScope('admin'), async (c) => {
		const { name, version } = nameVersion(c);
		const fleet = fleetOf(c.env);
		if (!(await fleet.getModel(name, version)))
			throw new ApiError(404, 'not_found', `No model ${name}@${version}`);
		const cardObject = await storeFromEnv(c.env).get(`models/${name}/${version}/card.json`);
		if (!cardObject) throw new ApiError(404, 'not_found', `No card stored for ${name}@${version}`);
		const card = modelCardSchema.parse(JSON.parse(await cardObject.text()));
		const profile = await readBody(c, limits(c.env).maxModelBytes);
		checkReferenceProfile(profile, card);
		try {
			await putProfile(c.env, name, version, profile);
		} catch (err) {
			if (err instanceof StorageError)
				throw new ApiError(
					503,
					'storage_unavailable',
					'Object storage did not accept the profile; retry later'
				);
			throw err;
		}
		await fleet.markReferenceProfile(name, version);
		return c.json((await fleet.getModel(name, version))!);
	})
	.put('/models/:name/:version/reference-advanced', requireScope('admin'), async (c) => {
		const { name, version } = nameVersion(c);
		const fleet = fleetOf(c.env);
		if (!(await fleet.getModel(name, version)))
			throw new ApiError(404, 'not_found', `No model ${name}@${version}`);
		const store = storeFromEnv(c.env);
		const cardObject = await store.get(`models/${name}/${version}/card.json`);
		if (!cardObject) throw new ApiError(404, 'not_found', `No card stored for ${name}@${version}`);
		const card = modelCardSchema.parse(JSON.parse(await cardObject.text()));
		const bytes = await readBody(c, limits(c.env).maxModelBytes);
		const reference = checkAdvancedReference(parseJson(utf8(bytes)), card);
		const json = JSON.stringify(reference);
		const key = advancedReferenceKey(name, version);
		const sha256 = await sha256Hex(json);
		try {
			const created = await store.put(key, json, {
				contentType: 'application/json',
				custom: { sha256 },
				onlyIfAbsent: true
			});
			if (!created && (await store.head(key))?.metadata.custom?.sha256 !== sha256)
				throw new ApiError(
					409,
					'conflict',
					`${name}@${version} already has a different advanced reference; references are frozen`
				);
		} catch (err) {
			if (err instanceof StorageError)
				throw new ApiError(
					503,
					'storage_unavailable',
					'Object storage did not accept the advanced reference; retry later'
				);
			throw err;
		}
		return c.json({
			model: name,
			version,
			pca_columns: reference.pca?.columns.map((col) => col.name) ?? [],
			cbpe: reference.cbpe !== undefined
		});
	})
	.get('/models', requireScope('read'), async (c) => {
		const name = c.req.query('name');
		const stage = c.req.query('stage');
		if (name !== undefined && !safeNameSchema.safeParse(name).success)
			throw new ApiError(400, 'bad_request', 'Query parameter name must be a model name');
		const parsedStage = stage === undefined ? undefined : modelStageSchema.safeParse(stage);
		if (parsedStage && !parsedStage.success)
			throw new ApiError(
				400,
				'bad_request',
				'Query parameter stage must be none, staging, production or archived'
			);
		return c.json({ models: await fleetOf(c.env).listModels({ name, stage: parsedStage?.data }) });
	})
	.get('/models/:name/:version', requireScope('read'), async (c) => {
		const { name, version } = nameVersion(c);
		const entry = await fleetOf(c.env).getModel(name, version);
		if (!entry) throw new ApiError(404, 'not_found', `No model ${name}@${version}`);
		const card = await storeFromEnv(c.env).get(`models/${name}/${version}/card.json`);
		return c.json({
			...entry,
			card: card ? JSON.parse(await card.text()) : null,
			onnx_url: `/api/v1/models/${name}/${version}/model.onnx`
		});
	})
	.get('/models/:name/:version/reference-advanced', requireScope('read'), async (c) => {
		const { name, version } = nameVersion(c);
		const object = await storeFromEnv(c.env).get(advancedReferenceKey(name, version));
		if (!object)
			throw new ApiError(404, 'not_found', `No advanced reference stored for ${name}@${version}`);
		return c.body(await object.text(), 200, { 'content-type': 'application/json' });
	})
	.get('/models/:name/:version/model.onnx', requireScope('read'), async (c) => {
		const { name, version } = nameVersion(c);
		const entry = await fleetOf(c.env).getModel(name, version);
		if (!entry) throw new ApiError(404, 'not_found', `No model ${name}@${version}`);
		return serveObject(c, storeFromEnv(c.env), `models/${name}/${version}/model.onnx`, {
			'content-disposition': `attachment; filename="${name}-${version}.onnx"`,
			'x-vigil-sha256': entry.sha256
		});
	})
	.post('/models/:name/:version/promote', requireScope('admin'), async (c) => {
		const { name, version } = nameVersion(c);
		const body = validate(
			promoteRequestSchema,
			parseJson(utf8(await readBody(c, 4096))),
			'promote request'
		);
		const result = await fleetOf(c.env).promote(name, version, body.stage);
		if (!result) throw new ApiError(404, 'not_found', `No model ${name}@${version}`);
		return c.json(result);
	});
