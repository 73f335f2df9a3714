import { describe, expect, it } from 'vitest';
import { reportSchema } from '../contracts/report';
import { fitChecksReference, runChecks } from './advanced/checks-reference';
import { seededRandom } from './advanced/random';
import { buildProfile } from './profile';
import { buildReport } from './report';
import { renderReportHtml } from './report-html';
import { segmentReports } from './segments';
import { categoricalColumn, type ColumnData } from './types';

function side(n: number, seed: number, shift: number): ColumnData[] {
	const rng = seededRandom(seed);
	return [
		{
			name: 'a',
			type: 'numerical',
			values: Float64Array.from({ length: n }, () => rng.normal() + shift)
		},
		{ name: 'b', type: 'numerical', values: Float64Array.from({ length: n }, () => rng.normal()) }
	];
}

describe('the HTML report of the checks', () => {
	it('shows the domain classifier, correlation, quality suite and segments, escaped', () => {
		const ref = side(1000, 1, 0);
		const cur = side(400, 2, 1);
		const input = {
			reference: buildProfile(ref, { name: 'ref', sha256: '0'.repeat(64) }),
			current: cur,
			currentName: 'now'
		};
		const report = buildReport(input);
		const blocks = runChecks(fitChecksReference(ref), cur, { index: 0, start: 0, end: 400 });
		report.correlation = blocks.correlation;
		report.quality_suite = blocks.quality_suite;
		report.advanced = { domain_classifier: blocks.domain_classifier };
		report.segments = segmentReports(
			input,
			categoricalColumn(
				'<site>',
				Array.from({ length: 400 }, (_, i) => (i < 200 ? '<a>' : 'b'))
			)
		);
		reportSchema.parse(report);
		const html = renderReportHtml(report);
		expect(html).toContain(
			'Which columns drive the drift (domain classifier) <span class="badge drift">alert</span>'
		);
		expect(html).toMatch(/<td>drift<\/td><td>a \d+(\.\d+)?%/);
		expect(html).toContain('<h2>Correlation drift <span class="badge ok">ok</span></h2>');
		expect(html).toContain('<h2>Data-quality suite');
		expect(html).toContain('<h2>Segments by &lt;site&gt;</h2>');
		expect(html).toContain('&lt;a&gt;');
		expect(html).not.toContain('<a>');
	});

	it('adds nothing to a report without the blocks', () => {
		const ref = side(200, 1, 0);
		const html = renderReportHtml(
			buildReport({
				reference: buildProfile(ref, { name: 'r', sha256: '0'.repeat(64) }),
				current: ref,
				currentName: 'c'
			})
		);
		expect(html).not.toContain('domain classifier');
		expect(html).not.toContain('Correlation drift');
		expect(html).not.toContain('Segments by');
	});
});
