import { describe, expect, it } from 'vitest';
import { changedRuns, describeRun } from './monitor-schedule.js';

const run = (
	model: string,
	at: string,
	outcome = 'report',
	message = 'report r1 from 300 records'
) => ({
	model,
	last_run_at: at,
	last_outcome: outcome,
	last_message: message
});

describe('the monitoring job log', () => {
	it('reports the models whose run entry is new or moved', () => {
		const seen = new Map([
			['a', '2026-01-01T10:00:00.000Z'],
			['b', '2026-01-01T10:00:00.000Z']
		]);
		const runs = [
			run('a', '2026-01-01T10:00:00.000Z'),
			run('b', '2026-01-01T10:05:00.000Z'),
			run('c', '2026-01-01T10:05:01.000Z', 'skipped', 'no reference profile registered for model c')
		];
		expect(changedRuns(seen, runs).map((r) => r.model)).toEqual(['b', 'c']);
	});

	it('says in one line what each model got, or that there was nothing to do', () => {
		const at = new Date('2026-01-01T10:05:00.000Z');
		expect(
			describeRun(
				at,
				[run('b', 'x'), run('c', 'y', 'skipped', 'no reference profile registered for model c')],
				200
			)
		).toBe(
			'[monitoring job 10:05:00Z] b report: report r1 from 300 records; c skipped: no reference profile registered for model c'
		);
		expect(describeRun(at, [], 200)).toBe(
			'[monitoring job 10:05:00Z] no model had 200 new predictions since its last report; nothing to do'
		);
	});
});
