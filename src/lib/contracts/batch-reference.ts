import { z } from 'zod';
import { sha256Schema, timestampSchema } from './common';

/**
 * A frozen batch reference (`vigil.batch-reference/2`): the "golden batches" of a batch process,
 * built once by src/lib/batch/reference.ts from three or more normal batches and checked by its
 * own SHA-256 (`content_sha256`) wherever it is read. Arrays over batch time are stored per grid
 * point, row-major: `centre[k·J + j]` is variable j at grid point k. See docs/batch-engineering.md.
 *
 * Version 2 adds the four alarm signals (`signals`: level, change, recipe, flatline) and scales
 * learnt from left-out deviations. A `vigil.batch-reference/1` is refused with a message saying
 * to rebuild it: its limits were learnt differently and it has no signals.
 */

export const BATCH_REFERENCE_SCHEMA = 'vigil.batch-reference/2';
const perVariable = z.array(z.number());

const finite = z.number().refine(Number.isFinite, 'must be a finite number');

export const batchSourceSchema = z.object({
	name: z.string().max(500).optional(),
	/** SHA-256 of the source file's bytes. */
	sha256: sha256Schema,
	rows: z.number().int().nonnegative(),
	/** Batch ids read from this source. */
	batches: z.array(z.string().max(200))
});

export const batchReferenceSchema = z
	.object({
		schema: z.string().refine((v) => v === BATCH_REFERENCE_SCHEMA, {
			error: (issue) =>
				issue.input === 'vigil.batch-reference/1'
					? 'a vigil.batch-reference/1 (built by an earlier version, without the change, recipe and flatline signals): rebuild it with `vigil batch reference`'
					: `expected '${BATCH_REFERENCE_SCHEMA}'`
		}),
		name: z.string().min(1).max(500),
		created_at: timestampSchema,
		batch_column: z.string().min(1).max(500),
		time_column: z.string().min(1).max(500),
		sources: z.array(batchSourceSchema).min(1),
		/** The reference batches with their time span (in the time column's unit). */
		batches: z
			.array(
				z.object({
					id: z.string().min(1).max(200),
					rows: z.number().int().positive(),
					start: finite,
					end: finite
				})
			)
			.min(3),
		/** Monitored variables, in the order of every per-variable array. */
		variables: z.array(z.string().min(1).max(500)).min(1),
		/** Columns left out by the default rules, with the reason (docs/batch-engineering.md). */
		excluded: z.array(
			z.object({
				column: z.string().max(500),
				reason: z.enum(['constant', 'mostly_missing']),
				/** The one value of a constant column (its changes are reported, not monitored). */
				value: finite.nullable(),
				/** Share of reference rows with a value. */
				present: z.number().min(0).max(1)
			})
		),
		grid: z.object({ start: finite, step: finite.refine((s) => s > 0), length: z.number().int() }),
		/** Reference batches reaching each grid point. */
		coverage: z.array(z.number().int().nonnegative()),
		centre: z.array(finite),
		scale: z.array(finite.refine((s) => s > 0, 'scales must be positive')),
		pca: z.object({
			components: z.number().int().positive(),
			/** Eigenvalues of the retained components, descending. */
			eigenvalues: z.array(finite.refine((l) => l > 0)),
			/** Loadings, row-major J × A. */
			loadings: z.array(finite),
			/** Share of the scaled variance the components explain. */
			explained: z.number().min(0).max(1)
		}),
		limits: z.object({
			levels: z.array(z.number().gt(0).lt(1)).min(1),
			/** Per level, one limit per grid point. */
			t2: z.array(z.array(finite)),
			spe: z.array(z.array(finite))
		}),
		run_rule: z.object({
			/** Consecutive points past the limit of `level` that raise an alarm. */
			points: z.number().int().positive(),
			level: z.number().gt(0).lt(1),
			/** Longest run past that limit seen leaving each reference batch out. */
			longest_normal_run: z.number().int().nonnegative()
		}),
		/** A variable is outside its band when |x − centre| > factor · scale. */
		band: z.object({ level: z.number().gt(0).lt(1), factor: finite }),
		/** The build options, in the time column's unit where they are spans. */
		options: z.object({
			scale_window: finite,
			limit_window: finite,
			change_window: finite,
			max_gap: finite,
			min_present: z.number().min(0).max(1),
			min_batches: z.number().int().min(2)
		}),
		/**
		 * The alarm signals (docs/batch-engineering.md): per variable, in `variables` order. Recipe
		 * variables are held to their schedule (the centre) within `recipe.tolerance`; process
		 * variables get the level signal (|x − centre|/scale against `level.limits`), the change
		 * signal (the change filter of the deviation over `change.scale`, against `change.limits`)
		 * and the flatline check (a run of identical values longer than `max_run` at a value other
		 * than the reference's lowest or highest).
		 */
		signals: z.object({
			roles: z.array(z.enum(['process', 'recipe', 'intermittent'])),
			level: z.object({ limits: perVariable, points: z.number().int().positive() }),
			change: z.object({
				fast: finite.refine((t) => t > 0),
				slow: finite.refine((t) => t > 0),
				scale: z.array(finite.refine((s) => s > 0, 'scales must be positive')),
				limits: perVariable,
				points: z.number().int().positive()
			}),
			recipe: z.object({ tolerance: perVariable, points: z.number().int().positive() }),
			flatline: z.object({
				low: perVariable,
				high: perVariable,
				max_run: z.array(z.number().int().positive())
			})
		}),
		/** Titer trajectories of the reference batches on the grid, for the forecast. */
		titer: z
			.object({
				column: z.string().min(1).max(500),
				/** One array per reference batch (in `batches` order); null past its end. */
				trajectories: z.array(z.array(finite.nullable())),
				/** Trailing-median width taken of the soft sensor before use (time unit; 0 = none). */
				median_window: finite.optional(),
				/** The soft-sensor model the titer came from, when it was scored rather than read. */
				model: z
					.object({ name: z.string(), version: z.string(), onnx_sha256: sha256Schema })
					.nullable()
					.optional(),
				/**
				 * The lab assay column and the noise of the soft sensor's bias against it, estimated
				 * from the reference batches (src/lib/batch/assay-correction.ts); null: no assays.
				 */
				correction: z
					.object({
						assay_column: z.string().min(1).max(500),
						process_variance: finite.refine((v) => v >= 0),
						measurement_variance: finite.refine((v) => v > 0),
						initial_variance: finite.refine((v) => v > 0),
						assays: z.number().int().nonnegative()
					})
					.nullable()
					.optional()
			})
			.nullable(),
		content_sha256: sha256Schema
	})
	.superRefine((ref, ctx) => {
		const J = ref.variables.length;
		const K = ref.grid.length;
		const A = ref.pca.components;
		const want: [string, number, number][] = [
			['coverage', ref.coverage.length, K],
			['centre', ref.centre.length, K * J],
			['scale', ref.scale.length, K * J],
			['pca.eigenvalues', ref.pca.eigenvalues.length, A],
			['pca.loadings', ref.pca.loadings.length, J * A],
			['limits.t2', ref.limits.t2.length, ref.limits.levels.length],
			['limits.spe', ref.limits.spe.length, ref.limits.levels.length],
			['signals.roles', ref.signals.roles.length, J],
			['signals.level.limits', ref.signals.level.limits.length, J],
			['signals.change.scale', ref.signals.change.scale.length, K * J],
			['signals.change.limits', ref.signals.change.limits.length, J],
			['signals.recipe.tolerance', ref.signals.recipe.tolerance.length, J],
			['signals.flatline.low', ref.signals.flatline.low.length, J],
			['signals.flatline.high', ref.signals.flatline.high.length, J],
			['signals.flatline.max_run', ref.signals.flatline.max_run.length, J]
		];
		for (const l of [...ref.limits.t2, ...ref.limits.spe]) want.push(['limits', l.length, K]);
		if (ref.titer)
			for (const t of ref.titer.trajectories) want.push(['titer.trajectories', t.length, K]);
		for (const [path, got, expected] of want)
			if (got !== expected)
				ctx.addIssue({
					code: 'custom',
					path: path.split('.'),
					message: `has ${got} values, expected ${expected}`
				});
	});

export type BatchReference = z.infer<typeof batchReferenceSchema>;
export type BatchSource = z.infer<typeof batchSourceSchema>;
export type ExcludedColumn = BatchReference['excluded'][number];
