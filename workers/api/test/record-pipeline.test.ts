// The Worker's host of the record pipeline, in workerd: the monitoring job's drift step makes its
// report from the same records as `vigil monitor` and the browser's drift worker, and must match
// the reports stored in tests/fixtures/pipeline.
import { describe, expect, it } from 'vitest';
import {
	comparableReport,
	PIPELINE_CASES,
	REPORT_TIME
} from '../../../tests/fixtures/pipeline/cases';
import { driftStep } from '../src/services/monitoring/drift-step';

describe.each(PIPELINE_CASES)(
	'the monitoring job reads $name records',
	({ name, card, profile, records }) => {
		it('makes the report every host makes', async () => {
			const result = await driftStep({
				model: card.name,
				model_version: card.version,
				profile,
				card,
				records,
				now: new Date(REPORT_TIME)
			});
			if (result.status !== 'report') throw new Error(result.message);
			await expect(comparableReport(result.report)).toMatchFileSnapshot(
				`../../../tests/fixtures/pipeline/${name}.report.json`
			);
		});
	}
);
