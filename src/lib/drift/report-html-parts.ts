// Shared pieces of the self-contained HTML report: escaping, number formats, tables and the
// series chart every windowed method draws.

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

/** A number for people: 4 significant digits, exponent form outside [1e-3, 1e6). */
export function fmt(x: number | null | undefined): string {
	if (x === null || x === undefined) return '—';
	if (x === 0) return '0';
	const a = Math.abs(x);
	return a >= 1e-3 && a < 1e6 ? x.toPrecision(4).replace(/\.?0+$/, '') : x.toExponential(3);
}
/** A share as a percentage with one decimal. */
export const pct = (x: number | null | undefined) =>
	x === null || x === undefined ? '—' : `${(x * 100).toFixed(1)}%`;

/** Colours of the reference and the current data in every chart. */
export const REF = '#4c6ef5';
export const CUR = '#f08c00';

/** An HTML table, every cell escaped. */
export function table(head: string[], rows: (string | number | null | undefined)[][]): string {
	return `<table><thead><tr>${head.map((h) => `<th>${escapeHtml(h)}</th>`).join('')}</tr></thead><tbody>${rows
		.map((r) => `<tr>${r.map((v) => `<td>${escapeHtml(v ?? '—')}</td>`).join('')}</tr>`)
		.join('')}</tbody></table>`;
}

export interface SeriesPoint {
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
export function seriesSvg(
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

/** A red `alert` or green `ok` badge. */
export const alertBadge = (alert: boolean) =>
	alert ? '<span class="badge drift">alert</span>' : '<span class="badge ok">ok</span>';

/** A window's label, or its index and rows. */
export function windowLabel(w: {
	index: number;
	start: number;
	end: number;
	label?: string;
}): string {
	return w.label ?? `#${w.index} rows ${w.start}–${w.end}`;
}

/** One metric of one window as the label-free estimators report it. */
export type EstimateCell =
	| {
			status: 'ok';
			value: number;
			lower_band: number;
			upper_band: number;
			lower_threshold: number;
			upper_threshold: number;
			alert: boolean;
	  }
	| { status: 'not_enough_data'; reason: string };

/** Windows of per-metric estimates (CBPE, multiclass CBPE, DLE). */
export type EstimatedWindows<K extends string> = {
	window: { index: number; start: number; end: number; label?: string };
	n: number;
	metrics: Record<K, EstimateCell>;
}[];

/**
 * Whether any window's estimate of any metric alerts.
 *
 * @example
 * anyEstimateAlert(result.windows, ['rmse', 'mae']); // true
 */
export function anyEstimateAlert<K extends string>(
	windows: EstimatedWindows<K>,
	metrics: readonly K[]
): boolean {
	return windows.some((w) =>
		metrics.some((k) => {
			const m = w.metrics[k];
			return m.status === 'ok' && m.alert;
		})
	);
}

/**
 * One chart per metric of its estimate over the windows with the ± 3 SE band and the reference
 * thresholds (nothing for a single window).
 *
 * @example
 * estimateCharts(result.windows, ['rmse'], result.reference, { rmse: 'RMSE' });
 */
export function estimateCharts<K extends string>(
	windows: EstimatedWindows<K>,
	metrics: readonly K[],
	reference: Record<K, { lower_threshold: number; upper_threshold: number }>,
	labels: Partial<Record<K, string>>
): string {
	if (windows.length < 2) return '';
	return `<div class="charts">${metrics
		.map((k) =>
			seriesSvg(
				windows.map((w) => {
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
				reference[k].lower_threshold,
				reference[k].upper_threshold,
				`estimated ${labels[k] ?? k}`
			)
		)
		.join('')}</div>`;
}

/**
 * The table of estimates: one row per window and metric with its band, thresholds and verdict,
 * or why there is no estimate.
 *
 * @example
 * estimateTable(result.windows, ['rmse', 'mae'], { rmse: 'RMSE', mae: 'MAE' });
 */
export function estimateTable<K extends string>(
	windows: EstimatedWindows<K>,
	metrics: readonly K[],
	labels: Partial<Record<K, string>>
): string {
	const rows: (string | number)[][] = [];
	for (const w of windows)
		for (const k of metrics) {
			const m = w.metrics[k];
			const head = [windowLabel(w.window), w.n, labels[k] ?? k];
			rows.push(
				m.status === 'ok'
					? [
							...head,
							fmt(m.value),
							`${fmt(m.lower_band)} – ${fmt(m.upper_band)}`,
							`${fmt(m.lower_threshold)} – ${fmt(m.upper_threshold)}`,
							m.alert ? 'alert' : 'ok'
						]
					: [...head, '—', '—', '—', `not enough data: ${m.reason}`]
			);
		}
	return table(
		['window', 'rows', 'metric', 'estimate', '± 3 SE band', 'thresholds', 'verdict'],
		rows
	);
}
