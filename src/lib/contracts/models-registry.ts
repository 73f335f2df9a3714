import { z } from 'zod';
import { safeNameSchema, sha256Schema, timestampSchema, versionSchema } from './common';
import { modelCardSchema } from './model-card';

/** Where a model version stands; devices pull the `production` one. */
export const modelStageSchema = z.enum(['none', 'staging', 'production', 'archived']);
export type ModelStage = z.infer<typeof modelStageSchema>;

/** One registered model version (`vigil.model-version/1`). */
export const modelVersionEntrySchema = z
	.object({
		schema: z.literal('vigil.model-version/1'),
		name: safeNameSchema,
		version: versionSchema,
		stage: modelStageSchema,
		sha256: sha256Schema,
		size_bytes: z.number().int().min(0),
		created_at: timestampSchema,
		updated_at: timestampSchema,
		has_reference_profile: z.boolean()
	})
	.meta({ id: 'ModelVersionEntry', title: 'vigil.model-version/1' });
export type ModelVersionEntry = z.infer<typeof modelVersionEntrySchema>;

/** PUT /api/v1/models/{name}/{version} as JSON (multipart carries the same fields as parts). */
export const modelUploadJsonSchema = z
	.object({
		card: modelCardSchema,
		onnx_base64: z.string().min(1),
		/** The frozen reference profile (binary `VGPF`, src/lib/drift/profile.ts), base64. */
		reference_profile_base64: z.string().min(1).optional()
	})
	.strict()
	.meta({ id: 'ModelUpload' });

/** POST /api/v1/models/{name}/{version}/promote. */
export const promoteRequestSchema = z
	.object({ stage: z.enum(['production', 'staging', 'archived']) })
	.strict()
	.meta({ id: 'PromoteRequest' });
export type PromoteRequest = z.infer<typeof promoteRequestSchema>;

export const modelListSchema = z
	.object({ models: z.array(modelVersionEntrySchema) })
	.meta({ id: 'ModelList' });
