import type { AdvancedDrift } from './advanced/schemas';
import {
	alertBadge,
	anyEstimateAlert,
	estimateCharts,
	estimateTable,
	escapeHtml,
	fmt,
	pct,
	seriesSvg,
	table,
	windowLabel
} from './report-html-parts';
import { dleSection } from './report-html-label-free';
import { domainClassifierSection } from './report-html-checks';

// The report's "Advanced monitoring" section: multivariate drift, CBPE, DLE and streaming detectors.

function multivariateSection(m: NonNullable<AdvancedDrift['multivariate']>): string {
	const first = m.windows.find((w) => w.result.status === 'ok');
	const lowerT = first && first.result.status === 'ok' ? first.result.lower_threshold : null;
	const upperT = first && first.result.status === 'ok' ? first.result.upper_threshold : null;
	const alerted = m.windows.some((w) => w.result.status === 'ok' && w.result.alert);
	const chart =
		m.windows.length > 1
			? seriesSvg(
					m.windows.map((w) =>
						w.result.status === 'ok'
							? {
									label: windowLabel(w.window),
									value: w.result.mean_error,
									lower: Math.max(0, w.result.mean_error - 3 * w.result.sampling_error),
									upper: w.result.mean_error + 3 * w.result.sampling_error,
									alert: w.result.alert
								}
							: { label: windowLabel(w.window), value: null }
					),
					lowerT,
					upperT,
					'mean reconstruction error'
				)
			: '';
	return `<h3>Multivariate drift (PCA reconstruction error) ${alertBadge(alerted)}</h3>
<p>${escapeHtml(m.component_count)} components explain ${escapeHtml(pct(m.explained_variance))} of the variance of ${escapeHtml(m.columns.length)} columns; reference mean error ${escapeHtml(fmt(m.reference_mean))} over ${escapeHtml(m.reference_size)} rows.${m.constant_columns.length ? ` Constant in the reference: ${escapeHtml(m.constant_columns.join(', '))}.` : ''}</p>
${chart}
${table(
	['window', 'rows', 'mean error', '± 3 SE', 'lower threshold', 'upper threshold', 'verdict'],
	m.windows.map((w) =>
		w.result.status === 'ok'
			? [
					windowLabel(w.window),
					w.result.n,
					fmt(w.result.mean_error),
					fmt(3 * w.result.sampling_error),
					fmt(w.result.lower_threshold),
					fmt(w.result.upper_threshold),
					w.result.alert ? 'alert' : 'ok'
				]
			: [
					windowLabel(w.window),
					w.result.n,
					'—',
					'—',
					'—',
					'—',
					`not enough data: ${w.result.reason}`
				]
	)
)}`;
}

const CBPE_LABELS: Record<string, string> = {
	accuracy: 'accuracy',
	precision: 'precision',
	recall: 'recall',
	f1: 'F1',
	roc_auc: 'ROC AUC'
};

function cbpeSection(c: NonNullable<AdvancedDrift['cbpe']>): string {
	const metrics = Object.keys(c.reference) as (keyof typeof c.reference)[];
	const alerted = anyEstimateAlert(c.windows, metrics);
	const charts = estimateCharts(c.windows, metrics, c.reference, CBPE_LABELS);
	return `<h3>Estimated performance without labels (CBPE) ${alertBadge(alerted)}</h3>
<p>Decision threshold ${escapeHtml(fmt(c.threshold))}; ${c.calibration_applied ? 'isotonic calibration applied' : 'scores used uncalibrated'}; thresholds from ${escapeHtml(c.reference_size)} reference rows in chunks of ${escapeHtml(c.chunk_size)} (mean ± 3σ); bands are ± 3 standard errors.</p>
${table(
	['metric', 'reference mean', 'chunk σ', 'lower threshold', 'upper threshold'],
	metrics.map((k) => [
		CBPE_LABELS[k] ?? k,
		fmt(c.reference[k].mean),
		fmt(c.reference[k].chunk_sd),
		fmt(c.reference[k].lower_threshold),
		fmt(c.reference[k].upper_threshold)
	])
)}
${charts}
${estimateTable(c.windows, metrics, CBPE_LABELS)}`;
}

function streamingSection(s: NonNullable<AdvancedDrift['streaming']>): string {
	const alerted = s.some((r) => r.drifts > 0);
	return `<h3>Streaming detectors ${alertBadge(alerted)}</h3>
${table(
	[
		'detector',
		'stream',
		'observations',
		'ignored',
		'drifts',
		'first drift offsets',
		'last statistic',
		'threshold',
		'parameters'
	],
	s.map((r) => [
		r.detector,
		r.stream,
		r.observations,
		r.ignored,
		r.drifts,
		r.drift_at.slice(0, 10).join(', ') + (r.drift_at.length > 10 ? ' …' : '') || '—',
		fmt(r.last_statistic),
		fmt(r.threshold),
		Object.entries(r.parameters)
			.map(([k, v]) => `${k}=${v === null ? 'auto' : typeof v === 'number' ? fmt(v) : v}`)
			.join(', ')
	])
)}`;
}

/**
 * The advanced section of the HTML report, empty when the report has no advanced result.
 *
 * @example
 * advancedSection(report.advanced); // '<h2>Advanced monitoring</h2>…'
 */
export function advancedSection(a: AdvancedDrift | undefined): string {
	if (
		!a ||
		(!a.multivariate &&
			!a.cbpe &&
			!a.dle &&
			!a.domain_classifier &&
			!(a.streaming && a.streaming.length))
	)
		return '';
	return `<h2>Advanced monitoring</h2>
${a.multivariate ? multivariateSection(a.multivariate) : ''}
${a.domain_classifier ? domainClassifierSection(a.domain_classifier) : ''}
${a.cbpe ? cbpeSection(a.cbpe) : ''}
${a.dle ? dleSection(a.dle) : ''}
${a.streaming && a.streaming.length ? streamingSection(a.streaming) : ''}`;
}
