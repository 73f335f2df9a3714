import type { ReferenceProfile } from '../profile';
import type { ColumnData } from '../types';
import { duplicatedColumnPairs } from './duplicated-columns';
import { duplicatedRowShare } from './duplicated-rows';

/** What the data-quality suite derives its conditions from, per reference column. */
export interface QualityReferenceColumn {
	name: string;
	type: 'numerical' | 'categorical';
	rows: number;
	missing_share: number;
	/** Finite minimum and maximum (numerical; null when no finite value). */
	min: number | null;
	max: number | null;
	/** Categories seen (categorical). */
	categories?: string[];
	constant: boolean;
}

/**
 * The reference side of the data-quality suite (`vigil.quality-reference/1`): per column the
 * missing share, range, categories and whether it is constant; for the data set the share of
 * duplicated rows and the pairs of identical columns. Built from the reference rows, or from a
 * profile, which has no rows: then the two row-level fields are null and their checks are skipped
 * with that reason.
 */
export interface QualityReference {
	schema: 'vigil.quality-reference/1';
	rows: number;
	columns: QualityReferenceColumn[];
	duplicated_row_share: number | null;
	duplicated_columns: [string, string][] | null;
}

function columnOf(c: ColumnData): QualityReferenceColumn {
	if (c.type === 'numerical') {
		let missing = 0;
		let min = Infinity;
		let max = -Infinity;
		for (const x of c.values) {
			if (Number.isNaN(x)) missing++;
			else if (Number.isFinite(x)) {
				if (x < min) min = x;
				if (x > max) max = x;
			}
		}
		const any = min <= max;
		return {
			name: c.name,
			type: 'numerical',
			rows: c.values.length,
			missing_share: c.values.length ? missing / c.values.length : 0,
			min: any ? min : null,
			max: any ? max : null,
			constant: any && min === max
		};
	}
	const seen = new Set<string>();
	let missing = 0;
	for (const k of c.codes) {
		if (k < 0) missing++;
		else seen.add(c.categories[k]);
	}
	return {
		name: c.name,
		type: 'categorical',
		rows: c.codes.length,
		missing_share: c.codes.length ? missing / c.codes.length : 0,
		min: null,
		max: null,
		categories: [...seen].sort(),
		constant: seen.size === 1
	};
}

/**
 * The quality reference of reference rows.
 *
 * @example
 * const qref = qualityReference(referenceColumns); // stored with the model, or used at once
 */
export function qualityReference(columns: ColumnData[]): QualityReference {
	const cols = columns.map(columnOf);
	return {
		schema: 'vigil.quality-reference/1',
		rows: Math.max(0, ...cols.map((c) => c.rows)),
		columns: cols,
		duplicated_row_share: duplicatedRowShare(columns).share,
		duplicated_columns: duplicatedColumnPairs(columns)
	};
}

/**
 * The quality reference of a profile (no row-level fields: see QualityReference).
 *
 * @example
 * const qref = qualityReferenceOfProfile(deserializeProfile(bytes));
 */
export function qualityReferenceOfProfile(profile: ReferenceProfile): QualityReference {
	return {
		schema: 'vigil.quality-reference/1',
		rows: profile.rows,
		columns: profile.columns.map((c): QualityReferenceColumn => {
			const missing_share = c.rows ? c.missing / c.rows : 0;
			if (c.type === 'numerical') {
				const any = c.moments.n > 0;
				return {
					name: c.name,
					type: 'numerical',
					rows: c.rows,
					missing_share,
					min: any ? c.moments.min : null,
					max: any ? c.moments.max : null,
					constant: any && c.moments.min === c.moments.max
				};
			}
			const categories = c.categories.filter((_, i) => c.counts[i] > 0);
			return {
				name: c.name,
				type: 'categorical',
				rows: c.rows,
				missing_share,
				min: null,
				max: null,
				categories,
				constant: categories.length === 1
			};
		}),
		duplicated_row_share: null,
		duplicated_columns: null
	};
}
