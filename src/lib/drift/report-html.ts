import type { ColumnDrift, Report } from '../contracts/report';
import type { AdvancedDrift } from './advanced/schemas';

/**
 * Escape text for HTML element content and attribute values (both quote kinds), so column names
 * and categories cannot inject markup.
 *
 * @example
 * escapeHtml('<script>"x"</script>'); // '&lt;script&gt;&quot;x&quot;&lt;/script&gt;'
 */
export function escapeHtml(s: unknown): string {
	return String(s)
		.replace(/&/g, '&amp;')
		.replace(/</g, '&lt;')
		.replace(/>/g, '&gt;')
		.replace(/"/g, '&quot;')
		.replace(/'/g, '&#39;');
}

function fmt(x: number | null | undefined): string {
	if (x === null || x === undefined) return '—';
	if (x === 0) return '0';
	const a = Math.abs(x);
	return a >= 1e-3 && a < 1e6 ? x.toPrecision(4).replace(/\.?0+$/, '') : x.toExponential(3);
}
const pct = (x: number | null | undefined) =>
	x === null || x === undefined ? '—' : `${(x * 100).toFixed(1)}%`;

const W = 320;
const H = 120;
const REF = '#4c6ef5';
const CUR = '#f08c00';

function histogramSvg(c: ColumnDrift): string {
	const h = c.histogram;
	if (!h) return '';
	const n = h.reference.length;
	const max = Math.max(...h.reference, ...h.current, 1e-12);
	const bw = W / n;
	let bars = '';
	for (let i = 0; i < n; i++) {
		const rh = (h.reference[i] / max) * (H - 10);
		const ch = (h.current[i] / max) * (H - 10);
		bars += `<rect x="${(i * bw).toFixed(2)}" y="${(H - rh).toFixed(2)}" width="${(bw / 2).toFixed(2)}" height="${rh.toFixed(2)}" fill="${REF}"/>`;
		bars += `<rect x="${(i * bw + bw / 2).toFixed(2)}" y="${(H - ch).toFixed(2)}" width="${(bw / 2).toFixed(2)}" height="${ch.toFixed(2)}" fill="${CUR}"/>`;
	}
	return `<figure><svg viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-label="histogram of ${escapeHtml(c.name)}">${bars}</svg><figcaption>histogram ${escapeHtml(fmt(h.edges[0]))} … ${escapeHtml(fmt(h.edges[h.edges.length - 1]))}</figcaption></figure>`;
}

function ecdfSvg(c: ColumnDrift): string {
	const e = c.ecdf;
	if (!e || e.x.length < 2) return '';
	const lo = e.x[0];
	const hi = e.x[e.x.length - 1];
	const sx = (x: number) => (hi > lo ? ((x - lo) / (hi - lo)) * W : W / 2);
	const line = (ys: number[], color: string) =>
		`<polyline fill="none" stroke="${color}" stroke-width="1.5" points="${e.x
			.map((x, i) => `${sx(x).toFixed(2)},${(H - ys[i] * (H - 4) - 2).toFixed(2)}`)
			.join(' ')}"/>`;
	return `<figure><svg viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-label="ECDF of ${escapeHtml(c.name)}">${line(e.reference, REF)}${line(e.current, CUR)}</svg><figcaption>ECDF</figcaption></figure>`;
}

function categoriesSvg(c: ColumnDrift): string {
	const cats = c.categories;
	if (!cats || cats.length === 0) return '';
	const rowH = 16;
	const height = cats.length * rowH;
	const labelW = 120;
	const barW = W - labelW;
	let body = '';
	cats.forEach((k, i) => {
		const y = i * rowH;
		body += `<text x="0" y="${y + 11}" font-size="10">${escapeHtml(k.category.length > 22 ? k.category.slice(0, 21) + '…' : k.category)}</text>`;
		body += `<rect x="${labelW}" y="${y + 2}" width="${(k.reference * barW).toFixed(2)}" height="6" fill="${REF}"/>`;
		body += `<rect x="${labelW}" y="${y + 8}" width="${(k.current * barW).toFixed(2)}" height="6" fill="${CUR}"/>`;
	});
	return `<figure><svg viewBox="0 0 ${W} ${height}" width="${W}" height="${height}" role="img" aria-label="category shares of ${escapeHtml(c.name)}">${body}</svg><figcaption>category shares</figcaption></figure>`;
}

function columnSection(c: ColumnDrift, title: string): string {
	const verdict =
		c.status === 'skipped'
			? `<span class="badge skip">skipped</span>`
			: c.drifted
				? `<span class="badge drift">drift</span>`
				: `<span class="badge ok">no drift</span>`;
	return `<section class="col"><h3>${escapeHtml(title)} ${verdict}</h3>
<p>${escapeHtml(c.type)} · ${escapeHtml(c.method)} · ${c.kind === 'pvalue' ? 'p-value' : 'distance'} ${escapeHtml(fmt(c.value))} (threshold ${escapeHtml(fmt(c.threshold))})${c.reason ? ` · ${escapeHtml(c.reason)}` : ''}</p>
<div class="charts">${histogramSvg(c)}${ecdfSvg(c)}${categoriesSvg(c)}</div></section>`;
}

function table(head: string[], rows: (string | number | null | undefined)[][]): string {
	return `<table><thead><tr>${head.map((h) => `<th>${escapeHtml(h)}</th>`).join('')}</tr></thead><tbody>${rows
		.map((r) => `<tr>${r.map((v) => `<td>${escapeHtml(v ?? '—')}</td>`).join('')}</tr>`)
		.join('')}</tbody></table>`;
}

interface SeriesPoint {
	label: string;
	/** null: not enough data in this window (a gap in the line, never a number). */
	value: number | null;
	lower?: number | null;
	upper?: number | null;
	alert?: boolean;
}

/**
 * Line over windows with an optional band (value ± 3 SE) and the reference's lower/upper
 * thresholds as dashed lines; alerting windows get a red dot.
 */
function seriesSvg(
	points: SeriesPoint[],
	lowerThreshold: number | null,
	upperThreshold: number | null,
	ariaLabel: string
): string {
	const ys: number[] = [];
	for (const p of points) {
		for (const v of [p.value, p.lower, p.upper]) if (v !== null && v !== undefined) ys.push(v);
	}
	if (lowerThreshold !== null) ys.push(lowerThreshold);
	if (upperThreshold !== null) ys.push(upperThreshold);
	if (ys.length === 0 || points.length < 2) return '';
	let lo = Math.min(...ys);
	let hi = Math.max(...ys);
	if (hi - lo < 1e-12) {
		lo -= 0.5;
		hi += 0.5;
	}
	const pad = (hi - lo) * 0.05;
	lo -= pad;
	hi += pad;
	const w = 480;
	const h = 140;
	const sx = (i: number) => ((i / (points.length - 1)) * (w - 8) + 4).toFixed(2);
	const sy = (v: number) => (h - 4 - ((v - lo) / (hi - lo)) * (h - 8)).toFixed(2);
	let body = '';
	const band: string[] = [];
	const bandBack: string[] = [];
	points.forEach((p, i) => {
		if (p.lower !== null && p.lower !== undefined && p.upper !== null && p.upper !== undefined) {
			band.push(`${sx(i)},${sy(p.upper)}`);
			bandBack.unshift(`${sx(i)},${sy(p.lower)}`);
		}
	});
	if (band.length >= 2) {
		body += `<polygon fill="${CUR}" fill-opacity="0.18" stroke="none" points="${[...band, ...bandBack].join(' ')}"/>`;
	}
	for (const t of [lowerThreshold, upperThreshold]) {
		if (t !== null) {
			body += `<line x1="0" x2="${w}" y1="${sy(t)}" y2="${sy(t)}" stroke="#c92a2a" stroke-dasharray="4 3"/>`;
		}
	}
	// Split the line at windows without a value so a gap is shown, not an interpolation.
	let seg: string[] = [];
	const flush = () => {
		if (seg.length > 1) {
			body += `<polyline fill="none" stroke="${CUR}" stroke-width="1.5" points="${seg.join(' ')}"/>`;
		}
		seg = [];
	};
	points.forEach((p, i) => {
		if (p.value === null) return flush();
		seg.push(`${sx(i)},${sy(p.value)}`);
	});
	flush();
	points.forEach((p, i) => {
		if (p.value !== null) {
			body += `<circle cx="${sx(i)}" cy="${sy(p.value)}" r="2.5" fill="${p.alert ? '#c92a2a' : CUR}"><title>${escapeHtml(`${p.label}: ${fmt(p.value)}`)}</title></circle>`;
		}
	});
	return `<figure><svg viewBox="0 0 ${w} ${h}" width="${w}" height="${h}" role="img" aria-label="${escapeHtml(ariaLabel)}">${body}</svg><figcaption>${escapeHtml(ariaLabel)} over ${points.length} windows; dashed: thresholds</figcaption></figure>`;
}

const alertBadge = (alert: boolean) =>
	alert ? '<span class="badge drift">alert</span>' : '<span class="badge ok">ok</span>';

function windowLabel(w: { index: number; start: number; end: number; label?: string }): string {
	return w.label ?? `#${w.index} rows ${w.start}–${w.end}`;
}

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
	const alerted = c.windows.some((w) =>
		metrics.some((k) => {
			const m = w.metrics[k];
			return m.status === 'ok' && m.alert;
		})
	);
	const charts =
		c.windows.length > 1
			? `<div class="charts">${metrics
					.map((k) =>
						seriesSvg(
							c.windows.map((w) => {
								const m = w.metrics[k];
								return m.status === 'ok'
									? {
											label: windowLabel(w.window),
											value: m.value,
											lower: m.lower_band,
											upper: m.upper_band,
											alert: m.alert
										}
									: { label: windowLabel(w.window), value: null };
							}),
							c.reference[k].lower_threshold,
							c.reference[k].upper_threshold,
							`estimated ${CBPE_LABELS[k] ?? k}`
						)
					)
					.join('')}</div>`
			: '';
	const rows: (string | number)[][] = [];
	for (const w of c.windows) {
		for (const k of metrics) {
			const m = w.metrics[k];
			rows.push(
				m.status === 'ok'
					? [
							windowLabel(w.window),
							CBPE_LABELS[k] ?? k,
							fmt(m.value),
							`${fmt(m.lower_band)} – ${fmt(m.upper_band)}`,
							`${fmt(m.lower_threshold)} – ${fmt(m.upper_threshold)}`,
							m.alert ? 'alert' : 'ok'
						]
					: [
							windowLabel(w.window),
							CBPE_LABELS[k] ?? k,
							'—',
							'—',
							'—',
							`not enough data: ${m.reason}`
						]
			);
		}
	}
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
${table(['window', 'metric', 'estimate', '± 3 SE band', 'thresholds', 'verdict'], rows)}`;
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

function advancedSection(a: AdvancedDrift | undefined): string {
	if (!a || (!a.multivariate && !a.cbpe && !(a.streaming && a.streaming.length))) return '';
	return `<h2>Advanced monitoring</h2>
${a.multivariate ? multivariateSection(a.multivariate) : ''}
${a.cbpe ? cbpeSection(a.cbpe) : ''}
${a.streaming && a.streaming.length ? streamingSection(a.streaming) : ''}`;
}

/**
 * Render a report as one self-contained HTML page: inline CSS and SVG charts, no scripts, no
 * external requests (a Content-Security-Policy of `default-src 'none'` says so to the browser),
 * every text from the report escaped.
 *
 * @example
 * const html = renderReportHtml(report);
 * html.startsWith('<!doctype html>'); // true
 */
export function renderReportHtml(report: Report): string {
	const d = report.dataset;
	const title = `Drift report ${report.current.name} vs ${report.reference.name}`;
	const perf = report.performance;
	const perfRows: [string, number | null][] = perf
		? perf.task === 'regression'
			? [
					['RMSE', perf.rmse],
					['MAE', perf.mae],
					['MAPE', perf.mape],
					['R²', perf.r2]
				]
			: [
					['accuracy', perf.accuracy],
					['precision', perf.precision],
					['recall', perf.recall],
					['F1', perf.f1],
					['ROC AUC', perf.roc_auc],
					['log loss', perf.log_loss]
				]
		: [];
	const p = report.proxy;
	return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>
body{font:14px/1.4 system-ui,sans-serif;margin:1.5rem;color:#222;max-width:72rem}
h1{font-size:1.4rem}h2{font-size:1.15rem;margin-top:2rem}h3{font-size:1rem;margin:.2rem 0}
table{border-collapse:collapse;margin:.5rem 0}td,th{border:1px solid #ddd;padding:.2rem .5rem;text-align:left}
.badge{font-size:.75rem;padding:.1rem .4rem;border-radius:.3rem;color:#fff}.drift{background:#c92a2a}.ok{background:#2b8a3e}.skip{background:#868e96}
.col{border-top:1px solid #eee;padding:.5rem 0}.charts{display:flex;flex-wrap:wrap;gap:1rem}figure{margin:0}figcaption{font-size:.75rem;color:#666}
.legend span{display:inline-block;width:.8rem;height:.8rem;margin:0 .3rem 0 1rem;vertical-align:middle}
</style></head><body>
<h1>${escapeHtml(title)}</h1>
<p>Report ${escapeHtml(report.id)} · ${escapeHtml(report.created_at)}${report.model ? ` · model ${escapeHtml(report.model.name)} ${escapeHtml(report.model.version)}` : ''}</p>
<p>Reference <b>${escapeHtml(report.reference.name)}</b> (${escapeHtml(report.reference.rows)} rows, sha256 <code>${escapeHtml(report.reference.sha256)}</code>) · current <b>${escapeHtml(report.current.name)}</b> (${escapeHtml(report.current.rows)} rows)</p>
<h2>Dataset drift: ${d.drifted ? '<span class="badge drift">drift</span>' : '<span class="badge ok">no drift</span>'}</h2>
<p>${escapeHtml(d.drifted_columns)} of ${escapeHtml(d.columns_tested)} columns drifted (${escapeHtml(pct(d.drift_share))}; threshold ${escapeHtml(pct(d.drift_share_threshold))}).</p>
<p class="legend"><span style="background:${REF}"></span>reference<span style="background:${CUR}"></span>current</p>
${table(
	['column', 'type', 'method', 'value', 'threshold', 'verdict'],
	report.columns.map((c) => [
		c.name,
		c.type,
		c.method,
		fmt(c.value),
		fmt(c.threshold),
		c.status === 'skipped' ? 'skipped' : c.drifted ? 'drift' : 'ok'
	])
)}
${report.prediction_drift ? `<h2>Prediction drift</h2>${columnSection(report.prediction_drift, report.prediction_drift.name)}` : ''}
${report.target_drift ? `<h2>Target drift</h2>${columnSection(report.target_drift, report.target_drift.name)}` : ''}
${
	perf
		? `<h2>Model performance (${escapeHtml(perf.task)}, ${escapeHtml(perf.rows)} rows)</h2>${table(
				['metric', 'value'],
				perfRows.map(([k, v]) => [k, fmt(v)])
			)}${
				perf.task === 'classification'
					? table(
							['', 'predicted 1', 'predicted 0'],
							[
								['actual 1', perf.confusion_matrix.tp, perf.confusion_matrix.fn],
								['actual 0', perf.confusion_matrix.fp, perf.confusion_matrix.tn]
							]
						)
					: ''
			}`
		: ''
}
${p ? `<h2>Model output (label-free)</h2>${table(['mean', 'std', 'p05', 'p25', 'p50', 'p75', 'p95', 'positive rate', 'entropy (10 bins)'], [[fmt(p.mean), fmt(p.std), fmt(p.quantiles.p05), fmt(p.quantiles.p25), fmt(p.quantiles.p50), fmt(p.quantiles.p75), fmt(p.quantiles.p95), pct(p.positive_rate), fmt(p.score_entropy)]])}` : ''}
${advancedSection(report.advanced)}
<h2>Data quality</h2>
${table(
	[
		'column',
		'missing (ref / cur)',
		'non-finite (cur)',
		'out of reference range',
		'new categories',
		'vanished categories',
		'notes'
	],
	report.quality.columns.map((q) => [
		q.name,
		`${pct(q.reference.missing_share)} / ${pct(q.current.missing_share)}`,
		pct(q.current.non_finite_share),
		q.out_of_range_share === undefined ? '—' : pct(q.out_of_range_share),
		(q.new_categories ?? []).join(', ') || '—',
		(q.vanished_categories ?? []).join(', ') || '—',
		q.notes.join('; ') || '—'
	])
)}
${report.quality.reference_only_columns.length ? `<p>Only in the reference: ${escapeHtml(report.quality.reference_only_columns.join(', '))}</p>` : ''}
${report.quality.current_only_columns.length ? `<p>Only in the current data: ${escapeHtml(report.quality.current_only_columns.join(', '))}</p>` : ''}
${report.quality.type_mismatch_columns.length ? `<p>Different types on the two sides: ${escapeHtml(report.quality.type_mismatch_columns.join(', '))}</p>` : ''}
<h2>Columns</h2>
${report.columns.map((c) => columnSection(c, c.name)).join('\n')}
</body></html>
`;
}
