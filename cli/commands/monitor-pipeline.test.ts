// The CLI's host of the record pipeline: `vigil monitor` makes its report from the same records as
// the browser's drift worker and the Worker's monitoring job, and must match the stored reports.
import { describe, expect, it } from 'vitest';
import { comparableReport, PIPELINE_CASES } from '../../tests/fixtures/pipeline/cases';
import { monitorReport } from './monitor.ts';

describe.each(PIPELINE_CASES)(
	'vigil monitor reads $name records',
	({ name, card, profile, records }) => {
		it('makes the report every host makes', async () => {
			const report = monitorReport({ model: card.name, profile, card }, records);
			await expect(comparableReport(report)).toMatchFileSnapshot(
				`../../tests/fixtures/pipeline/${name}.report.json`
			);
		});
	}
);
