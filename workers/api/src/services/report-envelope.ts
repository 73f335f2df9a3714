import { safeNameSchema, versionSchema } from '../../../../src/lib/contracts/common';
import { reportSchema, type Report } from '../../../../src/lib/contracts/report';
import { validate } from '../http/body';
import { ApiError } from '../errors';

export { reportSchema };

/** What the API indexes of a report: its model (a safe name, used in keys and labels) and version. */
export interface FiledReport {
	report: Report;
	model: string;
	model_version: string | null;
}

/**
 * Validates a report against `vigil.report/1` and checks what filing it needs: `model.name` (a
 * safe name, since it becomes part of Prometheus labels and listings).
 *
 * @example
 * const { report, model } = fileReport(json);
 */
export function fileReport(value: unknown): FiledReport {
	const report = validate(reportSchema, value, 'report');
	if (!report.model)
		throw new ApiError(
			422,
			'unprocessable',
			'A stored report needs model.name (the model it monitors)'
		);
	if (!safeNameSchema.safeParse(report.model.name).success)
		throw new ApiError(
			422,
			'unprocessable',
			'model.name must be letters, digits, ".", "_" and "-" only, without ".."'
		);
	const version = versionSchema.safeParse(report.model.version);
	return { report, model: report.model.name, model_version: version.success ? version.data : null };
}

/**
 * Per-feature scores of a report for the gauges: a column's distance for distance methods, its test
 * statistic for p-value methods (so that a higher score always means more drift); columns without a
 * finite score are left out.
 *
 * @example
 * featureScoresOf(report); // [{ feature: 'temperature', method: 'ks', score: 0.21 }, …]
 */
export function featureScoresOf(
	report: Report
): { feature: string; method: string; score: number }[] {
	const out: { feature: string; method: string; score: number }[] = [];
	for (const c of report.columns) {
		if (c.status !== 'tested' || c.name.length > 200) continue;
		const score = c.kind === 'distance' ? (c.distance ?? c.value) : (c.statistic ?? null);
		if (typeof score === 'number' && Number.isFinite(score))
			out.push({ feature: c.name, method: c.method, score });
	}
	return out;
}

/** RMSE / MAE (regression) or accuracy / F1 (classification; macro F1 for multiclass) of a report. */
export function performanceOf(report: Report) {
	const p = report.performance;
	if (!p) return { rmse: null, mae: null, accuracy: null, f1: null };
	if (p.task === 'regression') return { rmse: p.rmse, mae: p.mae, accuracy: null, f1: null };
	return {
		rmse: null,
		mae: null,
		accuracy: p.accuracy,
		f1: p.task === 'multiclass' ? p.macro.f1 : p.f1
	};
}
