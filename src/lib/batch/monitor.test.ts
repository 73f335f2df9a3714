import { describe, expect, it } from 'vitest';
import { BatchMonitor } from './monitor';
import { buildBatchReference } from './reference';
import { SYNTHETIC_VARIABLES, syntheticBatches } from './testing/synthetic';
import type { BatchSeries } from './split';

const batches = syntheticBatches(12, { seed: 7 });
const ref = buildBatchReference({
	name: 'golden',
	batchColumn: 'batch',
	timeColumn: 'time',
	variables: SYNTHETIC_VARIABLES,
	batches: batches.slice(0, 8),
	sources: [{ sha256: 'ab'.repeat(32), rows: 1, batches: [] }],
	options: { createdAt: '2026-01-01T00:00:00Z' }
});

function monitor(b: BatchSeries, change?: (j: number, t: number, x: number) => number) {
	const m = new BatchMonitor(ref, b.id);
	for (let r = 0; r < b.time.length; r++)
		m.push(
			b.time[r],
			b.values.map((v, j) => (change ? change(j, b.time[r], v[r]) : v[r]))
		);
	return m;
}

describe('BatchMonitor', () => {
	it('keeps new normal batches quiet', () => {
		for (const b of batches.slice(8)) expect(monitor(b).summary().verdict).toBe('normal');
	});

	it('raises the alarm on a sensor bias and ranks that sensor first', () => {
		const b = batches[9];
		// +8 reference scales on the substrate sensor from 20 h on
		const m = monitor(b, (j, t, x) =>
			j === 2 && t >= 20
				? x + 8 * ref.scale[Math.round((t - ref.grid.start) / ref.grid.step) * 5 + 2]
				: x
		);
		const s = m.summary();
		expect(s.alarm).toBe(true);
		expect(s.firstAlarmTime).toBeGreaterThanOrEqual(20);
		expect(s.contributions[0].variable).toBe('substrate');
		expect(s.verdict).toBe('abnormal');
	});

	it('gives contributions that add up to T² and SPE', () => {
		const m = monitor(batches[10]);
		const i = 30;
		const c = m.contributionsAt(i);
		const r = m.rows[i];
		expect(c.reduce((s, x) => s + x.t2, 0)).toBeCloseTo(r.t2!, 9);
		expect(c.reduce((s, x) => s + x.spe, 0)).toBeCloseTo(r.spe!, 9);
		for (let k = 1; k < c.length; k++)
			expect(c[k - 1].contribution).toBeGreaterThanOrEqual(c[k].contribution);
	});

	it('marks rows past the reference’s last batch time instead of scoring them', () => {
		const b = batches[11];
		const m = new BatchMonitor(ref, 'long');
		const end = ref.grid.start + (ref.grid.length - 1) * ref.grid.step;
		for (let r = 0; r < b.time.length; r++)
			m.push(
				b.time[r],
				b.values.map((v) => v[r])
			);
		m.push(
			end + 5,
			b.values.map((v) => v[v.length - 1])
		);
		const last = m.rows[m.rows.length - 1];
		expect(last.status).toBe('beyond_reference');
		expect(last.alarm).toBe(false);
		expect(m.summary().beyondReference).toBeGreaterThanOrEqual(1);
	});

	it('scores NaN values as on the trajectory and skips rows with too few values', () => {
		const m = new BatchMonitor(ref, 'gaps');
		const b = batches[8];
		expect(
			m.push(b.time[0], [NaN, b.values[1][0], b.values[2][0], b.values[3][0], b.values[4][0]])
				.status
		).toBe('ok');
		expect(m.push(b.time[1], [NaN, NaN, NaN, b.values[3][1], NaN]).status).toBe('missing');
	});

	it('refuses a row out of time order or of the wrong width', () => {
		const m = new BatchMonitor(ref, 'B9');
		m.push(5, [30, 2.5, 47, 10, 7]);
		expect(() => m.push(5, [30, 2.5, 47, 10, 7])).toThrow(
			"batch B9: time 5 in column 'time' does not come after 5"
		);
		expect(() => m.push(6, [30, 2.5])).toThrow(
			'batch B9: a row has 2 values, the reference monitors 5 variables'
		);
	});
});
