import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ADULT_DIR } from './adult';
import { validateCbpeOnAdult } from './cbpe-adult';

// The Adult files are not part of the repository (see README, data attribution); point
// VIGIL_ADULT_DIR at a directory holding adult.data and adult.test to run this.
describe.skipIf(!existsSync(`${ADULT_DIR}/adult.test`))('CBPE on the Adult data', () => {
	const v = validateCbpeOnAdult(1000);

	it('tracks realized metrics on labelled test windows in file order', () => {
		const r = v.orderings['file-order'];
		expect(r.windows).toBe(16);
		// Measured: accuracy 0.010, ROC AUC 0.009, F1 0.023, recall 0.022, precision 0.031.
		expect(r.mae.accuracy).toBeLessThan(0.015);
		expect(r.mae.roc_auc).toBeLessThan(0.015);
		expect(r.mae.f1).toBeLessThan(0.03);
		expect(r.mae.recall).toBeLessThan(0.03);
		expect(r.mae.precision).toBeLessThan(0.04);
		expect(r.insideBand.accuracy).toBeGreaterThanOrEqual(0.9);
	});

	it('follows large performance changes when windows are sorted by age', () => {
		const r = v.orderings['by-age'];
		// Realized accuracy spans 0.75–1.0 across age windows; the estimate follows within ~0.014.
		expect(r.realizedRange.accuracy[1] - r.realizedRange.accuracy[0]).toBeGreaterThan(0.2);
		expect(r.mae.accuracy).toBeLessThan(0.02);
		expect(r.mae.roc_auc).toBeLessThan(0.03);
		expect(r.mae.f1).toBeLessThan(0.045);
	});
});
