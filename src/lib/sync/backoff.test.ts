import { describe, expect, it } from 'vitest';
import { backoffDelay } from './backoff';

describe('backoffDelay', () => {
	it('doubles from the base and stays within [ceiling/2, ceiling]', () => {
		expect(backoffDelay(0, { random: () => 0 })).toBe(1_000);
		expect(backoffDelay(0, { random: () => 1 })).toBe(2_000);
		expect(backoffDelay(3, { random: () => 1 })).toBe(16_000);
	});
	it('is capped', () => {
		expect(backoffDelay(30, { random: () => 1 })).toBe(300_000);
		expect(backoffDelay(30, { random: () => 0 })).toBe(150_000);
	});
});
