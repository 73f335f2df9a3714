import { z } from 'zod';
import { apiErrorSchema } from './common';

export { apiErrorSchema, type ApiErrorEnvelope } from './common';

/** Scopes a bearer token may hold. */
export const tokenScopeSchema = z.enum(['ingest', 'read', 'admin', 'metrics']);
export type TokenScope = z.infer<typeof tokenScopeSchema>;

/** One entry of the VIGIL_TOKENS secret: the SHA-256 of a token, never the token itself. */
export const tokenEntrySchema = z
	.object({
		name: z.string().min(1).max(64),
		sha256: z.string().regex(/^[0-9a-f]{64}$/, 'must be a lowercase hex SHA-256'),
		scopes: z.array(tokenScopeSchema).min(1)
	})
	.strict();
export type TokenEntry = z.infer<typeof tokenEntrySchema>;
export const tokenListSchema = z.array(tokenEntrySchema);

/** The error envelope as it appears in the OpenAPI document. */
export const apiErrorEnvelopeSchema = apiErrorSchema.meta({ id: 'ApiError' });
