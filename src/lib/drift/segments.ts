import type { ColumnDrift, Report } from '../contracts/report';
import { buildReport, type BuildReportInput } from './report';
import { DriftInputError, type ColumnData } from './types';

/**
 * Segments: one report split by a column (device, batch, site, any category). Every segment's rows
 * are compared with the whole reference exactly as the full window is (same methods, thresholds
 * and drift share), so a segment's drift share means what the report's does; segments are ranked
 * by how much they differ, most first.
 *
 * Score of a segment: the mean over its tested columns of the exceedance
 *
 *   e = value / threshold                 (distances: 1 at the threshold)
 *   e = ln p / ln threshold               (p-values: 1 at the threshold, 2 at threshold²)
 *
 * each capped at 10 so one extreme column cannot hide the rest; ties broken by drift share, then
 * rows. It orders segments by how far past their thresholds their columns are, which the drift
 * share alone (a count) cannot do among segments that all drift or none do.
 *
 * Caps: segments with fewer than `minRows` rows are counted, not tested (their tests would be mostly
 * noise); of the rest, the `maxSegments` largest are reported and the others counted with a
 * message (a column of IDs has thousands of values: one report each would swamp the reader).
 */
export interface SegmentOptions {
	maxSegments?: number;
	minRows?: number;
}

export const SEGMENT_DEFAULTS = { maxSegments: 100, minRows: 30 };

export interface SegmentSummary {
	/** The segment's value of the column (null: rows where it is missing). */
	value: string | null;
	rows: number;
	/** 1 = differs most. */
	rank: number;
	score: number;
	drift_share: number;
	drifted_columns: number;
	columns_tested: number;
	dataset_drifted: boolean;
	/** Up to three columns with the largest exceedance, largest first. */
	top_columns: string[];
	performance?: Report['performance'];
}

export interface SegmentsResult {
	schema: 'vigil.segments/1';
	column: string;
	max_segments: number;
	min_rows: number;
	/** Distinct values of the column in the current window (missing counts as one). */
	segments_total: number;
	segments: SegmentSummary[];
	too_small: { segments: number; rows: number };
	omitted: { segments: number; rows: number };
	message?: string;
}

const CAP = 10;

function exceedance(c: ColumnDrift): number | undefined {
	if (c.status !== 'tested' || c.value === null) return undefined;
	if (c.kind === 'distance') return Math.min(CAP, c.threshold > 0 ? c.value / c.threshold : CAP);
	if (c.value <= 0) return CAP;
	return Math.min(CAP, Math.log(c.value) / Math.log(c.threshold));
}

function segmentKeys(col: ColumnData): (string | null)[] {
	if (col.type === 'categorical')
		return Array.from(col.codes, (k) => (k < 0 ? null : col.categories[k]));
	return Array.from(col.values, (x) => (Number.isNaN(x) ? null : String(x)));
}

function subset(col: ColumnData, rows: Uint32Array): ColumnData {
	if (col.type === 'numerical')
		return { ...col, values: Float64Array.from(rows, (i) => col.values[i]) };
	return { ...col, codes: Int32Array.from(rows, (i) => col.codes[i]) };
}

/**
 * Splits the current window by `segment` and reports each segment against the reference (see the
 * module comment). `input` is what buildReport takes for the whole window; a multiclass model's
 * probabilities are split with the rows.
 *
 * @example
 * const result = segmentReports({ reference: profile, current: columns, currentName: 'today' }, deviceColumn);
 * result.segments[0].value; // the device that differs most
 */
export function segmentReports(
	input: BuildReportInput & { current: ColumnData[] },
	segment: ColumnData,
	options: SegmentOptions = {}
): SegmentsResult {
	const { maxSegments, minRows } = { ...SEGMENT_DEFAULTS, ...options };
	if (!(Number.isInteger(maxSegments) && maxSegments >= 1))
		throw new DriftInputError(
			'invalid_option',
			`maxSegments must be an integer ≥ 1, got ${maxSegments}`
		);
	const keys = segmentKeys(segment);
	const n = Math.max(
		0,
		...input.current.map((c) => (c.type === 'numerical' ? c.values.length : c.codes.length))
	);
	if (keys.length !== n)
		throw new DriftInputError(
			'invalid_option',
			`segment column "${segment.name}" has ${keys.length} rows, the current window ${n}`,
			{ column: segment.name }
		);
	const groups = new Map<string | null, number[]>();
	keys.forEach((k, i) => {
		const g = groups.get(k);
		if (g) g.push(i);
		else groups.set(k, [i]);
	});
	const bySize = [...groups.entries()].sort(
		(a, b) => b[1].length - a[1].length || String(a[0]).localeCompare(String(b[0]))
	);
	const large = bySize.filter(([, rows]) => rows.length >= minRows);
	const small = bySize.filter(([, rows]) => rows.length < minRows);
	const kept = large.slice(0, maxSegments);
	const omitted = large.slice(maxSegments);
	const sum = (g: [unknown, number[]][]) => g.reduce((s, [, r]) => s + r.length, 0);
	const K = input.multiclass?.classes.length ?? 0;
	const summaries = kept.map(([value, list]): Omit<SegmentSummary, 'rank'> => {
		const rows = Uint32Array.from(list);
		const report = buildReport({
			...input,
			current: input.current.map((c) => subset(c, rows)),
			currentName: `${input.currentName} [${segment.name}=${value ?? '(missing)'}]`,
			...(input.multiclass
				? {
						multiclass: {
							classes: input.multiclass.classes,
							probabilities: Float64Array.from(
								{ length: rows.length * K },
								(_, j) => input.multiclass!.probabilities[rows[Math.floor(j / K)] * K + (j % K)]
							)
						}
					}
				: {})
		});
		const scored = report.columns
			.map((c) => ({ name: c.name, e: exceedance(c) }))
			.filter((c): c is { name: string; e: number } => c.e !== undefined);
		const score = scored.length ? scored.reduce((s, c) => s + c.e, 0) / scored.length : 0;
		return {
			value,
			rows: rows.length,
			score,
			drift_share: report.dataset.drift_share,
			drifted_columns: report.dataset.drifted_columns,
			columns_tested: report.dataset.columns_tested,
			dataset_drifted: report.dataset.drifted,
			top_columns: scored
				.sort((a, b) => b.e - a.e || a.name.localeCompare(b.name))
				.slice(0, 3)
				.map((c) => c.name),
			...(report.performance ? { performance: report.performance } : {})
		};
	});
	const ranked = summaries
		.sort((a, b) => b.score - a.score || b.drift_share - a.drift_share || b.rows - a.rows)
		.map((s, i) => ({ ...s, rank: i + 1 }));
	const notes: string[] = [];
	if (omitted.length)
		notes.push(
			`column "${segment.name}" has ${groups.size} values; the ${maxSegments} largest segments of at least ${minRows} rows are reported, ${omitted.length} more (${sum(omitted)} rows) are not (raise the cap to see them)`
		);
	if (small.length)
		notes.push(
			`${small.length} segment${small.length > 1 ? 's' : ''} with fewer than ${minRows} rows (${sum(small)} rows) not tested`
		);
	return {
		schema: 'vigil.segments/1',
		column: segment.name,
		max_segments: maxSegments,
		min_rows: minRows,
		segments_total: groups.size,
		segments: ranked,
		too_small: { segments: small.length, rows: sum(small) },
		omitted: { segments: omitted.length, rows: sum(omitted) },
		...(notes.length ? { message: notes.join('; ') } : {})
	};
}
