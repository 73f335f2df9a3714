import { describe, expect, it } from 'vitest';
import { reportSchema } from '../contracts/report';
import { categoricalColumn, type ColumnData } from '../drift/types';
import { createDriftHost } from './drift-host';
import type { DriftRequest, DriftResponse } from './protocol';

function normal(n: number, mean: number, seed: number): Float64Array {
	let s = seed;
	const u = () => ((s = (s * 1103515245 + 12345) % 2 ** 31) + 1) / (2 ** 31 + 1);
	return Float64Array.from(
		{ length: n },
		() => mean + Math.sqrt(-2 * Math.log(u())) * Math.cos(2 * Math.PI * u())
	);
}

function columns(n: number, shift: number, seed: number): ColumnData[] {
	return [
		{ name: 'a', type: 'numerical', values: normal(n, shift, seed) },
		{ name: 'b', type: 'numerical', values: normal(n, 0, seed + 7) },
		categoricalColumn(
			'c',
			Array.from({ length: n }, (_, i) => (i % 3 === 0 ? 'x' : 'y'))
		)
	];
}

const SHA = 'ab'.repeat(32);

function host() {
	const out: DriftResponse[] = [];
	const handle = createDriftHost({ post: (m) => out.push(m), yieldToEvents: async () => {} });
	const last = () => out[out.length - 1];
	return { out, handle, last };
}

describe('drift host', () => {
	it('freezes a profile, then reports drift on the shifted column only', async () => {
		const { handle, last, out } = host();
		await handle({
			type: 'profile',
			id: 1,
			key: 'ref',
			name: 'ref',
			sha256: SHA,
			columns: columns(2000, 0, 1),
			multivariate: true
		});
		const profiled = last();
		expect(profiled.type).toBe('profiled');
		if (profiled.type !== 'profiled') return;
		expect(profiled.info.sha256).toBe(SHA);
		expect(profiled.info.profileSha256).toMatch(/^[0-9a-f]{64}$/);
		expect(profiled.info.multivariate).toBe(true);
		await handle({
			type: 'report',
			id: 2,
			key: 'ref',
			expectedSha256: SHA,
			current: columns(1000, 1, 99),
			currentName: 'shifted',
			streams: ['a']
		});
		const answer = last();
		expect(answer.type).toBe('report');
		if (answer.type !== 'report') return;
		const report = reportSchema.parse(answer.report);
		const byName = Object.fromEntries(report.columns.map((c) => [c.name, c.drifted]));
		expect(byName).toEqual({ a: true, b: false, c: false });
		expect(report.advanced?.multivariate?.windows[0].window.label).toBe('shifted');
		expect(report.advanced?.streaming?.[0].stream).toBe('a');
		expect(out.some((m) => m.type === 'progress' && m.id === 2)).toBe(true);
	});

	it('refuses a profile whose source SHA-256 is not the expected one', async () => {
		const { handle, last } = host();
		await handle({
			type: 'profile',
			id: 1,
			key: 'ref',
			name: 'ref',
			sha256: SHA,
			columns: columns(200, 0, 1)
		});
		await handle({
			type: 'report',
			id: 2,
			key: 'ref',
			expectedSha256: 'cd'.repeat(32),
			current: columns(200, 0, 2),
			currentName: 'x'
		});
		const m = last();
		expect(m.type === 'error' && m.error.name).toBe('ReferenceMismatchError');
	});

	it('answers an unknown profile key with an error that says what to do', async () => {
		const { handle, last } = host();
		await handle({
			type: 'report',
			id: 5,
			key: 'nope',
			expectedSha256: SHA,
			current: columns(10, 0, 1),
			currentName: 'x'
		});
		const m = last();
		expect(m.type === 'error' && m.error.message).toMatch(/build the reference first/);
	});

	it('stops a cancelled report at the next stage', async () => {
		const out: DriftResponse[] = [];
		let handle: (m: DriftRequest) => Promise<void> = async () => {};
		handle = createDriftHost({
			post: (m) => out.push(m),
			// The cancel arrives while the worker yields between stages.
			yieldToEvents: async () => {
				if (out.some((m) => m.type === 'progress' && m.id === 2))
					await handle({ type: 'cancel', id: 2 });
			}
		});
		await handle({
			type: 'profile',
			id: 1,
			key: 'ref',
			name: 'ref',
			sha256: SHA,
			columns: columns(200, 0, 1)
		});
		await handle({
			type: 'report',
			id: 2,
			key: 'ref',
			expectedSha256: SHA,
			current: columns(200, 0, 2),
			currentName: 'x'
		});
		const m = out[out.length - 1];
		expect(m.type === 'error' && m.error.name).toBe('AbortError');
	});

	it('round-trips a profile through its VGPF bytes with the same digest', async () => {
		const { handle, last } = host();
		await handle({
			type: 'profile',
			id: 1,
			key: 'ref',
			name: 'ref',
			sha256: SHA,
			columns: columns(300, 0, 1)
		});
		await handle({ type: 'export-profile', id: 2, key: 'ref' });
		const exported = last();
		if (exported.type !== 'profile-bytes') throw new Error(`expected bytes, got ${exported.type}`);
		await handle({ type: 'load-profile', id: 3, key: 'copy', bytes: exported.bytes });
		const loaded = last();
		expect(loaded.type === 'profiled' && loaded.info.sha256).toBe(SHA);
		expect(loaded.type === 'profiled' && loaded.info.profileSha256).toBe(
			exported.info.profileSha256
		);
	});
});
