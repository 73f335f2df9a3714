import { describe, expect, it } from 'vitest';
import { generateDeviceName, validateThreshold, validateWorkerUrl } from './settings-validation';
import { safeNameSchema } from '../contracts/common';

describe('settings validation', () => {
	it('generates device names that are valid labels', () => {
		for (let i = 0; i < 50; i++)
			expect(safeNameSchema.safeParse(generateDeviceName()).success).toBe(true);
		expect(generateDeviceName(() => 0)).toBe('device-aaaaaa');
	});
	it('accepts same origin and http(s) Worker URLs only', () => {
		expect(validateWorkerUrl('')).toBeNull();
		expect(validateWorkerUrl('https://vigil.example.workers.dev')).toBeNull();
		expect(validateWorkerUrl('ftp://x')).toMatch(/http/);
		expect(validateWorkerUrl('not a url')).toMatch(/not a valid URL/);
	});
	it('wants red beyond amber on the bad side', () => {
		expect(validateThreshold({ amber: 0.2, red: 0.5, higherIsWorse: true })).toBeNull();
		expect(validateThreshold({ amber: 0.5, red: 0.2, higherIsWorse: true })).toMatch(/red/);
		expect(validateThreshold({ amber: 0.85, red: 0.9, higherIsWorse: false })).toMatch(/red/);
		expect(validateThreshold({ amber: Number.NaN, red: 1, higherIsWorse: true })).toMatch(
			/numbers/
		);
	});
});
