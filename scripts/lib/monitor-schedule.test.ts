import { createServer } from 'node:http';
import { describe, expect, it } from 'vitest';
import { changedRuns, describeRun, scheduleMonitoring } from './monitor-schedule.js';

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

describe('scheduleMonitoring against a Worker stand-in', () => {
	it('triggers the job itself, follows its run log, and logs one line per run', async () => {
		let runs: ReturnType<typeof run>[] = [];
		let triggers = 0;
		let scheduledStatus = 200;
		const auth: (string | undefined)[] = [];
		const server = createServer((req, res) => {
			if (req.url?.startsWith('/__scheduled')) {
				triggers++;
				res.writeHead(scheduledStatus).end('Ran scheduled event');
				// Like the Worker's waitUntil: the run lands after the answer, on the first trigger only.
				if (triggers === 1) setTimeout(() => (runs = [run('m', new Date().toISOString())]), 300);
				return;
			}
			auth.push(req.headers.authorization);
			res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ runs }));
		});
		await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
		const { port } = server.address() as { port: number };
		const lines: string[] = [];
		const schedule = scheduleMonitoring({
			url: `http://127.0.0.1:${port}`,
			token: 't',
			crons: ['*/5 * * * *'],
			intervalSeconds: 0.2,
			minPredictions: 200,
			settleMs: 600,
			idleMs: 1_500,
			log: (l) => lines.push(l)
		});
		try {
			const until = async (n: number) => {
				for (let i = 0; i < 100 && lines.length < n; i++)
					await new Promise((r) => setTimeout(r, 100));
			};
			await until(2);
			expect(lines[0]).toMatch(
				/^\[monitoring job \d\d:\d\d:\d\dZ\] m report: report r1 from 300 records$/
			);
			expect(lines[1]).toMatch(
				/no model had 200 new predictions since its last report; nothing to do$/
			);
			scheduledStatus = 500;
			await until(3);
			expect(lines[2]).toBe('[monitoring job] not run: /__scheduled answered 500');
			expect(new Set(auth)).toEqual(new Set(['Bearer t']));
			expect(schedule.describe).toBe('every 0.2 s (VIGIL_MONITOR_INTERVAL_SECONDS)');
		} finally {
			schedule.stop();
			await new Promise<void>((done) => server.close(() => done()));
		}
	});
});
