import { describe, expect, it } from 'vitest';
import { reportSchema } from '../contracts/report';
import { classificationMetrics, proxyMetrics, regressionMetrics, rocAuc } from './performance';
import { buildProfile, mergeProfiles } from './profile';
import { buildReport } from './report';
import { renderReportHtml } from './report-html';
import { categoricalColumn, numericalColumn, type ColumnData } from './types';

const SHA = 'c'.repeat(64);

function lcg(seed: number) {
	let s = seed >>> 0;
	return () => {
		s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
		return s / 2 ** 32;
	};
}
function normals(n: number, seed: number, shift = 0) {
	const r = lcg(seed);
	return Float64Array.from(
		{ length: n },
		() => Math.sqrt(-2 * Math.log(r() || 1e-12)) * Math.cos(2 * Math.PI * r()) + shift
	);
}

function dataset(n: number, seed: number, shift: number): ColumnData[] {
	const r = lcg(seed + 100);
	const a = normals(n, seed, shift);
	const pred = a.map((v) => 1 / (1 + Math.exp(-v)));
	return [
		numericalColumn('a', a),
		numericalColumn('b', normals(n, seed + 1)),
		categoricalColumn(
			'color',
			Array.from({ length: n }, () =>
				r() < 0.5 + shift / 4 ? 'red' : r() < 0.5 ? 'blue' : 'green'
			)
		),
		numericalColumn('pred', pred),
		numericalColumn(
			'label',
			Float64Array.from(pred, (p) => (r() < p ? 1 : 0))
		)
	];
}

describe('buildReport', () => {
	const profile = buildProfile(dataset(2000, 1, 0), {
		name: 'train',
		sha256: SHA,
		createdAt: '2026-01-01T00:00:00Z'
	});

	it('produces a valid vigil.report/1 with dataset drift, columns, drift of prediction and target', () => {
		const report = buildReport({
			reference: profile,
			current: dataset(1500, 7, 1),
			currentName: 'shifted',
			prediction: 'pred',
			target: 'label',
			task: 'classification',
			model: { name: 'clf', version: '1' },
			additionalMethods: ['ks', 'psi', 'jensenshannon'],
			createdAt: '2026-02-01T00:00:00Z'
		});
		expect(() => reportSchema.parse(report)).not.toThrow();
		expect(report.columns.map((c) => [c.name, c.method])).toEqual([
			['a', 'wasserstein'],
			['b', 'wasserstein'],
			['color', 'jensenshannon']
		]);
		expect(report.columns[0].drifted).toBe(true);
		expect(report.columns[1].drifted).toBe(false);
		expect(report.dataset).toMatchObject({ columns_tested: 3, drift_share_threshold: 0.5 });
		expect(report.dataset.drifted).toBe(report.dataset.drift_share >= 0.5);
		expect(report.prediction_drift?.name).toBe('pred');
		expect(report.target_drift?.name).toBe('label');
		expect(report.performance?.task).toBe('classification');
		expect(report.proxy?.positive_rate).toBeGreaterThan(0.5);
		expect(report.columns[0].histogram?.reference.length).toBe(30);
		expect(report.columns[0].ecdf?.x.length).toBe(65);
		expect(report.columns[2].categories?.length).toBe(3);
		expect(report.reference.sha256).toBe(SHA);
		expect(report.columns[0].additional?.map((a) => a.method)).toEqual([
			'ks',
			'psi',
			'jensenshannon'
		]);
		expect(report.columns[2].additional?.[0]).toMatchObject({
			method: 'ks',
			error: expect.stringMatching(/categorical/)
		});
	});

	it('honours overrides and records bad input in the quality section instead of failing', () => {
		const cur: ColumnData[] = [
			numericalColumn('a', [NaN, NaN, Infinity]),
			numericalColumn('b', [5, 5, 5, 5]),
			categoricalColumn('color', ['red', 'purple', null]),
			numericalColumn('extra', [1, 2])
		];
		const report = buildReport({
			reference: profile,
			current: cur,
			currentName: 'bad',
			options: { perColumn: { b: { method: 'ks', threshold: 0.01 } }, driftShare: 0.9 }
		});
		expect(() => reportSchema.parse(report)).not.toThrow();
		const a = report.columns.find((c) => c.name === 'a')!;
		expect(a.status).toBe('skipped');
		expect(a.reason).toMatch(/no values/);
		const b = report.columns.find((c) => c.name === 'b')!;
		expect(b).toMatchObject({ method: 'ks', threshold: 0.01, status: 'tested', drifted: true });
		const qa = report.quality.columns.find((q) => q.name === 'a')!;
		expect(qa.current.missing_share).toBeCloseTo(2 / 3, 15);
		expect(qa.current.non_finite_share).toBeCloseTo(1 / 3, 15);
		const qb = report.quality.columns.find((q) => q.name === 'b')!;
		expect(qb.current.constant).toBe(true);
		expect(qb.out_of_range_share).toBe(1);
		const qc = report.quality.columns.find((q) => q.name === 'color')!;
		expect(qc.new_categories).toEqual(['purple']);
		expect(qc.vanished_categories).toEqual(['blue', 'green']);
		expect(report.quality.current_only_columns).toEqual(['extra']);
		expect(report.quality.reference_only_columns).toEqual(['pred', 'label']);
		expect(report.dataset.drift_share_threshold).toBe(0.9);
	});

	it('accepts merged current-window summaries (fleet) and gives the same drift as the raw rows', () => {
		const a = dataset(800, 11, 0.5);
		const b = dataset(700, 12, 0.5);
		const summary = (cols: ColumnData[], sha: string) =>
			buildProfile(cols, {
				name: 'window',
				sha256: sha.repeat(64),
				createdAt: '2026-02-01T00:00:00Z'
			});
		const fleet = mergeProfiles(summary(a, 'e'), summary(b, 'f'), { name: 'fleet' });
		const joined: ColumnData[] = a.map((col, i) => {
			const other = b[i];
			if (col.type === 'numerical' && other.type === 'numerical') {
				const v = new Float64Array(col.values.length + other.values.length);
				v.set(col.values);
				v.set(other.values, col.values.length);
				return numericalColumn(col.name, v);
			}
			const names = (c: ColumnData) =>
				c.type === 'categorical'
					? Array.from(c.codes, (k) => (k < 0 ? null : c.categories[k]))
					: [];
			return categoricalColumn(col.name, [...names(col), ...names(other)]);
		});
		const fromSummary = buildReport({ reference: profile, current: fleet, currentName: 'fleet' });
		const fromRows = buildReport({ reference: profile, current: joined, currentName: 'fleet' });
		expect(() => reportSchema.parse(fromSummary)).not.toThrow();
		expect(fromSummary.columns.map((c) => [c.name, c.method, c.value])).toEqual(
			fromRows.columns.map((c) => [c.name, c.method, c.value])
		);
		expect(fromSummary.quality.columns).toEqual(fromRows.quality.columns);
		expect(fromSummary.performance).toBeUndefined();
	});

	it('records a column whose type differs between the sides', () => {
		const report = buildReport({
			reference: profile,
			current: [categoricalColumn('a', ['x'])],
			currentName: 'c'
		});
		expect(report.quality.type_mismatch_columns).toEqual(['a']);
		expect(report.columns).toEqual([]);
		expect(report.dataset).toMatchObject({ drifted: false, columns_tested: 0 });
	});
});

describe('performance and proxy metrics (hand-computed)', () => {
	it('regression: errors 0, 1, −2 on labels 1, 2, 4', () => {
		const m = regressionMetrics(new Float64Array([1, 2, 4]), new Float64Array([1, 3, 2]));
		// RMSE √(5/3), MAE 1, MAPE (0 + 1/2 + 1/2)/3, R² 1 − 5/(14/3)
		expect(m).toMatchObject({ task: 'regression', rows: 3, mae: 1 });
		if (m.task !== 'regression') throw new Error('task');
		expect(m.rmse).toBeCloseTo(Math.sqrt(5 / 3), 14);
		expect(m.mape).toBeCloseTo(1 / 3, 14);
		expect(m.r2).toBeCloseTo(1 - 5 / (14 / 3), 14);
	});
	it('classification: confusion matrix, AUC with ties, log loss', () => {
		const y = new Float64Array([0, 0, 1, 1]);
		const s = new Float64Array([0.1, 0.6, 0.6, 0.9]);
		const m = classificationMetrics(y, s);
		expect(m).toMatchObject({
			accuracy: 0.75,
			precision: 2 / 3,
			recall: 1,
			confusion_matrix: { tp: 2, fp: 1, tn: 1, fn: 0 }
		});
		// Pairs (pos, neg): (0.6,0.1)=1, (0.6,0.6)=½, (0.9,·)=1+1 → 3.5/4
		expect(rocAuc(new Uint8Array([0, 0, 1, 1]), s)).toBe(0.875);
		expect(m.task === 'classification' && m.log_loss).toBeCloseTo(
			-(Math.log(0.9) + Math.log(0.4) + Math.log(0.6) + Math.log(0.9)) / 4,
			14
		);
		expect(() => classificationMetrics(new Float64Array([2]), new Float64Array([0.5]))).toThrow(
			/0 or 1/
		);
	});
	it('proxy: quantiles, positive rate and entropy', () => {
		const p = proxyMetrics(new Float64Array([0.05, 0.15, 0.55, 0.95, NaN]), true);
		expect(p.rows).toBe(4);
		expect(p.positive_rate).toBe(0.5);
		expect(p.quantiles.p50).toBeCloseTo(0.35, 15);
		expect(p.score_entropy).toBeCloseTo(Math.log(4), 15);
	});
});

describe('renderReportHtml', () => {
	it('is self-contained, script-free and escapes hostile names', () => {
		const evil = '<script>alert("x")</script>\'"';
		const ref = buildProfile(
			[
				numericalColumn(evil, normals(300, 3)),
				categoricalColumn(
					'c',
					Array.from({ length: 300 }, (_, i) => (i % 2 ? evil : '<u>'))
				)
			],
			{ name: '<img src=x onerror=alert(1)>', sha256: SHA }
		);
		const report = buildReport({
			reference: ref,
			current: [
				numericalColumn(evil, normals(200, 4, 1)),
				categoricalColumn(
					'c',
					Array.from({ length: 200 }, () => evil)
				)
			],
			currentName: '"quoted" & <i>',
			createdAt: '2026-02-01T00:00:00Z'
		});
		const html = renderReportHtml(report);
		expect(html.startsWith('<!doctype html>')).toBe(true);
		expect(html).not.toMatch(/<script/i);
		expect(html).not.toContain('<img');
		expect(html).not.toContain('<u>');
		expect(html).toContain('&lt;u&gt;');
		expect(html).not.toContain('<i>');
		expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
		expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&#39;&quot;');
		expect(html).not.toMatch(/(src|href)\s*=\s*["']?(https?:)?\/\//i);
		expect(html).toContain("default-src 'none'");
		expect(html).toContain('<svg');
	});
});
