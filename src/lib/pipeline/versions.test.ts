import { describe, expect, it } from 'vitest';
import { currentVersion, versionsByPreference, type VersionLike } from './versions';

const v = (version: string, stage: VersionLike['stage'], day: number): VersionLike => ({
	version,
	stage,
	created_at: `2024-05-${String(day).padStart(2, '0')}T00:00:00.000Z`
});

describe('currentVersion', () => {
	it('is the production version whenever there is one', () => {
		expect(
			currentVersion([
				v('1.0.0', 'archived', 1),
				v('1.1.0', 'production', 2),
				v('1.2.0', 'staging', 3)
			])?.version
		).toBe('1.1.0');
	});

	it('is the newest version not archived when none is in production', () => {
		expect(
			currentVersion([
				v('1.0.0', 'none', 1),
				v('1.2.0', 'staging', 3),
				v('1.1.0', 'none', 2),
				v('2.0.0', 'archived', 9)
			])?.version
		).toBe('1.2.0');
	});

	it('breaks a tie of registration time by the higher version', () => {
		expect(currentVersion([v('1.9.0', 'none', 1), v('1.10.0', 'none', 1)])?.version).toBe('1.10.0');
	});

	it('is undefined when every version is archived, or there is none', () => {
		expect(currentVersion([v('1.0.0', 'archived', 1)])).toBeUndefined();
		expect(currentVersion([])).toBeUndefined();
	});
});

describe('versionsByPreference', () => {
	it('orders production, the others newest first, then the archived', () => {
		const order = versionsByPreference([
			v('a', 'archived', 5),
			v('b', 'none', 1),
			v('c', 'production', 2),
			v('d', 'staging', 3)
		]);
		expect(order.map((x) => x.version)).toEqual(['c', 'd', 'b', 'a']);
	});
});
