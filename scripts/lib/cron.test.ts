import { describe, expect, it } from 'vitest';
import { cronsOf, nextFire, parseCron } from './cron.js';

// Expected times worked out by hand from the five cron fields (UTC), as crontab(5) defines them.
const next = (expression: string, after: string) =>
	nextFire(parseCron(expression), new Date(after)).toISOString();

describe('nextFire', () => {
	it('fires every five minutes on the multiples of five', () => {
		expect(next('*/5 * * * *', '2026-01-01T10:02:30Z')).toBe('2026-01-01T10:05:00.000Z');
		// Strictly after: a time on the mark gives the next mark.
		expect(next('*/5 * * * *', '2026-01-01T10:05:00Z')).toBe('2026-01-01T10:10:00.000Z');
		expect(next('*/5 * * * *', '2026-01-31T23:58:00Z')).toBe('2026-02-01T00:00:00.000Z');
	});

	it('reads ranges, steps over ranges, lists and names', () => {
		expect(next('0 9-17/4 * * *', '2026-03-02T10:00:00Z')).toBe('2026-03-02T13:00:00.000Z');
		expect(next('15,45 * * * *', '2026-03-02T10:20:00Z')).toBe('2026-03-02T10:45:00.000Z');
		// 2026-03-02 is a Monday: the next Friday noon is 03-06.
		expect(next('0 12 * * FRI', '2026-03-02T10:00:00Z')).toBe('2026-03-06T12:00:00.000Z');
		expect(next('0 0 1 JAN *', '2026-03-02T10:00:00Z')).toBe('2027-01-01T00:00:00.000Z');
		// 7 is Sunday too: 2026-03-08.
		expect(next('30 6 * * 7', '2026-03-02T10:00:00Z')).toBe('2026-03-08T06:30:00.000Z');
	});

	it('fires when either day field matches if both are restricted', () => {
		// The 15th (a Sunday in March 2026) or any Wednesday: Wednesday 03-04 comes first.
		expect(next('0 0 15 * WED', '2026-03-02T00:00:00Z')).toBe('2026-03-04T00:00:00.000Z');
		expect(next('0 0 15 * WED', '2026-03-12T00:00:00Z')).toBe('2026-03-15T00:00:00.000Z');
	});

	it('finds 29 February', () => {
		expect(next('0 0 29 2 *', '2026-03-01T00:00:00Z')).toBe('2028-02-29T00:00:00.000Z');
	});
});

describe('parseCron', () => {
	it('refuses what it cannot schedule, naming the field', () => {
		expect(() => parseCron('*/5 * * *')).toThrow("cron '*/5 * * *' has 4 fields, expected 5");
		expect(() => parseCron('60 * * * *')).toThrow("minute '60' is not in 0–59");
		expect(() => parseCron('*/0 * * * *')).toThrow("minute step '0' is not a positive integer");
		expect(() => parseCron('0 0 L * *')).toThrow("day of month 'L' uses L, W, # or ?");
		expect(() => parseCron('0 0 * * 5#2')).toThrow("day of week '5#2' uses L, W, # or ?");
		expect(() => parseCron('0 0 * 13 *')).toThrow("month '13' is not in 1–12");
		expect(() => parseCron('0 20-10 * * *')).toThrow("hour range '20-10' runs backwards");
	});

	it('never fires on 31 February, and says so', () => {
		expect(() => nextFire(parseCron('0 0 31 2 *'), new Date('2026-01-01T00:00:00Z'))).toThrow(
			"cron '0 0 31 2 *' never fires"
		);
	});
});

describe('cronsOf', () => {
	it("reads the crons of wrangler.toml's [triggers]", () => {
		const toml = `name = "x"\n[triggers]\n# a comment\ncrons = ["*/5 * * * *", '0 3 * * *']\n\n[vars]\nA = "1"\n`;
		expect(cronsOf(toml)).toEqual(['*/5 * * * *', '0 3 * * *']);
		expect(cronsOf('[vars]\ncrons = ["* * * * *"]\n')).toEqual([]);
	});
});
