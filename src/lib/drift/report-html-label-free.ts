import type { DleResult } from './advanced/dle-schema';
import {
	alertBadge,
	anyEstimateAlert,
	escapeHtml,
	estimateCharts,
	estimateTable,
	fmt,
	table
} from './report-html-parts';

const DLE_LABELS = { mae: 'MAE', rmse: 'RMSE' } as const;

/**
 * The DLE part of the advanced section: the estimated RMSE and MAE per window with their ± 3 SE
 * bands and the reference thresholds, as charts (several windows) and a table.
 *
 * @example
 * dleSection(report.advanced.dle); // '<h3>Estimated regression error without labels (DLE) …'
 */
export function dleSection(d: DleResult): string {
	const metrics = Object.keys(d.reference) as (keyof typeof d.reference)[];
	const alerted = anyEstimateAlert(d.windows, metrics);
	const charts = estimateCharts(d.windows, metrics, d.reference, DLE_LABELS);
	return `<h3>Estimated regression error without labels (DLE) ${alertBadge(alerted)}</h3>
<p>Two nanny models learned the absolute and squared error of <code>${escapeHtml(d.prediction)}</code> from the features and the prediction on ${escapeHtml(d.reference_size)} labelled reference rows; thresholds are the mean ± 3σ of reference chunks of ${escapeHtml(d.chunk_size)} rows; bands are ± 3 standard errors (sampling error plus the nannies' own error τ). DLE assumes the relation between the inputs and the target has not changed.</p>
${table(
	['metric', 'reference mean', 'chunk σ', 'lower threshold', 'upper threshold', 'τ (relative)'],
	metrics.map((k) => [
		DLE_LABELS[k],
		fmt(d.reference[k].mean),
		fmt(d.reference[k].chunk_sd),
		fmt(d.reference[k].lower_threshold),
		fmt(d.reference[k].upper_threshold),
		fmt(d.reference[k].tau)
	])
)}
${charts}
${estimateTable(d.windows, metrics, DLE_LABELS)}`;
}
