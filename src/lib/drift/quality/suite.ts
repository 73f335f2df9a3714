import type { ColumnData } from '../types';
import {
	QUALITY_CHECKS,
	type QualityCheckName,
	type QualityCheckResult,
	type Severity
} from './check';
import { constantColumnCheck } from './constant-column';
import { duplicatedColumnsCheck } from './duplicated-columns';
import { duplicatedRowsCheck } from './duplicated-rows';
import { missingShareCheck } from './missing-share';
import { newCategoriesCheck } from './new-categories';
import { outOfRangeCheck } from './out-of-range';
import type { QualityReference } from './quality-reference';

export interface QualitySuiteOptions {
	/** Allowed rise of the missing share over the reference's. */
	missingTolerance?: number;
	/** Range margin as a share of the reference's max − min. */
	rangeMargin?: number;
	/** Allowed share of out-of-range values. */
	outOfRangeTolerance?: number;
	/** Allowed share of rows in new categories. */
	newCategoryTolerance?: number;
	/** Allowed rise of the duplicated-row share over the reference's. */
	duplicateRowTolerance?: number;
	/** Severity of each check when violated. */
	severity?: Partial<Record<QualityCheckName, Severity>>;
}

export const QUALITY_DEFAULTS = {
	missingTolerance: 0.05,
	rangeMargin: 0.1,
	outOfRangeTolerance: 0,
	newCategoryTolerance: 0,
	duplicateRowTolerance: 0.05
};

export const DEFAULT_SEVERITY: Record<QualityCheckName, Severity> = {
	missing_share: 'fail',
	out_of_range: 'warn',
	new_categories: 'warn',
	constant_column: 'fail',
	duplicated_columns: 'warn',
	duplicated_rows: 'warn'
};

/** The suite's report block (`vigil.quality-suite/1`). */
export interface QualitySuiteResult {
	schema: 'vigil.quality-suite/1';
	checks: QualityCheckResult[];
	passed: number;
	warned: number;
	failed: number;
	skipped: number;
	/** Reference columns absent from the current window (no check could run on them). */
	missing_columns: string[];
}

/**
 * Runs the data-quality suite chosen by column type against conditions derived from the reference:
 * every column gets missing_share and constant_column, numerical columns out_of_range, categorical
 * columns new_categories, and the data set duplicated_columns and duplicated_rows. Each check has
 * a severity (defaults in DEFAULT_SEVERITY) that becomes its status when violated.
 *
 * @example
 * const suite = qualitySuite(qualityReference(referenceColumns), currentColumns);
 * suite.failed; // checks violated with severity 'fail'
 */
export function qualitySuite(
	reference: QualityReference,
	current: ColumnData[],
	options: QualitySuiteOptions = {}
): QualitySuiteResult {
	const o = { ...QUALITY_DEFAULTS, ...options };
	const severity = { ...DEFAULT_SEVERITY, ...options.severity };
	const curByName = new Map(current.map((c) => [c.name, c]));
	const checks: QualityCheckResult[] = [];
	const compared: ColumnData[] = [];
	const missingColumns: string[] = [];
	for (const ref of reference.columns) {
		const cur = curByName.get(ref.name);
		if (!cur) {
			missingColumns.push(ref.name);
			continue;
		}
		compared.push(cur);
		checks.push(
			missingShareCheck(ref, cur, {
				tolerance: o.missingTolerance,
				severity: severity.missing_share
			})
		);
		if (cur.type === 'numerical' && ref.type === 'numerical')
			checks.push(
				outOfRangeCheck(ref, cur, {
					margin: o.rangeMargin,
					tolerance: o.outOfRangeTolerance,
					severity: severity.out_of_range
				})
			);
		if (cur.type === 'categorical' && ref.type === 'categorical')
			checks.push(
				newCategoriesCheck(ref, cur, {
					tolerance: o.newCategoryTolerance,
					severity: severity.new_categories
				})
			);
		checks.push(constantColumnCheck(ref, cur, { severity: severity.constant_column }));
	}
	checks.push(
		duplicatedColumnsCheck(reference.duplicated_columns, compared, {
			severity: severity.duplicated_columns
		})
	);
	checks.push(
		duplicatedRowsCheck(reference.duplicated_row_share, compared, {
			tolerance: o.duplicateRowTolerance,
			severity: severity.duplicated_rows
		})
	);
	const count = (s: QualityCheckResult['status']) => checks.filter((c) => c.status === s).length;
	return {
		schema: 'vigil.quality-suite/1',
		checks,
		passed: count('pass'),
		warned: count('warn'),
		failed: count('fail'),
		skipped: count('skipped'),
		missing_columns: missingColumns
	};
}

export { QUALITY_CHECKS };
