import { z } from 'zod';
import { sha256Schema, timestampSchema } from './common';

/**
 * Reference profile metadata (`vigil.profile/1`): everything of a profile except the sorted value
 * arrays, which the binary form stores as raw little-endian float64 after this JSON header
 * (see src/lib/drift/profile.ts). Also the shape of a current-window summary, so both merge alike.
 */

export const profileMomentsSchema = z.object({
	/** Finite values summarised. */
	n: z.number().int().nonnegative(),
	mean: z.number(),
	/** Sum of squared deviations from the mean (Welford/Chan), so moments merge exactly. */
	m2: z.number().nonnegative(),
	min: z.number(),
	max: z.number()
});

export const profileSourceSchema = z.object({
	name: z.string().max(500).optional(),
	/** SHA-256 of the source bytes the profile was built from. */
	sha256: sha256Schema,
	rows: z.number().int().nonnegative()
});

export const numericalProfileColumnSchema = z.object({
	name: z.string().min(1).max(500),
	type: z.literal('numerical'),
	rows: z.number().int().nonnegative(),
	/** NaN / null values. */
	missing: z.number().int().nonnegative(),
	/** ±Infinity values (counted apart from missing, dropped like them). */
	non_finite: z.number().int().nonnegative(),
	moments: profileMomentsSchema,
	/** Number of stored points: all finite values sorted, or the sketch points. */
	points: z.number().int().nonnegative(),
	sketch: z
		.object({
			/** Upper bound on sup_x |F_sketch(x) − F(x)| (ECDF error, as a share of rows). */
			rank_error: z.number().nonnegative().max(1)
		})
		.nullable()
});

export const categoricalProfileColumnSchema = z.object({
	name: z.string().min(1).max(500),
	type: z.literal('categorical'),
	rows: z.number().int().nonnegative(),
	missing: z.number().int().nonnegative(),
	categories: z.array(z.string().max(10_000)),
	counts: z.array(z.number().int().nonnegative())
});

export const profileColumnSchema = z.discriminatedUnion('type', [
	numericalProfileColumnSchema,
	categoricalProfileColumnSchema
]);

export const profileMetaSchema = z.object({
	schema: z.literal('vigil.profile/1'),
	name: z.string().min(1).max(500),
	created_at: timestampSchema,
	rows: z.number().int().nonnegative(),
	sources: z.array(profileSourceSchema).min(1),
	/** Columns with more finite values than this are stored as a quantile sketch. */
	exact_limit: z.number().int().positive(),
	/** Number of points of a sketch. */
	sketch_size: z.number().int().min(16),
	columns: z.array(profileColumnSchema)
});

export type ProfileMeta = z.infer<typeof profileMetaSchema>;
export type ProfileColumnMeta = z.infer<typeof profileColumnSchema>;
export type ProfileMoments = z.infer<typeof profileMomentsSchema>;
export type ProfileSource = z.infer<typeof profileSourceSchema>;
