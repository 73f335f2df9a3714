import type { Report } from '../contracts/report';
import type { DomainClassifierReport } from './advanced/domain-classifier-schema';
import { alertBadge, escapeHtml, fmt, pct, table, windowLabel } from './report-html-parts';

// The HTML report's sections of the checks: domain classifier (inside "Advanced monitoring"),
// correlation drift, the data-quality suite and segments.

const BAR_W = 240;

function attributionSvg(rows: { column: string; share: number }[]): string {
	const shown = rows.filter((r) => r.share > 0).slice(0, 10);
	if (!shown.length) return '';
	const h = 16;
	const label = 140;
	const body = shown
		.map(
			(r, i) =>
				`<text x="0" y="${i * h + 11}" font-size="10">${escapeHtml(r.column.length > 24 ? `${r.column.slice(0, 23)}…` : r.column)}</text><rect x="${label}" y="${i * h + 3}" width="${(r.share * BAR_W).toFixed(2)}" height="10" fill="#c92a2a"/><text x="${label + r.share * BAR_W + 4}" y="${i * h + 11}" font-size="10">${escapeHtml(pct(r.share))}</text>`
		)
		.join('');
	const W = label + BAR_W + 50;
	return `<figure><svg viewBox="0 0 ${W} ${shown.length * h}" width="${W}" height="${shown.length * h}" role="img" aria-label="which columns separate current from reference">${body}</svg><figcaption>share of the separation lost when the column is shuffled</figcaption></figure>`;
}

/**
 * The domain classifier's part of the advanced section.
 *
 * @example
 * domainClassifierSection(report.advanced.domain_classifier);
 */
export function domainClassifierSection(d: DomainClassifierReport): string {
	const ok = d.windows.filter((w) => w.result.status === 'ok');
	const alerted = ok.some((w) => w.result.status === 'ok' && w.result.drifted);
	const last = ok.at(-1)?.result;
	return `<h3>Which columns drive the drift (domain classifier) ${alertBadge(alerted)}</h3>
<p>Gradient-boosted trees learn to tell current rows from reference rows in ${escapeHtml(d.folds)}-fold cross-validation (at most ${escapeHtml(d.max_rows_per_side)} rows drawn from each side); drift when the held-out ROC AUC is at least ${escapeHtml(fmt(d.threshold))} and its permutation p-value (${escapeHtml(d.permutations)} permutations) at most ${escapeHtml(fmt(d.alpha))}. AUC ½: the sides cannot be told apart; 1: completely.</p>
${table(
	[
		'window',
		'rows per side',
		'held-out AUC',
		'99 % of chance below',
		'p-value',
		'verdict',
		'separated by'
	],
	d.windows.map((w) =>
		w.result.status === 'ok'
			? [
					windowLabel(w.window),
					w.result.rows_per_side,
					fmt(w.result.auc),
					fmt(w.result.null_quantile),
					fmt(w.result.pvalue),
					w.result.drifted ? 'drift' : 'ok',
					w.result.attributions
						.filter((a) => a.share > 0)
						.slice(0, 3)
						.map((a) => `${a.column} ${pct(a.share)}`)
						.join(', ') || '—'
				]
			: [windowLabel(w.window), '—', '—', '—', '—', 'not run', w.result.reason]
	)
)}
${last && last.status === 'ok' ? attributionSvg(last.attributions) : ''}`;
}

function correlationSection(c: NonNullable<Report['correlation']>): string {
	return `<h2>Correlation drift ${alertBadge(c.drifted)}</h2>
<p>Pearson correlation of every pair of numerical columns, reference against current, Fisher's z test; a pair drifts when p &lt; ${escapeHtml(fmt(c.alpha))} / ${escapeHtml(c.pairs_tested)} pairs (Bonferroni) and |Δr| ≥ ${escapeHtml(fmt(c.min_delta))}. ${escapeHtml(c.drifted_pairs)} of ${escapeHtml(c.pairs_tested)} pairs drifted.</p>
${
	c.pairs.length
		? table(
				['columns', 'r reference', 'r current', 'Δr', 'p-value', 'verdict'],
				c.pairs.map((p) => [
					`${p.a} – ${p.b}`,
					fmt(p.reference),
					fmt(p.current),
					fmt(p.delta),
					fmt(p.pvalue),
					p.drifted ? 'drift' : 'ok'
				])
			)
		: ''
}
${c.excluded.length ? `<p>Left out: ${escapeHtml(c.excluded.map((e) => `${e.column} (${e.reason})`).join(', '))}</p>` : ''}`;
}

function qualitySuiteSection(q: NonNullable<Report['quality_suite']>): string {
	const badge = q.failed
		? '<span class="badge drift">fail</span>'
		: q.warned
			? '<span class="badge skip">warn</span>'
			: '<span class="badge ok">pass</span>';
	const order = { fail: 0, warn: 1, skipped: 2, pass: 3 };
	return `<h2>Data-quality suite ${badge}</h2>
<p>${escapeHtml(q.failed)} failed, ${escapeHtml(q.warned)} warned, ${escapeHtml(q.passed)} passed, ${escapeHtml(q.skipped)} skipped; conditions derived from the reference.${q.missing_columns.length ? ` Not in the current data: ${escapeHtml(q.missing_columns.join(', '))}.` : ''}</p>
${table(
	['status', 'check', 'column', 'value', 'condition', 'severity', 'detail'],
	[...q.checks]
		.sort((a, b) => order[a.status] - order[b.status])
		.map((c) => [
			c.status,
			c.check,
			c.column ?? '—',
			fmt(c.value),
			c.condition,
			c.severity,
			c.message
		])
)}`;
}

function segmentsSection(s: NonNullable<Report['segments']>): string {
	return `<h2>Segments by ${escapeHtml(s.column)}</h2>
<p>Each segment against the whole reference, most different first (score: mean over columns of how far each is past its threshold). ${escapeHtml(s.segments.length)} of ${escapeHtml(s.segments_total)} segments tested.${s.message ? ` ${escapeHtml(s.message)}.` : ''}</p>
${table(
	[
		'rank',
		s.column,
		'rows',
		'score',
		'drifted columns',
		'drift share',
		'dataset drift',
		'most different columns',
		'performance'
	],
	s.segments.map((x) => [
		x.rank,
		x.value ?? '(missing)',
		x.rows,
		fmt(x.score),
		`${x.drifted_columns} of ${x.columns_tested}`,
		pct(x.drift_share),
		x.dataset_drifted ? 'drift' : 'ok',
		x.top_columns.join(', ') || '—',
		x.performance
			? Object.entries(x.performance)
					.filter(([k, v]) => typeof v === 'number' && k !== 'rows')
					.slice(0, 3)
					.map(([k, v]) => `${k} ${fmt(v as number)}`)
					.join(', ')
			: '—'
	])
)}`;
}

/**
 * The correlation, quality-suite and segment sections of the HTML report (empty for a report
 * without them).
 *
 * @example
 * checksSections(report); // '<h2>Correlation drift …'
 */
export function checksSections(report: Report): string {
	return [
		report.correlation ? correlationSection(report.correlation) : '',
		report.quality_suite ? qualitySuiteSection(report.quality_suite) : '',
		report.segments ? segmentsSection(report.segments) : ''
	].join('\n');
}
