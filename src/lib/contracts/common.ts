import { z } from 'zod';

/** A ULID made on the device (26 Crockford base-32 characters). */
export const ulidSchema = z
	.string()
	.regex(/^[0-9A-HJKMNP-TV-Z]{26}$/, 'must be a ULID (26 characters of Crockford base 32)');

/**
 * Names of models, features and devices that end up in object keys and Prometheus labels:
 * no path separators, no traversal, no markup.
 */
export const safeNameSchema = z
	.string()
	.min(1)
	.max(128)
	.regex(
		/^[A-Za-z0-9][A-Za-z0-9._-]*$/,
		'letters, digits, ".", "_" and "-" only, starting with a letter or digit'
	)
	.refine((s) => !s.includes('..'), 'must not contain ".."');

/** A semantic-ish version label: `1`, `1.2`, `1.2.3`, `2026-11-01`, `1.0.0-rc.1`. */
export const versionSchema = z
	.string()
	.min(1)
	.max(64)
	.regex(/^[A-Za-z0-9][A-Za-z0-9._+-]*$/, 'letters, digits, ".", "_", "+" and "-" only')
	.refine((s) => !s.includes('..'), 'must not contain ".."');

/** Hex SHA-256 digest. */
export const sha256Schema = z.string().regex(/^[0-9a-f]{64}$/, 'must be a lowercase hex SHA-256');

/** ISO 8601 timestamp with a time zone. */
export const timestampSchema = z.iso.datetime({ offset: true });

/** The API's JSON error envelope. */
export const apiErrorSchema = z.object({
	error: z.object({
		code: z.string(),
		message: z.string(),
		details: z.unknown().optional()
	})
});
export type ApiErrorEnvelope = z.infer<typeof apiErrorSchema>;
