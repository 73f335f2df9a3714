import type { Context } from 'hono';
import { evaluationSchema } from '../../../../src/lib/contracts/evaluation';
import { modelCardSchema } from '../../../../src/lib/contracts/model-card';
import {
	modelStageSchema,
	modelUploadJsonSchema,
	promoteRequestSchema
} from '../../../../src/lib/contracts/models-registry';
import { safeNameSchema } from '../../../../src/lib/contracts/common';
import { mediaType, parseJson, readBody, utf8, validate } from '../http/body';
import { nameVersion } from '../http/params';
import { serveObject } from '../http/serve-object';
import { ApiError } from '../errors';
import { limits, type AppEnv } from '../env';
import {
	addAdvancedReference,
	addReferenceProfile,
	advancedReferenceText,
	describeModel,
	listModels,
	modelFile,
	registerModel,
	type ModelUpload
} from '../services/models';
import { promoteModel, putEvaluation, storedEvaluation } from '../services/evaluations';
import { modelDocs } from '../openapi/model-docs';
import type { Route } from './route';

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
async function readUpload(c: Context<AppEnv>): Promise<ModelUpload> {
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

/**
 * The body of a promotion: `{ stage }` with an optional `force` (an admin's explicit override of
 * the evaluation gate).
 */
function promoteBody(body: unknown) {
	let force = false;
	let rest = body;
	if (body !== null && typeof body === 'object' && !Array.isArray(body) && 'force' in body) {
		const { force: value, ...others } = body as { force?: unknown };
		if (typeof value !== 'boolean')
			throw new ApiError(422, 'unprocessable', 'force must be true or false');
		force = value;
		rest = others;
	}
	return { ...validate(promoteRequestSchema, rest, 'promote request'), force };
}

/** /api/v1/models: the model registry (ONNX files and cards in object storage, stages in the fleet object). */
export const modelRoutes: Route[] = [
	{
		method: 'put',
		path: '/api/v1/models/:name/:version',
		scope: 'admin',
		handler: async (c) => {
			const { name, version } = nameVersion(c);
			const { entry, created } = await registerModel(c.env, name, version, await readUpload(c));
			return c.json(entry, created ? 201 : 200);
		},
		doc: modelDocs.register
	},
	{
		method: 'put',
		path: '/api/v1/models/:name/:version/reference-profile',
		scope: 'admin',
		handler: async (c) => {
			const { name, version } = nameVersion(c);
			const profile = await readBody(c, limits(c.env).maxModelBytes);
			return c.json(await addReferenceProfile(c.env, name, version, profile));
		},
		doc: modelDocs.referenceProfile
	},
	{
		method: 'put',
		path: '/api/v1/models/:name/:version/reference-advanced',
		scope: 'admin',
		handler: async (c) => {
			const { name, version } = nameVersion(c);
			const document = parseJson(utf8(await readBody(c, limits(c.env).maxModelBytes)));
			return c.json(await addAdvancedReference(c.env, name, version, document));
		},
		doc: modelDocs.putAdvanced
	},
	{
		method: 'get',
		path: '/api/v1/models',
		scope: 'read',
		handler: async (c) => {
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
			return c.json({ models: await listModels(c.env, { name, stage: parsedStage?.data }) });
		},
		doc: modelDocs.list
	},
	{
		method: 'get',
		path: '/api/v1/models/:name/:version',
		scope: 'read',
		handler: async (c) => {
			const { name, version } = nameVersion(c);
			return c.json(await describeModel(c.env, name, version));
		},
		doc: modelDocs.get
	},
	{
		method: 'get',
		path: '/api/v1/models/:name/:version/reference-advanced',
		scope: 'read',
		handler: async (c) => {
			const { name, version } = nameVersion(c);
			return c.body(await advancedReferenceText(c.env, name, version), 200, {
				'content-type': 'application/json'
			});
		},
		doc: modelDocs.getAdvanced
	},
	{
		method: 'get',
		path: '/api/v1/models/:name/:version/model.onnx',
		scope: 'read',
		handler: async (c) => {
			const { name, version } = nameVersion(c);
			const { entry, load } = await modelFile(c.env, name, version);
			return serveObject(c, load, {
				'content-disposition': `attachment; filename="${name}-${version}.onnx"`,
				'x-vigil-sha256': entry.sha256
			});
		},
		doc: modelDocs.onnx
	},
	{
		method: 'post',
		path: '/api/v1/models/:name/:version/promote',
		scope: 'admin',
		handler: async (c) => {
			const { name, version } = nameVersion(c);
			const { stage, force } = promoteBody(parseJson(utf8(await readBody(c, 4096))));
			return c.json(await promoteModel(c.env, name, version, stage, { force }));
		},
		doc: modelDocs.promote
	},
	{
		method: 'put',
		path: '/api/v1/models/:name/:version/evaluation',
		scope: 'admin',
		handler: async (c) => {
			const { name, version } = nameVersion(c);
			const evaluation = validate(
				evaluationSchema,
				parseJson(utf8(await readBody(c, 16 * 1024 * 1024))),
				'evaluation'
			);
			return c.json(await putEvaluation(c.env, name, version, evaluation), 201);
		},
		doc: modelDocs.putEvaluation
	},
	{
		method: 'get',
		path: '/api/v1/models/:name/:version/evaluation',
		scope: 'read',
		handler: async (c) => {
			const { name, version } = nameVersion(c);
			const evaluation = await storedEvaluation(c.env, name, version);
			if (!evaluation) throw new ApiError(404, 'not_found', `No evaluation of ${name}@${version}`);
			return c.json(evaluation);
		},
		doc: modelDocs.getEvaluation
	}
];
