// The browser's host of the record pipeline: the drift worker's logic (run here in Node) makes the
// report from the columns the pipeline reads out of the records. The CLI (cli/commands) and the
// Worker (workers/api/test, in workerd) make the same reports from the same records: all three
// must equal the reports stored in tests/fixtures/pipeline.
import { describe, expect, it } from 'vitest';
import { comparableReport, PIPELINE_CASES } from '../../../tests/fixtures/pipeline/cases';
import { profileDigest, serializeProfile } from '../drift/profile';
import { recordWindow } from '../pipeline';
import { createDriftHost } from './drift-host';
import type { DriftResponse } from './protocol';

describe.each(PIPELINE_CASES)(
	'the browser host reads $name records',
	({ name, card, profile, records }) => {
		it('makes the report every host makes', async () => {
			const out: DriftResponse[] = [];
			const handle = createDriftHost({ post: (m) => out.push(m), yieldToEvents: async () => {} });
			await handle({ type: 'load-profile', id: 1, key: 'ref', bytes: serializeProfile(profile) });
			const window = recordWindow(records, profile, {
				card,
				model: card.name,
				version: card.version
			});
			await handle({
				type: 'report',
				id: 2,
				key: 'ref',
				expectedSha256: profileDigest(profile),
				...window
			});
			const answer = out.at(-1);
			if (answer?.type !== 'report') throw new Error(`no report: ${JSON.stringify(answer)}`);
			await expect(comparableReport(answer.report)).toMatchFileSnapshot(
				`../../../tests/fixtures/pipeline/${name}.report.json`
			);
		});
	}
);

describe('the monitored score in the reports', () => {
	it('is P(class 1) of a binary probability vector, or the probability the record carries', () => {
		const { card, profile, records } = PIPELINE_CASES[1];
		const window = recordWindow(records, profile, {
			card,
			model: card.name,
			version: card.version
		});
		const column = window.current.find((c) => c.name === 'prediction');
		// Read by hand from each record: [P(no), P(yes)] → P(yes).
		const expected = records.map((r) => r.probability ?? (r.prediction as number[])[1]);
		expect(column?.type === 'numerical' && Array.from(column.values)).toEqual(expected);
		expect(window.target).toBe('outcome');
	});

	it('is P(last class) for multiclass, whose three-class labels stay out of performance', () => {
		const { card, profile, records } = PIPELINE_CASES[2];
		const window = recordWindow(records, profile, {
			card,
			model: card.name,
			version: card.version
		});
		const column = window.current.find((c) => c.name === 'prediction');
		expect(column?.type === 'numerical' && Array.from(column.values)).toEqual(
			records.map((r) => (r.prediction as number[])[2])
		);
		expect(window.target).toBeUndefined();
	});
});
