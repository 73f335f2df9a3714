import type { ApiClient } from '$lib/sync/api-client';
import { reportFacts, type ReportFacts } from '../reports/report-fields';

/** Time series for one model, oldest first, built from its stored reports. */
export interface ModelHistory {
	times: string[];
	driftShare: (number | null)[];
	rmse: (number | null)[];
	accuracy: (number | null)[];
	/** feature → score per report (null when the report did not score that feature). */
	features: Map<string, (number | null)[]>;
}

/**
 * Arranges reports (any order) into aligned series: one point per report, oldest first.
 *
 * @example
 * const h = historyOf([reportFacts(a), reportFacts(b)]);
 */
export function historyOf(reports: ReportFacts[]): ModelHistory {
	const sorted = reports
		.filter((r) => r.created_at !== null)
		.sort((a, b) => (a.created_at! < b.created_at! ? -1 : a.created_at! > b.created_at! ? 1 : 0));
	const features = new Map<string, (number | null)[]>();
	for (const r of sorted) for (const c of r.columns) features.set(c.column, []);
	for (const r of sorted) {
		const scores = new Map(r.columns.map((c) => [c.column, c.score]));
		for (const [name, series] of features) series.push(scores.get(name) ?? null);
	}
	return {
		times: sorted.map((r) => r.created_at!),
		driftShare: sorted.map((r) => r.drift_share),
		rmse: sorted.map((r) => r.performance.rmse ?? null),
		accuracy: sorted.map((r) => r.performance.accuracy ?? null),
		features
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
): Promise<ReportFacts[]> {
	const ids: string[] = [];
	let cursor: string | undefined;
	do {
		const page = await api.listReports({ model, cursor, limit: Math.min(100, limit) });
		ids.push(...page.items.map((i) => i.id));
		cursor = page.next_cursor ?? undefined;
	} while (cursor && ids.length < limit);
	const chosen = ids.slice(0, limit);
	return Promise.all(chosen.map(async (id) => reportFacts(await api.getReport(id))));
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
