import type { ApiClient } from '$lib/sync/api-client';
import { advancedDriftSchema } from '$lib/drift/advanced/schemas';
import { CBPE_METRICS } from '$lib/drift/advanced/cbpe';
import { reportFacts, type ReportFacts } from '../reports/report-fields';

/** The advanced results of one report reduced to one point per series (the latest usable window). */
export interface AdvancedFacts {
	reconstructionError: number | null;
	reconstructionUpper: number | null;
	/** CBPE metric → estimate (null: not enough data or not estimated). */
	cbpe: Record<string, number | null>;
	/** CBPE metric → lower threshold from the reference. */
	cbpeLower: Record<string, number | null>;
}

/** A report's facts plus its advanced results when it has a valid `advanced` block. */
export type HistoryReport = ReportFacts & { advanced?: AdvancedFacts };

/**
 * Reads the advanced block of a raw report: the latest window with a value for the reconstruction
 * error and for each CBPE metric. An absent or malformed block gives undefined.
 *
 * @example
 * advancedFacts(await api.getReport(id))?.reconstructionError; // 1.42
 */
export function advancedFacts(report: unknown): AdvancedFacts | undefined {
	const raw =
		report && typeof report === 'object' ? (report as { advanced?: unknown }).advanced : undefined;
	if (raw === undefined) return undefined;
	const parsed = advancedDriftSchema.safeParse(raw);
	if (!parsed.success) return undefined;
	const a = parsed.data;
	if (!a.multivariate && !a.cbpe) return undefined;
	const lastOk = a.multivariate
		? [...a.multivariate.windows].reverse().find((w) => w.result.status === 'ok')
		: undefined;
	const cbpe: Record<string, number | null> = {};
	const cbpeLower: Record<string, number | null> = {};
	if (a.cbpe) {
		for (const k of CBPE_METRICS) {
			const w = [...a.cbpe.windows].reverse().find((x) => x.metrics[k].status === 'ok');
			const m = w?.metrics[k];
			cbpe[k] = m && m.status === 'ok' ? m.value : null;
			cbpeLower[k] = a.cbpe.reference[k].lower_threshold;
		}
	}
	return {
		reconstructionError: lastOk && lastOk.result.status === 'ok' ? lastOk.result.mean_error : null,
		reconstructionUpper:
			lastOk && lastOk.result.status === 'ok' ? lastOk.result.upper_threshold : null,
		cbpe,
		cbpeLower
	};
}

/** Time series for one model, oldest first, built from its stored reports. */
export interface ModelHistory {
	times: string[];
	driftShare: (number | null)[];
	rmse: (number | null)[];
	accuracy: (number | null)[];
	/** feature → score per report (null when the report did not score that feature). */
	features: Map<string, (number | null)[]>;
	/** Mean PCA reconstruction error per report and its upper threshold (null without one). */
	reconstructionError: (number | null)[];
	reconstructionUpper: (number | null)[];
	/** CBPE metric → estimate per report; empty when no report has CBPE. */
	cbpe: Map<string, (number | null)[]>;
}

/**
 * Arranges reports (any order) into aligned series: one point per report, oldest first.
 *
 * @example
 * const h = historyOf([reportFacts(a), reportFacts(b)]);
 */
export function historyOf(reports: HistoryReport[]): ModelHistory {
	const sorted = reports
		.filter((r) => r.created_at !== null)
		.sort((a, b) => (a.created_at! < b.created_at! ? -1 : a.created_at! > b.created_at! ? 1 : 0));
	const features = new Map<string, (number | null)[]>();
	for (const r of sorted) for (const c of r.columns) features.set(c.column, []);
	for (const r of sorted) {
		const scores = new Map(r.columns.map((c) => [c.column, c.score]));
		for (const [name, series] of features) series.push(scores.get(name) ?? null);
	}
	const cbpe = new Map<string, (number | null)[]>();
	if (sorted.some((r) => r.advanced && Object.keys(r.advanced.cbpe).length > 0))
		for (const k of CBPE_METRICS)
			cbpe.set(
				k,
				sorted.map((r) => r.advanced?.cbpe[k] ?? null)
			);
	return {
		times: sorted.map((r) => r.created_at!),
		driftShare: sorted.map((r) => r.drift_share),
		rmse: sorted.map((r) => r.performance.rmse ?? null),
		accuracy: sorted.map((r) => r.performance.accuracy ?? null),
		features,
		reconstructionError: sorted.map((r) => r.advanced?.reconstructionError ?? null),
		reconstructionUpper: sorted.map((r) => r.advanced?.reconstructionUpper ?? null),
		cbpe
	};
}

/**
 * Loads up to `limit` most recent reports of a model (full JSON, for per-feature scores).
 *
 * @example
 * const history = historyOf(await loadReports(api, 'penicillin'));
 */
export async function loadReports(
	api: ApiClient,
	model: string,
	limit = 40
): Promise<HistoryReport[]> {
	const ids: string[] = [];
	let cursor: string | undefined;
	do {
		const page = await api.listReports({ model, cursor, limit: Math.min(100, limit) });
		ids.push(...page.items.map((i) => i.id));
		cursor = page.next_cursor ?? undefined;
	} while (cursor && ids.length < limit);
	const chosen = ids.slice(0, limit);
	return Promise.all(
		chosen.map(async (id) => {
			const raw = await api.getReport(id);
			const advanced = advancedFacts(raw);
			return advanced ? { ...reportFacts(raw), advanced } : reportFacts(raw);
		})
	);
}

/**
 * Stored predictions per day for each model, from the predictions listing.
 *
 * @example
 * const { days, perModel } = predictionsPerDay(objects);
 */
export function predictionsPerDay(objects: Record<string, unknown>[]): {
	days: string[];
	perModel: Map<string, number[]>;
} {
	const totals = new Map<string, Map<string, number>>();
	const daySet = new Set<string>();
	for (const o of objects) {
		const model = typeof o.model === 'string' ? o.model : null;
		const day = typeof o.date === 'string' ? o.date : null;
		const records = typeof o.records === 'number' ? o.records : 0;
		if (!model || !day) continue;
		daySet.add(day);
		const byDay = totals.get(model) ?? new Map<string, number>();
		byDay.set(day, (byDay.get(day) ?? 0) + records);
		totals.set(model, byDay);
	}
	const days = [...daySet].sort();
	const perModel = new Map<string, number[]>();
	for (const [model, byDay] of [...totals].sort(([a], [b]) => a.localeCompare(b))) {
		perModel.set(
			model,
			days.map((d) => byDay.get(d) ?? 0)
		);
	}
	return { days, perModel };
}
