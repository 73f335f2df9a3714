import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ADULT_DIR } from './adult';
import { adultStreams } from './adult-streams';

describe.skipIf(!existsSync(`${ADULT_DIR}/adult.test`))(
	'streaming detectors on Adult streams',
	() => {
		const rows = adultStreams();
		const find = (stream: string, order: string, detector: string) =>
			rows.find((r) => r.stream === stream && r.order === order && r.detector === detector)!;

		it('ADWIN stays quiet in file order and flags the age-sorted prediction and error streams', () => {
			for (const stream of ['prediction', 'error']) {
				expect(find(stream, 'file-order', 'adwin').drifts).toBe(0);
				const sorted = find(stream, 'by-age', 'adwin');
				expect(sorted.drifts).toBeGreaterThan(0);
				// Age-sorted: the youngest rows come first and differ at once (measured first drifts ~100–200).
				expect(sorted.firstDrift!).toBeLessThan(1000);
			}
		});

		it('every detector signals more drifts on the age-sorted prediction stream than in file order', () => {
			for (const detector of ['page-hinkley', 'adwin', 'cusum']) {
				expect(find('prediction', 'by-age', detector).drifts).toBeGreaterThan(
					find('prediction', 'file-order', detector).drifts
				);
			}
		});
	}
);
