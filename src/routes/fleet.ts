import { ApiClientError, type ApiClient, type MonitoringLatest } from '$lib/sync/api-client';

/** One model's row on the Overview: the latest metrics, report and today's predictions. */
export interface FleetRow {
	model: string;
	model_version?: string;
	production_version?: string;
	drift_share: number | null;
	rmse: number | null;
	accuracy: number | null;
	drifted: boolean | null;
	predictions_today: number | null;
	last_report_at: string | null;
	last_report_id: string | null;
}

function num(value: unknown): number | null {
	return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

function str(value: unknown): string | null {
	return typeof value === 'string' && value !== '' ? value : null;
}

async function orNull<T>(promise: Promise<T>): Promise<T | null> {
	try {
		return await promise;
	} catch (err) {
		if (err instanceof ApiClientError && (err.status === 404 || err.status === 400)) return null;
		throw err;
	}
}

/**
 * Gathers the fleet at a glance: every registered model, its latest monitoring metrics, its latest
 * report and the number of predictions stored today (UTC). Auth and network failures propagate.
 *
 * @example
 * const rows = await loadFleet(apiClient());
 */
export async function loadFleet(api: ApiClient, now = new Date()): Promise<FleetRow[]> {
	const versions = await api.listModels();
	const names = [...new Set(versions.map((v) => v.name))].sort();
	const today = now.toISOString().slice(0, 10);
	return Promise.all(
		names.map(async (model) => {
			// Listing (not /reports/latest) answers 200 with nothing when a model has no report yet,
			// so an empty fleet does not fill the console with 404s.
			const [reports, objects] = await Promise.all([
				api.listReports({ model, limit: 1 }),
				orNull(api.listPredictions({ model, from: today }))
			]);
			const report = reports.items[0] ?? null;
			// The gauges are filed with each report: without one there is nothing to read.
			const latest = report
				? await orNull(api.monitoringLatest(model)).then((list) => list?.[0] ?? null)
				: null;
			const m: Partial<MonitoringLatest> = latest ?? {};
			const r: Record<string, unknown> = report ?? {};
			const production = versions.find((v) => v.name === model && v.stage === 'production');
			const todayObjects = (objects ?? []).filter((o) => o.date === undefined || o.date === today);
			const counted = todayObjects.reduce((sum, o) => sum + (num(o.records) ?? 0), 0);
			const drifted = typeof m.drifted === 'boolean' ? m.drifted : r.drifted;
			return {
				model,
				model_version: str(r.model_version) ?? undefined,
				production_version: production?.version,
				drift_share: num(m.drift_share) ?? num(r.drift_share),
				rmse: num(m.performance?.rmse),
				accuracy: num(m.performance?.accuracy),
				drifted: typeof drifted === 'boolean' ? drifted : null,
				predictions_today: objects ? counted : null,
				last_report_at: str(r.created_at) ?? str(m.report?.created_at),
				last_report_id: str(r.id) ?? str(m.report?.id)
			} satisfies FleetRow;
		})
	);
}
