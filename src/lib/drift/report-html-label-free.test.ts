import { describe, expect, it } from 'vitest';
import { reportSchema } from '../contracts/report';
import { fitDle } from './advanced/dle';
import { dleResult } from './advanced/dle-schema';
import { seededRandom } from './advanced/random';
import { buildProfile } from './profile';
import { buildReport } from './report';
import { renderReportHtml } from './report-html';
import { categoricalColumn, numericalColumn } from './types';

const EVIL = '<img src=x onerror=alert(1)>';

function regression(n: number, seed: number, scale = 1) {
	const rng = seededRandom(seed);
	const x = Float64Array.from({ length: n }, () => rng.uniform() * scale);
	const predictions = Float64Array.from(x, (v) => 3 * v);
	const targets = Float64Array.from(x, (v) => 3 * v + v * rng.normal());
	return { columns: [numericalColumn(EVIL, x)], predictions, targets };
}

describe('HTML report: DLE and multiclass performance', () => {
	it('draws the DLE estimates per window with bands, thresholds and a not-enough-data window', () => {
		const ref = regression(2000, 1);
		const model = fitDle(
			{ features: ref.columns, predictions: ref.predictions, targets: ref.targets },
			{ chunkSize: 100 }
		);
		const windows = [regression(500, 2), regression(500, 3, 3), regression(10, 4)].map((w, i) => ({
			window: {
				index: i,
				start: i * 500,
				end: i * 500 + w.predictions.length,
				label: i === 1 ? EVIL : undefined
			},
			columns: w.columns,
			predictions: w.predictions
		}));
		const dle = dleResult(model, windows);
		expect(dle.windows[1].metrics.rmse).toMatchObject({ status: 'ok', alert: true });
		expect(dle.windows[2].metrics.mae.status).toBe('not_enough_data');
		const profile = buildProfile(ref.columns, { name: 'ref', sha256: 'a'.repeat(64) });
		const report = buildReport({
			reference: profile,
			current: windows[0].columns,
			currentName: 'cur',
			advanced: { dle }
		});
		expect(reportSchema.parse(report).advanced?.dle?.schema).toBe('vigil.dle/1');
		const html = renderReportHtml(report);
		expect(html).toContain('Estimated regression error without labels (DLE)');
		expect(html).toContain('aria-label="estimated RMSE"');
		expect(html).toContain('not enough data: window has 10 rows');
		expect(html).not.toContain(EVIL);
		expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
	});

	it('shows multiclass metrics by label and the confusion matrix, class names escaped', () => {
		const classes = ['clear', 'mist', EVIL];
		const y = categoricalColumn('weather', ['clear', 'mist', EVIL, 'clear']);
		const x = numericalColumn('hum', Float64Array.of(0.2, 0.6, 0.9, 0.3));
		const probabilities = Float64Array.of(
			0.8,
			0.1,
			0.1,
			0.2,
			0.5,
			0.3,
			0.1,
			0.2,
			0.7,
			0.3,
			0.6,
			0.1
		);
		const profile = buildProfile([x], { name: 'ref', sha256: 'b'.repeat(64) });
		const report = buildReport({
			reference: profile,
			current: [x, y],
			currentName: 'cur',
			target: 'weather',
			task: 'multiclass',
			multiclass: { classes, probabilities }
		});
		const perf = reportSchema.parse(report).performance;
		if (perf?.task !== 'multiclass') throw new Error('no multiclass performance');
		expect(perf.confusion_matrix).toEqual([
			[1, 1, 0],
			[0, 1, 0],
			[0, 0, 1]
		]);
		expect(perf.accuracy).toBeCloseTo(0.75, 12);
		const html = renderReportHtml(report);
		expect(html).toContain('Model performance (multiclass, 4 rows)');
		expect(html).toContain('macro average');
		expect(html).toContain('Confusion matrix');
		expect(html).not.toContain(EVIL);
	});

	it('names a label that is not a class of the model', () => {
		const x = numericalColumn('hum', Float64Array.of(0.2));
		const profile = buildProfile([x], { name: 'ref', sha256: 'c'.repeat(64) });
		expect(() =>
			buildReport({
				reference: profile,
				current: [x, categoricalColumn('weather', ['fog'])],
				currentName: 'cur',
				target: 'weather',
				task: 'multiclass',
				multiclass: { classes: ['clear', 'mist'], probabilities: Float64Array.of(0.5, 0.5) }
			})
		).toThrow(/column "weather", row 0: class "fog" is not a class of the model \(clear, mist\)/);
	});
});
