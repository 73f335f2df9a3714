import { describe, expect, it } from 'vitest';
import {
	buildProfile,
	deserializeProfile,
	mergeProfiles,
	profileDigest,
	profileSide,
	serializeProfile
} from './profile';
import type { NumericalProfileColumn } from './profile';
import { mergeSketches, sketchSorted } from './quantile-sketch';
import { prepareNumerical } from './prepared';
import { runPrepared, runStatistic } from './registry';
import { sha256Hex } from './sha256';
import { categoricalColumn, DriftInputError, numericalColumn } from './types';
import { searchSorted } from './sorted';

const SHA = 'a'.repeat(64);

function lcg(seed: number) {
	let s = seed >>> 0;
	return () => {
		s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
		return s / 2 ** 32;
	};
}
function normals(n: number, seed: number, shift = 0): Float64Array {
	const r = lcg(seed);
	return Float64Array.from({ length: n }, () => {
		const u = r() || 1e-12;
		return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * r()) + shift;
	});
}

/** sup over the sample points of |F_sketch − F| (both ECDFs evaluated by counting). */
function supError(points: Float64Array, sorted: Float64Array): number {
	let worst = 0;
	for (let i = 0; i < sorted.length; i++) {
		const x = sorted[i];
		const f = searchSorted(sorted, x, 'right') / sorted.length;
		const g = searchSorted(points, x, 'right') / points.length;
		worst = Math.max(worst, Math.abs(f - g));
	}
	return worst;
}

describe('sha256Hex (FIPS 180-2 test vectors)', () => {
	it('hashes "abc" and the empty string', () => {
		expect(sha256Hex(new TextEncoder().encode('abc'))).toBe(
			'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'
		);
		expect(sha256Hex(new Uint8Array())).toBe(
			'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'
		);
		expect(
			sha256Hex(
				new TextEncoder().encode('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq')
			)
		).toBe('248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1');
	});
});

describe('reference profiles', () => {
	const x = normals(5000, 1);
	const cols = [
		numericalColumn('x', x),
		numericalColumn('y', [1, NaN, Infinity, 3, 2]),
		categoricalColumn('c', ['b', 'a', null, 'b'])
	];

	it('stores sorted values, moments, missing and category counts', () => {
		const p = buildProfile(cols, { name: 'train', sha256: SHA, createdAt: '2026-01-01T00:00:00Z' });
		const y = p.columns[1] as NumericalProfileColumn;
		expect(Array.from(y.values)).toEqual([1, 2, 3]);
		expect(y.missing).toBe(1);
		expect(y.non_finite).toBe(1);
		expect(y.moments).toMatchObject({ n: 3, mean: 2, m2: 2, min: 1, max: 3 });
		expect(p.columns[2]).toMatchObject({ categories: ['a', 'b'], counts: [1, 2], missing: 1 });
		expect(p.sources[0].sha256).toBe(SHA);
	});

	it('round-trips through the binary form bit for bit', () => {
		const p = buildProfile(cols, { name: 'train', sha256: SHA, createdAt: '2026-01-01T00:00:00Z' });
		const bytes = serializeProfile(p);
		expect(String.fromCharCode(...bytes.subarray(0, 4))).toBe('VGPF');
		expect(bytes.length).toBeLessThan(5003 * 8 + 2000);
		const back = deserializeProfile(bytes);
		expect(back).toEqual(p);
	});

	it('rejects damaged or foreign bytes with invalid_profile', () => {
		const p = buildProfile(cols, { name: 'train', sha256: SHA });
		const bytes = serializeProfile(p);
		const code = (b: Uint8Array) => {
			try {
				deserializeProfile(b);
				return 'none';
			} catch (e) {
				return (e as DriftInputError).code;
			}
		};
		expect(code(new Uint8Array([1, 2, 3]))).toBe('invalid_profile');
		const v2 = bytes.slice();
		v2[4] = 2;
		expect(code(v2)).toBe('invalid_profile');
		expect(code(bytes.subarray(0, bytes.length - 8))).toBe('invalid_profile');
		const unsorted = bytes.slice();
		new DataView(unsorted.buffer).setFloat64(unsorted.length - 8, -1e300, true);
		expect(code(unsorted)).toBe('invalid_profile');
	});

	it('drift against a profile equals drift against the raw reference', () => {
		const cur = normals(3000, 2, 0.1);
		const p = buildProfile([numericalColumn('x', x)], { name: 'train', sha256: SHA });
		for (const name of [
			'ks',
			'wasserstein',
			'psi',
			'jensenshannon',
			'ed',
			'anderson',
			'cramer_von_mises'
		]) {
			const viaProfile = runPrepared(name, profileSide(p.columns[0]), prepareNumerical(cur));
			expect(viaProfile.value, name).toBeCloseTo(runStatistic(name, x, cur).value, 12);
		}
	});

	it('merges exactly: merge(A, B) equals the profile of A ∪ B', () => {
		const a = normals(1000, 3);
		const b = normals(700, 4, 1);
		const pa = buildProfile([numericalColumn('x', a), categoricalColumn('c', ['u', 'v'])], {
			name: 'a',
			sha256: SHA
		});
		const pb = buildProfile([numericalColumn('x', b), categoricalColumn('c', ['v', 'w', 'w'])], {
			name: 'b',
			sha256: 'b'.repeat(64)
		});
		const m = mergeProfiles(pa, pb, { name: 'fleet' });
		const all = new Float64Array(1700);
		all.set(a);
		all.set(b, 1000);
		const whole = buildProfile([numericalColumn('x', all)], { name: 'all', sha256: SHA });
		const mx = m.columns[0] as NumericalProfileColumn;
		const wx = whole.columns[0] as NumericalProfileColumn;
		expect(mx.values).toEqual(wx.values);
		expect(mx.moments.mean).toBeCloseTo(wx.moments.mean, 12);
		expect(mx.moments.m2).toBeCloseTo(wx.moments.m2, 8);
		expect(m.columns[1]).toMatchObject({ categories: ['u', 'v', 'w'], counts: [1, 2, 2] });
		expect(m.sources.length).toBe(2);
		expect(profileDigest(m)).toMatch(/^[0-9a-f]{64}$/);
		expect(profileDigest(m)).toBe(profileDigest(mergeProfiles(pb, pa)));
	});

	it('sketches large columns within the documented bound 1/size, and (d+1)/size after merges', () => {
		const data = normals(200_000, 5);
		const sorted = Float64Array.from(data).sort();
		const sk = sketchSorted(sorted, 1024);
		expect(sk.rankError).toBe(1 / 1024);
		expect(supError(sk.points, sorted)).toBeLessThanOrEqual(sk.rankError);
		// Ties: a column of few distinct values.
		const tied = Float64Array.from(data, (v) => Math.round(v * 2)).sort();
		expect(supError(sketchSorted(tied, 256).points, tied)).toBeLessThanOrEqual(1 / 256);
		const other = Float64Array.from(normals(150_000, 6, 0.5)).sort();
		const merged = mergeSketches(sk, sketchSorted(other, 1024), 1024, 1000);
		const union = new Float64Array(sorted.length + other.length);
		union.set(sorted);
		union.set(other, sorted.length);
		union.sort();
		expect(merged.rankError).toBe(2 / 1024);
		expect(supError(merged.points, union)).toBeLessThanOrEqual(merged.rankError);
	});

	it('uses the sketch above the exact limit; KS stays within the bound', () => {
		const ref = normals(50_000, 7);
		const cur = normals(20_000, 8, 0.05);
		const p = buildProfile([numericalColumn('x', ref)], {
			name: 'r',
			sha256: SHA,
			exactLimit: 10_000,
			sketchSize: 2048
		});
		const col = p.columns[0] as NumericalProfileColumn;
		expect(col.sketch?.rank_error).toBe(1 / 2048);
		expect(col.values.length).toBe(2048);
		const approx = runPrepared('ks', profileSide(col), prepareNumerical(cur));
		const exact = runStatistic('ks', ref, cur);
		expect(Math.abs(approx.statistic! - exact.statistic!)).toBeLessThanOrEqual(1 / 2048);
		expect(deserializeProfile(serializeProfile(p))).toEqual(p);
	});

	it('rejects duplicate columns, bad digests and mismatched merges', () => {
		expect(() =>
			buildProfile([numericalColumn('x', [1]), numericalColumn('x', [2])], {
				name: 'a',
				sha256: SHA
			})
		).toThrow(DriftInputError);
		expect(() => buildProfile([], { name: 'a', sha256: 'xyz' })).toThrow(/sha256/);
		const a = buildProfile([numericalColumn('x', [1])], { name: 'a', sha256: SHA });
		const b = buildProfile([categoricalColumn('x', ['1'])], { name: 'b', sha256: SHA });
		expect(() => mergeProfiles(a, b)).toThrow(/numerical in one profile/);
	});
});
