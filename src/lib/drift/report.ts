import { ulid } from 'ulid';
import type { AdvancedDrift } from './advanced/schemas';
import type { ColumnDrift, ColumnQuality, Report } from '../contracts/report';
import {
	datasetDrift,
	DEFAULT_DRIFT_SHARE,
	defaultMethod,
	resolveMethod,
	type DriftOptions
} from './defaults';
import { classIndices, multiclassMetrics } from './multiclass-performance';
import { classificationMetrics, proxyMetrics, regressionMetrics } from './performance';
import type { PreparedSide } from './prepared';
import { profileDigest, profileSide, type ProfileColumn, type ReferenceProfile } from './profile';
import { runPrepared, STATISTICS, type StatisticName } from './registry';
import { pairWalk } from './pair-walk';
import { sortFloat64 } from './radix-sort';
import { searchSorted } from './sorted';
import { drawing } from './report-drawing';
import { DriftInputError, type ColumnData } from './types';

export interface BuildReportInput {
	reference: ReferenceProfile;
	/**
	 * Current window: every column (features, and the prediction/target columns if present), or a
	 * current-window summary built with buildProfile (e.g. merged across a fleet with
	 * mergeProfiles). Performance and proxy metrics need row-aligned columns, so a summary gives
	 * drift and quality only.
	 */
	current: ColumnData[] | ReferenceProfile;
	currentName: string;
	window?: { start?: string; end?: string; label?: string };
	/** ULID (default: generated). */
	id?: string;
	/** ISO timestamp (default: now). */
	createdAt?: string;
	model?: { name: string; version: string };
	/** Name of the model output column (reported as prediction drift, not a feature). */
	prediction?: string;
	/** Name of the label column (target drift and performance when present). */
	target?: string;
	/** Task for performance and proxy metrics (default regression). */
	task?: 'regression' | 'classification' | 'multiclass';
	/**
	 * A multiclass model's class probabilities (n × K, row-major, in the order of `classes`) for
	 * performance by label against the `target` column (class names or indices).
	 */
	multiclass?: { classes: string[]; probabilities: Float64Array };
	/** Further methods to run on every column (e.g. ['ks', 'psi', 'jensenshannon']). */
	additionalMethods?: StatisticName[];
	/** Method/threshold overrides and the dataset drift share. */
	options?: DriftOptions;
	/** Results of src/lib/drift/advanced to embed. */
	advanced?: AdvancedDrift;
	extensions?: Record<string, unknown>;
}

// Scratch for the current column being compared (one column at a time, never returned).
let pool = new Float64Array(0);

const fin = (x: number | undefined): number | null =>
	x !== undefined && Number.isFinite(x) ? x : null;

type CurrentColumn = ColumnData | ProfileColumn;

const isProfileColumn = (c: CurrentColumn): c is ProfileColumn =>
	(c.type === 'numerical' && 'moments' in c) || (c.type === 'categorical' && 'counts' in c);

function currentSide(col: CurrentColumn): {
	side: PreparedSide;
	rows: number;
	missing: number;
	nonFinite: number;
} {
	if (isProfileColumn(col))
		return {
			side: profileSide(col),
			rows: col.rows,
			missing: col.missing,
			nonFinite: col.type === 'numerical' ? col.non_finite : 0
		};
	if (col.type === 'numerical') {
		// One pass: count missing (NaN) and ±Infinity, copy the finite values into pooled scratch,
		// then sort in place. The view is new for every column, so identity-keyed caches stay valid.
		const v = col.values;
		const n = v.length;
		if (pool.length < n) pool = new Float64Array(n);
		const out = pool.subarray(0, n);
		let k = 0;
		let missing = 0;
		for (let i = 0; i < n; i++) {
			const x = v[i];
			if (x - x === 0) out[k++] = x;
			else if (x !== x) missing++;
		}
		const sorted = sortFloat64(out.subarray(0, k), true);
		return {
			side: { type: 'numerical', sorted, n: k, sketched: false },
			rows: n,
			missing,
			nonFinite: n - k - missing
		};
	}
	const counts = new Map<string, number>();
	const perCode = new Float64Array(col.categories.length);
	let missing = 0;
	for (let i = 0; i < col.codes.length; i++) {
		const c = col.codes[i];
		if (c < 0) missing++;
		else if (c >= col.categories.length)
			throw new DriftInputError(
				'invalid_option',
				`column "${col.name}": code ${c} at row ${i} has no category`,
				{
					column: col.name,
					row: i
				}
			);
		else perCode[c]++;
	}
	col.categories.forEach((name, i) => {
		if (perCode[i] > 0) counts.set(name, (counts.get(name) ?? 0) + perCode[i]);
	});
	return {
		side: { type: 'categorical', counts, n: col.codes.length - missing },
		rows: col.codes.length,
		missing,
		nonFinite: 0
	};
}

function distinctUnion(a: PreparedSide, b: PreparedSide): number {
	if (a.type === 'categorical' && b.type === 'categorical')
		return new Set([...a.counts.keys(), ...b.counts.keys()]).size;
	if (a.type === 'numerical' && b.type === 'numerical')
		return pairWalk(a.sorted, b.sorted).distinct;
	return 0;
}

function refQuality(col: ProfileColumn) {
	if (col.type === 'numerical')
		return {
			rows: col.rows,
			missing_share: col.rows ? col.missing / col.rows : 0,
			non_finite_share: col.rows ? col.non_finite / col.rows : 0,
			constant: col.moments.n > 0 && col.moments.min === col.moments.max
		};
	const nonZero = col.counts.filter((c) => c > 0).length;
	return {
		rows: col.rows,
		missing_share: col.rows ? col.missing / col.rows : 0,
		non_finite_share: 0,
		constant: nonZero === 1
	};
}

/** Compare one column of the profile with the current window; returns drift and quality. */
function compareColumn(
	refCol: ProfileColumn,
	curCol: CurrentColumn,
	options: DriftOptions,
	additionalMethods: StatisticName[] = []
): { drift: ColumnDrift; quality: ColumnQuality } {
	const ref = profileSide(refCol);
	const cur = currentSide(curCol);
	const notes: string[] = [];
	const rq = refQuality(refCol);
	const curConstant =
		cur.side.type === 'numerical'
			? cur.side.sorted.length > 0 &&
				cur.side.sorted[0] === cur.side.sorted[cur.side.sorted.length - 1]
			: cur.side.counts.size === 1;
	const quality: ColumnQuality = {
		name: refCol.name,
		type: refCol.type,
		reference: rq,
		current: {
			rows: cur.rows,
			missing_share: cur.rows ? cur.missing / cur.rows : 0,
			non_finite_share: cur.rows ? cur.nonFinite / cur.rows : 0,
			constant: curConstant
		},
		notes
	};
	if (ref.type === 'numerical' && cur.side.type === 'numerical' && ref.n > 0 && cur.side.n > 0) {
		const s = cur.side.sorted;
		const below = searchSorted(s, ref.sorted[0], 'left');
		const above = s.length - searchSorted(s, ref.sorted[ref.sorted.length - 1], 'right');
		quality.out_of_range_share = (below + above) / s.length;
	}
	const cs = cur.side;
	if (ref.type === 'categorical' && cs.type === 'categorical') {
		quality.new_categories = [...cs.counts.keys()].filter((c) => !ref.counts.has(c)).sort();
		quality.vanished_categories = [...ref.counts.keys()].filter((c) => !cs.counts.has(c)).sort();
	}
	if (rq.constant) notes.push('reference is constant');
	if (curConstant) notes.push('current is constant');
	const nValues = distinctUnion(ref, cur.side);
	const chosen = resolveMethod(
		options,
		refCol.name,
		refCol.type,
		defaultMethod(refCol.type, ref.n, nValues)
	);
	const spec = STATISTICS[chosen.method];
	const base = {
		name: refCol.name,
		type: refCol.type,
		method: chosen.method,
		kind: spec.kind,
		threshold: chosen.threshold ?? spec.threshold
	};
	const skipped = (reason: string): ColumnDrift => {
		notes.push(reason);
		return { ...base, status: 'skipped', reason, value: null, drifted: false };
	};
	if (ref.n === 0) return { drift: skipped('reference has no values (all missing)'), quality };
	if (cur.side.n === 0)
		return { drift: skipped('current window has no values (all missing)'), quality };
	try {
		const r = runPrepared(chosen.method, ref, cur.side, {
			threshold: chosen.threshold,
			binning: chosen.binning,
			method: chosen.pvalueMethod
		});
		const drift: ColumnDrift = {
			...base,
			status: 'tested',
			value: fin(r.value),
			drifted: r.drifted,
			...(spec.kind === 'pvalue'
				? { statistic: fin(r.statistic), pvalue: fin(r.pvalue) }
				: { distance: fin(r.value) }),
			...drawing(ref, cur.side)
		};
		if (!Number.isFinite(r.value))
			notes.push(`${chosen.method} gave a non-finite value (degenerate data)`);
		if (additionalMethods.length)
			drift.additional = additionalMethods.map((m) => {
				try {
					const x = runPrepared(m, ref, cur.side);
					return {
						method: x.name,
						kind: x.kind,
						value: fin(x.value),
						...(x.kind === 'pvalue' ? { statistic: fin(x.statistic), pvalue: fin(x.pvalue) } : {}),
						threshold: x.threshold,
						drifted: x.drifted
					};
				} catch (e) {
					if (e instanceof DriftInputError) return { method: m, error: e.message };
					throw e;
				}
			});
		return { drift, quality };
	} catch (e) {
		if (e instanceof DriftInputError)
			return { drift: skipped(`${chosen.method}: ${e.message}`), quality };
		throw e;
	}
}

function numericValues(col: CurrentColumn | undefined): Float64Array | undefined {
	if (!col || isProfileColumn(col)) return undefined;
	if (col.type === 'numerical') return col.values;
	// Two-category labels: the second sorted category is the positive class (as the Z-test).
	const sorted = [...new Set(col.categories)].sort();
	if (sorted.length > 2)
		throw new DriftInputError(
			'invalid_option',
			`column "${col.name}" has ${sorted.length} categories; performance needs 0/1 labels`
		);
	const pos = sorted[1];
	return Float64Array.from(col.codes, (c) => (c < 0 ? NaN : col.categories[c] === pos ? 1 : 0));
}

/**
 * Build the drift report (`vigil.report/1`, src/lib/contracts/report.ts) of a current window
 * against a reference profile: per column the method (Evidently defaults or overrides), its value,
 * threshold and verdict with what is needed to draw it; dataset drift at share ≥ drift_share;
 * prediction and target drift; data quality; performance when labels exist; proxy metrics. Each
 * current column is sorted once; the reference is never re-read or re-sorted.
 *
 * @example
 * const report = buildReport({ reference: profile, current: columns, currentName: 'today' });
 * report.dataset.drifted; // true or false
 */
export function buildReport(input: BuildReportInput): Report {
	const options = input.options ?? {};
	const driftShare = options.driftShare ?? DEFAULT_DRIFT_SHARE;
	const special = new Set([input.prediction, input.target].filter((x): x is string => !!x));
	const currentColumns: CurrentColumn[] = Array.isArray(input.current)
		? input.current
		: input.current.columns;
	const curByName = new Map<string, CurrentColumn>();
	for (const c of currentColumns) {
		if (curByName.has(c.name))
			throw new DriftInputError('invalid_option', `duplicate current column "${c.name}"`, {
				column: c.name
			});
		curByName.set(c.name, c);
	}
	const refByName = new Map(input.reference.columns.map((c) => [c.name, c]));
	const columns: ColumnDrift[] = [];
	const qualityColumns: ColumnQuality[] = [];
	const typeMismatch: string[] = [];
	const compare = (name: string) => {
		const r = refByName.get(name);
		const c = curByName.get(name);
		if (!r || !c) return undefined;
		if (r.type !== c.type) {
			typeMismatch.push(name);
			return undefined;
		}
		const out = compareColumn(r, c, options, input.additionalMethods);
		qualityColumns.push(out.quality);
		return out.drift;
	};
	for (const r of input.reference.columns) {
		if (special.has(r.name)) continue;
		const d = compare(r.name);
		if (d) columns.push(d);
	}
	const tested = columns.filter((c) => c.status === 'tested');
	const drifted = tested.filter((c) => c.drifted).length;
	const ds = datasetDrift(drifted, tested.length, driftShare);
	const report: Report = {
		schema: 'vigil.report/1',
		id: input.id ?? ulid(),
		created_at: input.createdAt ?? new Date().toISOString(),
		...(input.model ? { model: input.model } : {}),
		reference: {
			name: input.reference.name,
			sha256: profileDigest(input.reference),
			rows: input.reference.rows
		},
		current: {
			name: input.currentName,
			rows: Math.max(
				0,
				...currentColumns.map((c) =>
					isProfileColumn(c) ? c.rows : c.type === 'numerical' ? c.values.length : c.codes.length
				)
			),
			...(input.window ? { window: input.window } : {})
		},
		dataset: {
			drifted: ds.drifted,
			drift_share: ds.share,
			drifted_columns: drifted,
			columns_tested: tested.length,
			drift_share_threshold: driftShare
		},
		columns,
		quality: {
			columns: qualityColumns,
			reference_only_columns: input.reference.columns
				.filter((c) => !curByName.has(c.name) && !special.has(c.name))
				.map((c) => c.name),
			current_only_columns: currentColumns
				.filter((c) => !refByName.has(c.name) && !special.has(c.name))
				.map((c) => c.name),
			type_mismatch_columns: typeMismatch
		}
	};
	if (input.prediction) {
		const d = compare(input.prediction);
		if (d) report.prediction_drift = d;
	}
	if (input.target) {
		const d = compare(input.target);
		if (d) report.target_drift = d;
	}
	if (input.task === 'multiclass') {
		// Performance by label from the class probabilities; no single score for proxy metrics.
		const target = input.target ? curByName.get(input.target) : undefined;
		if (input.multiclass && target && !isProfileColumn(target))
			report.performance = multiclassMetrics(
				classIndices(target, input.multiclass.classes),
				input.multiclass.probabilities,
				input.multiclass.classes
			);
	} else {
		const classification = input.task === 'classification';
		const pred = numericValues(input.prediction ? curByName.get(input.prediction) : undefined);
		const label = numericValues(input.target ? curByName.get(input.target) : undefined);
		if (pred) report.proxy = proxyMetrics(pred, classification);
		if (pred && label)
			report.performance = classification
				? classificationMetrics(label, pred)
				: regressionMetrics(label, pred);
	}
	if (input.advanced) report.advanced = input.advanced;
	if (input.extensions) report.extensions = input.extensions;
	return report;
}
