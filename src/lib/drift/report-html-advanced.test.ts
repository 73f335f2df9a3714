import { describe, expect, it } from 'vitest';
import { reportSchema } from '../contracts/report';
import { fitCbpe } from './advanced/cbpe';
import { fitPcaReconstruction } from './advanced/pca-reconstruction';
import { seededRandom } from './advanced/random';
import {
	cbpeResult,
	createDetector,
	multivariateDriftResult,
	runStreamingDetector
} from './advanced/schemas';
import { buildProfile } from './profile';
import { buildReport } from './report';
import { renderReportHtml } from './report-html';
import { categoricalColumn, numericalColumn, type ColumnData } from './types';

const EVIL = '<script>alert("x")</script>';

function correlated(n: number, seed: number, rho: number): ColumnData[] {
	const rng = seededRandom(seed);
	const a = new Float64Array(n);
	const b = new Float64Array(n);
	for (let i = 0; i < n; i++) {
		a[i] = rng.normal();
		b[i] = rho * a[i] + Math.sqrt(1 - rho * rho) * rng.normal();
	}
	return [
		numericalColumn(EVIL, a),
		numericalColumn('b', b),
		categoricalColumn(
			'c',
			Array.from({ length: n }, (_, i) => (i % 3 ? 'x' : '<u>'))
		)
	];
}

function scored(n: number, seed: number) {
	const rng = seededRandom(seed);
	const s = new Float64Array(n);
	const y = new Uint8Array(n);
	for (let i = 0; i < n; i++) {
		s[i] = rng.uniform();
		y[i] = rng.uniform() < s[i] ? 1 : 0;
	}
	return { s, y };
}

function advancedReport() {
	const refCols = correlated(4000, 1, 0.9);
	const pca = fitPcaReconstruction(refCols, { chunkSize: 500 });
	// Window 0 keeps the correlation, window 1 breaks it (same marginals), window 2 is too small.
	const windows = [
		{ window: { index: 0, start: 0, end: 1000 }, columns: correlated(1000, 2, 0.9) },
		{ window: { index: 1, start: 1000, end: 2000 }, columns: correlated(1000, 3, -0.9) },
		{ window: { index: 2, start: 2000, end: 2010, label: EVIL }, columns: correlated(10, 4, 0.9) }
	];
	const multivariate = multivariateDriftResult(pca, windows);
	const ref = scored(3000, 5);
	const cbpeModel = fitCbpe(ref.s, ref.y);
	const cbpe = cbpeResult(cbpeModel, [
		{ window: { index: 0, start: 0, end: 1000 }, scores: scored(1000, 6).s },
		{
			window: { index: 1, start: 1000, end: 2000 },
			scores: scored(1000, 7).s.map((v) => v * 0.2)
		}
	]);
	const stream = Float64Array.from({ length: 2000 }, (_, i) => (i < 1000 ? 0.2 : 0.8));
	const streaming = [
		runStreamingDetector(createDetector('page-hinkley'), stream, 'prediction'),
		runStreamingDetector(createDetector('adwin'), stream, EVIL)
	];
	const report = buildReport({
		reference: buildProfile(refCols, { name: 'ref', sha256: 'c'.repeat(64) }),
		current: correlated(1000, 3, -0.9),
		currentName: 'cur',
		createdAt: '2026-02-01T00:00:00Z'
	});
	return reportSchema.parse({ ...report, advanced: { multivariate, cbpe, streaming } });
}

describe('renderReportHtml: advanced block', () => {
	it('renders multivariate, CBPE and streaming results with charts, escaped, script-free', () => {
		const report = advancedReport();
		const a = report.advanced!;
		expect(a.multivariate!.windows[1].result).toMatchObject({ status: 'ok', alert: true });
		expect(a.multivariate!.windows[2].result.status).toBe('not_enough_data');
		expect(a.streaming![0].drifts).toBeGreaterThan(0);
		const html = renderReportHtml(report);
		expect(html).toContain('<h2>Advanced monitoring</h2>');
		expect(html).toContain('Multivariate drift (PCA reconstruction error)');
		expect(html).toContain('aria-label="mean reconstruction error"');
		expect(html).toContain('Estimated performance without labels (CBPE)');
		expect(html).toContain('aria-label="estimated ROC AUC"');
		expect(html).toContain('± 3 SE band');
		expect(html).toContain('Streaming detectors');
		expect(html).toContain('not enough data');
		// Reference thresholds and the drifted window's mean error appear as numbers.
		const w1 = a.multivariate!.windows[1].result;
		if (w1.status !== 'ok') throw new Error('window 1 should be ok');
		expect(html).toContain(`>${Number(w1.mean_error.toPrecision(4))}<`);
		// The alerting CBPE window is marked, and the band polygon is drawn.
		expect(html).toMatch(/<polygon [^>]*points="/);
		expect(html).toContain('fill="#c92a2a"');
		expect(html).not.toMatch(/<script/i);
		expect(html).not.toContain('<u>');
		expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
	});

	it('renders nothing extra without an advanced block', () => {
		const report = advancedReport();
		const html = renderReportHtml({ ...report, advanced: undefined });
		expect(html).not.toContain('Advanced monitoring');
		expect(html).not.toContain('CBPE');
	});

	it('draws no chart for a single window but still lists it', () => {
		const report = advancedReport();
		const m = report.advanced!.multivariate!;
		const html = renderReportHtml({
			...report,
			advanced: { multivariate: { ...m, windows: m.windows.slice(0, 1) } }
		});
		expect(html).toContain('Multivariate drift');
		expect(html).not.toContain('aria-label="mean reconstruction error"');
		expect(html).not.toContain('Streaming detectors');
	});
});
