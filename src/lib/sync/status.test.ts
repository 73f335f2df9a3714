import { describe, expect, it } from 'vitest';
import { statusOf, worstStatus } from './status';

const drift = { amber: 0.2, red: 0.5, higherIsWorse: true };
const accuracy = { amber: 0.85, red: 0.7, higherIsWorse: false };

describe('statusOf', () => {
	it('grades a higher-is-worse metric, limits inclusive', () => {
		expect(statusOf(0.1, drift)).toBe('ok');
		expect(statusOf(0.2, drift)).toBe('warn');
		expect(statusOf(0.49, drift)).toBe('warn');
		expect(statusOf(0.5, drift)).toBe('bad');
	});
	it('grades a lower-is-worse metric', () => {
		expect(statusOf(0.9, accuracy)).toBe('ok');
		expect(statusOf(0.85, accuracy)).toBe('warn');
		expect(statusOf(0.7, accuracy)).toBe('bad');
	});
	it('is unknown without a finite value', () => {
		expect(statusOf(null, drift)).toBe('unknown');
		expect(statusOf(Number.NaN, drift)).toBe('unknown');
	});
});

describe('worstStatus', () => {
	it('picks red over amber over green and ignores unknown', () => {
		expect(worstStatus(['ok', 'bad', 'warn'])).toBe('bad');
		expect(worstStatus(['unknown', 'ok'])).toBe('ok');
		expect(worstStatus(['unknown'])).toBe('unknown');
	});
});
