/** One column's drift result as read from a report's JSON. */
export interface ColumnResult {
	column: string;
	type: string | null;
	method: string | null;
	score: number | null;
	threshold: number | null;
	drifted: boolean | null;
	/** Why the column was not tested (vigil.report/1 `status: 'skipped'`), or null. */
	skipped: string | null;
}

/** The fields of a stored report the app displays, read tolerantly from its JSON. */
export interface ReportFacts {
	id: string | null;
	model: string | null;
	model_version: string | null;
	created_at: string | null;
	verdict: string | null;
	drift_share: number | null;
	rows_reference: number | null;
	rows_current: number | null;
	columns: ColumnResult[];
	performance: Record<string, number>;
}

type Obj = Record<string, unknown>;

function isObj(value: unknown): value is Obj {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}
function num(value: unknown): number | null {
	return typeof value === 'number' && Number.isFinite(value) ? value : null;
}
function str(value: unknown): string | null {
	return typeof value === 'string' && value !== '' ? value : null;
}
function pick(obj: Obj, ...keys: string[]): unknown {
	for (const key of keys) {
		const parts = key.split('.');
		let value: unknown = obj;
		for (const part of parts) value = isObj(value) ? value[part] : undefined;
		if (value !== undefined && value !== null) return value;
	}
	return undefined;
}

function columnOf(raw: unknown, name?: string): ColumnResult | null {
	if (!isObj(raw)) return null;
	const column = str(pick(raw, 'column', 'feature', 'name')) ?? name ?? null;
	if (!column) return null;
	const drifted = pick(raw, 'drifted', 'drift_detected', 'drift');
	return {
		column,
		type: str(pick(raw, 'type', 'kind', 'column_type')),
		method: str(pick(raw, 'method', 'test', 'stattest')),
		// `value` is what vigil.report/1 compares with the threshold (a p-value or a distance).
		score: num(pick(raw, 'value', 'score', 'pvalue', 'distance', 'statistic')),
		threshold: num(pick(raw, 'threshold')),
		drifted: typeof drifted === 'boolean' ? drifted : null,
		skipped: raw.status === 'skipped' ? (str(raw.reason) ?? 'skipped') : null
	};
}

/**
 * Reads the displayed facts out of a report's JSON (`vigil.report/1`), accepting the column list
 * as an array or as an object keyed by column name.
 *
 * @example
 * const facts = reportFacts(await api.getReport(id));
 */
export function reportFacts(report: unknown): ReportFacts {
	const r = isObj(report) ? report : {};
	const rawColumns = pick(r, 'columns', 'features', 'drift.columns', 'dataset_drift.columns');
	const columns: ColumnResult[] = Array.isArray(rawColumns)
		? rawColumns.map((c) => columnOf(c)).filter((c): c is ColumnResult => c !== null)
		: isObj(rawColumns)
			? Object.entries(rawColumns)
					.map(([name, c]) => columnOf(c, name))
					.filter((c): c is ColumnResult => c !== null)
			: [];
	const performance: Record<string, number> = {};
	const perf = pick(r, 'performance', 'metrics');
	if (isObj(perf)) {
		for (const [key, value] of Object.entries(perf)) {
			const n = num(value);
			// `rows` counts labelled rows; it is not a metric.
			if (n !== null && key !== 'rows') performance[key] = n;
		}
	}
	const verdictValue = pick(r, 'verdict', 'dataset.verdict', 'dataset.drifted', 'drifted');
	const verdict =
		typeof verdictValue === 'boolean' ? (verdictValue ? 'drift' : 'no drift') : str(verdictValue);
	const drifted = columns.filter((c) => c.drifted === true).length;
	return {
		id: str(pick(r, 'id')),
		model: str(pick(r, 'model.name', 'model')),
		model_version: str(pick(r, 'model.version', 'model_version')),
		created_at: str(pick(r, 'created_at', 'computed_at', 'ts')),
		verdict,
		drift_share:
			num(pick(r, 'dataset.drift_share', 'drift_share')) ??
			(columns.length > 0 && columns.some((c) => c.drifted !== null)
				? drifted / columns.length
				: null),
		rows_reference: num(pick(r, 'rows.reference', 'reference.rows', 'reference_rows')),
		rows_current: num(pick(r, 'rows.current', 'current.rows', 'current_rows')),
		columns,
		performance
	};
}
