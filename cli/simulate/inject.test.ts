import { describe, expect, it } from 'vitest';
import { DriftInjector, DriftSpecError, parseDriftSpec, seededRandom } from './inject.ts';

const stats = {
	x: { type: 'numerical' as const, mean: 10, std: 2 },
	c: { type: 'categorical' as const }
};

describe('parseDriftSpec', () => {
	it('reads keys with defaults', () => {
		expect(parseDriftSpec('at=300,column=x,kind=shift,amount=2')).toEqual({
			at: 300,
			column: 'x',
			kind: 'shift',
			amount: 2
		});
		expect(parseDriftSpec('at=0,column=c,kind=new-category,value=blue')).toMatchObject({
			amount: 1,
			value: 'blue'
		});
		expect(parseDriftSpec('kind=scale,column=x,at=5').amount).toBe(2);
	});

	it.each([
		['column=x,kind=shift', 'missing at='],
		['at=1,column=x,kind=tilt', "unknown kind 'tilt'"],
		['at=-1,column=x,kind=shift', 'at must be seconds'],
		['at=1,column=x,kind=shift,amount=lots', "amount must be a number, got 'lots'"],
		['at=1,column=x,kind=missing,amount=2', 'share of records'],
		['at=1,column=x,kind=shift,speed=3', "unknown key 'speed'"],
		['at=1,x,kind=shift', "'x' is not key=value"]
	])('rejects %s', (text, message) => {
		expect(() => parseDriftSpec(text)).toThrow(DriftSpecError);
		expect(() => parseDriftSpec(text)).toThrow(message);
	});
});

describe('DriftInjector', () => {
	it('shifts by amount standard deviations from `at` on and records the first record', () => {
		const inj = new DriftInjector([parseDriftSpec('at=10,column=x,kind=shift,amount=1.5')], stats);
		const before = { x: 10, c: 'a' };
		expect(inj.apply(0, 9.9, 't0', before)).toBe(before);
		expect(inj.apply(1, 10, 't1', { x: 10, c: 'a' })).toEqual({ x: 13, c: 'a' });
		expect(inj.apply(2, 11, 't2', { x: 11, c: 'a' })).toEqual({ x: 14, c: 'a' });
		expect(inj.events).toEqual([{ spec: inj.specs[0], record: 1, ts: 't1' }]);
	});

	it('scales around the mean, freezes the value at the injection time', () => {
		const inj = new DriftInjector(
			[
				parseDriftSpec('at=0,column=x,kind=scale,amount=3'),
				parseDriftSpec('at=5,column=c,kind=freeze')
			],
			stats
		);
		expect(inj.apply(0, 0, 't', { x: 12, c: 'a' })).toEqual({ x: 16, c: 'a' });
		expect(inj.apply(1, 5, 't', { x: 10, c: 'b' })).toEqual({ x: 10, c: 'b' });
		expect(inj.apply(2, 6, 't', { x: 10, c: 'z' })).toEqual({ x: 10, c: 'b' });
	});

	it('makes the given share missing or a new category, reproducibly with a seed', () => {
		const run = (seed: number) => {
			const inj = new DriftInjector(
				[
					parseDriftSpec('at=0,column=x,kind=missing,amount=0.3'),
					parseDriftSpec('at=0,column=c,kind=new-category,amount=0.5,value=blue')
				],
				stats,
				seed
			);
			return Array.from({ length: 2000 }, (_, i) => inj.apply(i, 1, 't', { x: 1, c: 'a' }));
		};
		const a = run(7);
		const missing = a.filter((r) => r.x === null).length / a.length;
		const blue = a.filter((r) => r.c === 'blue').length / a.length;
		// Binomial(2000, p): 4 standard deviations is about ±0.041 (p = 0.3) and ±0.045 (p = 0.5).
		expect(Math.abs(missing - 0.3)).toBeLessThan(0.041);
		expect(Math.abs(blue - 0.5)).toBeLessThan(0.045);
		expect(run(7)).toEqual(a);
		expect(run(8)).not.toEqual(a);
	});

	it('refuses columns that are absent or of the wrong type', () => {
		expect(() => new DriftInjector([parseDriftSpec('at=0,column=y,kind=shift')], stats)).toThrow(
			"column 'y' is not in the replayed data"
		);
		expect(() => new DriftInjector([parseDriftSpec('at=0,column=c,kind=shift')], stats)).toThrow(
			'needs a numerical column'
		);
		expect(
			() => new DriftInjector([parseDriftSpec('at=0,column=x,kind=new-category')], stats)
		).toThrow('needs a categorical column');
	});

	it('seededRandom is uniform on [0, 1)', () => {
		const next = seededRandom(1);
		const xs = Array.from({ length: 10000 }, next);
		expect(Math.min(...xs)).toBeGreaterThanOrEqual(0);
		expect(Math.max(...xs)).toBeLessThan(1);
		// Mean of 10,000 uniforms: sd 0.0029, so ±0.012 is 4 sd.
		expect(Math.abs(xs.reduce((a, b) => a + b) / xs.length - 0.5)).toBeLessThan(0.012);
	});
});
