import type { Report } from '../../src/lib/contracts/report';

/** A number for people: 4 significant digits, exponent form when tiny. */
export function fmt(x: number | null | undefined): string {
	if (x === null || x === undefined) return 'n/a';
	return x !== 0 && Math.abs(x) < 1e-3 ? x.toExponential(2) : String(Number(x.toPrecision(4)));
}

/**
 * The human lines of the checks and segments of a report (empty when it has none).
 *
 * @example
 * ctx.stdout(summarizeChecks(report).join('\n'));
 */
export function summarizeChecks(report: Report): string[] {
	const lines: string[] = [];
	const d = report.advanced?.domain_classifier?.windows[0]?.result;
	if (d?.status === 'ok') {
		const top = d.attributions
			.filter((a) => a.share > 0)
			.slice(0, 3)
			.map((a) => `${a.column} ${Math.round(a.share * 100)} %`)
			.join(', ');
		lines.push(
			`domain classifier: ${d.drifted ? 'DRIFT' : 'no drift'} (held-out AUC ${fmt(d.auc)}, permutation p ${fmt(d.pvalue)}, ${d.rows_per_side} rows per side)${top ? `; separated by ${top}` : ''}`
		);
	} else if (d) lines.push(`domain classifier: not run (${d.reason})`);
	const c = report.correlation;
	if (c) {
		const l = c.largest;
		lines.push(
			`correlation: ${c.drifted ? `DRIFT in ${c.drifted_pairs} of ${c.pairs_tested} pairs` : `no drift in ${c.pairs_tested} pairs`}${l ? `; largest change ${l.a}–${l.b} ${fmt(l.reference)} → ${fmt(l.current)} (p ${fmt(l.pvalue)})` : ''}`
		);
	}
	const q = report.quality_suite;
	if (q) {
		lines.push(
			`quality suite: ${q.failed} failed, ${q.warned} warned, ${q.passed} passed${q.skipped ? `, ${q.skipped} skipped` : ''}`
		);
		for (const k of q.checks.filter((x) => x.status === 'warn' || x.status === 'fail'))
			lines.push(
				`  ${k.status.toUpperCase()} ${k.check}${k.column ? ` ${k.column}` : ''}: ${k.message}`
			);
	}
	const s = report.segments;
	if (s) {
		const drifted = s.segments.filter((x) => x.dataset_drifted).length;
		lines.push(
			`segments by ${s.column}: ${s.segments.length} tested, ${drifted} with dataset drift; most different first:`
		);
		for (const x of s.segments.slice(0, 5))
			lines.push(
				`  ${x.rank}. ${x.value ?? '(missing)'}: score ${fmt(x.score)}, ${x.drifted_columns} of ${x.columns_tested} columns drifted, ${x.rows} rows${x.top_columns.length ? ` (${x.top_columns.join(', ')})` : ''}`
			);
		if (s.message) lines.push(`  note: ${s.message}`);
	}
	return lines;
}
