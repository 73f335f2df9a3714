import type { ColumnDrift, Report } from '../contracts/report';
import { advancedSection } from './report-html-advanced';
import { checksSections } from './report-html-checks';
import { performanceSection } from './report-html-performance';
import { CUR, escapeHtml, fmt, pct, REF, table } from './report-html-parts';

export { escapeHtml } from './report-html-parts';

const W = 320;
const H = 120;

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
${perf ? performanceSection(perf) : ''}
${p ? `<h2>Model output (label-free)</h2>${table(['mean', 'std', 'p05', 'p25', 'p50', 'p75', 'p95', 'positive rate', 'entropy (10 bins)'], [[fmt(p.mean), fmt(p.std), fmt(p.quantiles.p05), fmt(p.quantiles.p25), fmt(p.quantiles.p50), fmt(p.quantiles.p75), fmt(p.quantiles.p95), pct(p.positive_rate), fmt(p.score_entropy)]])}` : ''}
${advancedSection(report.advanced)}
${checksSections(report)}
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
