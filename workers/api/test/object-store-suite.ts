import { describe, expect, it } from 'vitest';
import { RangeNotSatisfiableError, type ObjectStore } from '../src/store/object-store';

/**
 * The one test suite every ObjectStore adapter passes: memory and R2 inside workerd, S3 (s3rver) in
 * the integration project. `make` returns a store over an empty bucket (or a fresh key prefix).
 *
 * @example
 * objectStoreSuite('memory', async () => ({ store: new MemoryStore(), prefix: '' }));
 */
export function objectStoreSuite(
	name: string,
	make: () => Promise<{ store: ObjectStore; prefix: string }>
): void {
	describe(`ObjectStore: ${name}`, () => {
		it('puts, heads and gets bytes with metadata', async () => {
			const { store, prefix } = await make();
			const bytes = new Uint8Array([0, 1, 2, 250, 255]);
			expect(
				await store.put(`${prefix}a/bin`, bytes, {
					contentType: 'application/octet-stream',
					custom: { records: '5', batch: 'b1' }
				})
			).toBe(true);
			const info = await store.head(`${prefix}a/bin`);
			expect(info).toMatchObject({
				key: `${prefix}a/bin`,
				size: 5,
				metadata: { contentType: 'application/octet-stream', custom: { records: '5', batch: 'b1' } }
			});
			expect(info!.etag).not.toBe('');
			expect(info!.uploaded.getTime()).toBeGreaterThan(Date.now() - 3600_000);
			const got = await store.get(`${prefix}a/bin`);
			expect(got!.range).toBeUndefined();
			expect(await got!.bytes()).toEqual(bytes);
			await store.put(`${prefix}a/text`, 'héllo wörld', { contentType: 'text/plain' });
			expect(await (await store.get(`${prefix}a/text`))!.text()).toBe('héllo wörld');
		});

		it('answers null for missing objects and deletes idempotently', async () => {
			const { store, prefix } = await make();
			expect(await store.get(`${prefix}missing`)).toBeNull();
			expect(await store.head(`${prefix}missing`)).toBeNull();
			await store.put(`${prefix}gone`, 'x');
			await store.delete(`${prefix}gone`);
			await store.delete(`${prefix}gone`);
			expect(await store.head(`${prefix}gone`)).toBeNull();
		});

		it('overwrites unless asked to put only when absent', async () => {
			const { store, prefix } = await make();
			await store.put(`${prefix}k`, 'one');
			await store.put(`${prefix}k`, 'two');
			expect(await (await store.get(`${prefix}k`))!.text()).toBe('two');
			expect(await store.put(`${prefix}k`, 'three', { onlyIfAbsent: true })).toBe(false);
			expect(await (await store.get(`${prefix}k`))!.text()).toBe('two');
			expect(await store.put(`${prefix}fresh`, 'new', { onlyIfAbsent: true })).toBe(true);
		});

		it('serves byte ranges: offset+length, open-ended, suffix; refuses ranges past the end', async () => {
			const { store, prefix } = await make();
			const text = '0123456789abcdefghij';
			await store.put(`${prefix}r`, text);
			const slice = await store.get(`${prefix}r`, { range: { offset: 3, length: 4 } });
			expect(await slice!.text()).toBe('3456');
			expect(slice!.range).toEqual({ offset: 3, length: 4 });
			expect(slice!.size).toBe(20);
			const open = await store.get(`${prefix}r`, { range: { offset: 15 } });
			expect(await open!.text()).toBe('fghij');
			const suffix = await store.get(`${prefix}r`, { range: { suffix: 3 } });
			expect(await suffix!.text()).toBe('hij');
			expect(suffix!.range).toEqual({ offset: 17, length: 3 });
			const clamped = await store.get(`${prefix}r`, { range: { offset: 18, length: 100 } });
			expect(await clamped!.text()).toBe('ij');
			await expect(store.get(`${prefix}r`, { range: { offset: 20 } })).rejects.toBeInstanceOf(
				RangeNotSatisfiableError
			);
		});

		it('lists by prefix in key order, in pages with a cursor', async () => {
			const { store, prefix } = await make();
			const keys = Array.from(
				{ length: 7 },
				(_, i) => `${prefix}list/p=${i % 2}/obj-${String(i).padStart(2, '0')}`
			);
			for (const k of [...keys].reverse()) await store.put(k, k, { custom: { n: k.slice(-2) } });
			await store.put(`${prefix}listing-other`, 'x');
			const seen: string[] = [];
			let cursor: string | undefined;
			let pages = 0;
			do {
				const page = await store.list({ prefix: `${prefix}list/`, cursor, limit: 3 });
				expect(page.objects.length).toBeLessThanOrEqual(3);
				seen.push(...page.objects.map((o) => o.key));
				for (const o of page.objects) expect(o.size).toBe(o.key.length);
				cursor = page.cursor;
				pages++;
			} while (cursor && pages < 10);
			expect(seen).toEqual([...keys].sort());
			expect(pages).toBe(3);
			const one = await store.list({ prefix: `${prefix}list/p=1/` });
			expect(one.objects.map((o) => o.key)).toEqual(keys.filter((k) => k.includes('p=1/')).sort());
			expect(one.cursor).toBeUndefined();
		});
	});
}
