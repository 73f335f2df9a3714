import { z } from 'zod';
import type { ColumnData } from '../types';
import { seededRandom } from './random';

/**
 * A uniform random sample of reference rows, stored as JSON beside a model's reference so that the
 * hosts without the reference data (the Worker's job, the browser with a stored reference) can run
 * row-level methods such as the domain classifier. At most `maxRows` rows (default 1,000, the
 * domain classifier's default rows per side), drawn without replacement with a fixed seed and
 * kept in their original order; numerical values are numbers or null (missing or ±Infinity).
 */
export const referenceSampleSchema = z.object({
	rows: z.number().int().nonnegative(),
	/** Rows of the reference the sample was drawn from. */
	of: z.number().int().nonnegative(),
	columns: z.array(
		z.discriminatedUnion('type', [
			z.object({
				name: z.string().min(1),
				type: z.literal('numerical'),
				values: z.array(z.number().nullable())
			}),
			z.object({
				name: z.string().min(1),
				type: z.literal('categorical'),
				categories: z.array(z.string()),
				codes: z.array(z.number().int().min(-1))
			})
		])
	)
});
export type ReferenceSample = z.infer<typeof referenceSampleSchema>;

/**
 * Draws the stored sample of `columns`.
 *
 * @example
 * const sample = sampleReference(referenceColumns); // JSON-safe
 */
export function sampleReference(columns: ColumnData[], maxRows = 1000, seed = 1): ReferenceSample {
	const n = Math.max(
		0,
		...columns.map((c) => (c.type === 'numerical' ? c.values.length : c.codes.length))
	);
	const m = Math.min(n, maxRows);
	const idx = Array.from({ length: n }, (_, i) => i);
	const rng = seededRandom(seed);
	for (let i = 0; i < m; i++) {
		const j = i + Math.floor(rng.uniform() * (n - i));
		[idx[i], idx[j]] = [idx[j], idx[i]];
	}
	const rows = idx.slice(0, m).sort((a, b) => a - b);
	return {
		rows: m,
		of: n,
		columns: columns.map((c) =>
			c.type === 'numerical'
				? {
						name: c.name,
						type: 'numerical' as const,
						values: rows.map((i) => (Number.isFinite(c.values[i]) ? c.values[i] : null))
					}
				: {
						name: c.name,
						type: 'categorical' as const,
						categories: c.categories,
						codes: rows.map((i) => c.codes[i])
					}
		)
	};
}

/**
 * The sample as columns for the drift core.
 *
 * @example
 * domainClassifierDrift(sampleColumns(stored.sample), windowColumns);
 */
export function sampleColumns(sample: ReferenceSample): ColumnData[] {
	return sample.columns.map((c) =>
		c.type === 'numerical'
			? { name: c.name, type: 'numerical', values: Float64Array.from(c.values, (v) => v ?? NaN) }
			: {
					name: c.name,
					type: 'categorical',
					categories: c.categories,
					codes: Int32Array.from(c.codes)
				}
	);
}
