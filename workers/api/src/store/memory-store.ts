import {
	resolveRange,
	storedFromBytes,
	toBytes,
	type ByteRange,
	type ListOptions,
	type ListResult,
	type ObjectInfo,
	type ObjectStore,
	type PutOptions,
	type StoredObject
} from './object-store';

async function etagOf(bytes: Uint8Array): Promise<string> {
	const digest = await crypto.subtle.digest('SHA-256', bytes);
	return [...new Uint8Array(digest).slice(0, 16)]
		.map((b) => b.toString(16).padStart(2, '0'))
		.join('');
}

/**
 * An ObjectStore in memory: for tests and for tools that need no persistence.
 *
 * @example
 * const store = new MemoryStore();
 * await store.put('a/b.json', '{}', { contentType: 'application/json' });
 */
export class MemoryStore implements ObjectStore {
	readonly backend = 'memory';
	readonly #objects = new Map<string, { info: ObjectInfo; bytes: Uint8Array }>();

	async put(key: string, body: Uint8Array | string, options: PutOptions = {}): Promise<boolean> {
		if (options.onlyIfAbsent && this.#objects.has(key)) return false;
		const bytes = toBytes(body).slice();
		this.#objects.set(key, {
			bytes,
			info: {
				key,
				size: bytes.byteLength,
				etag: await etagOf(bytes),
				uploaded: new Date(),
				metadata: { contentType: options.contentType, custom: { ...(options.custom ?? {}) } }
			}
		});
		return true;
	}

	async get(key: string, options: { range?: ByteRange } = {}): Promise<StoredObject | null> {
		const entry = this.#objects.get(key);
		if (!entry) return null;
		if (!options.range) return storedFromBytes(entry.info, entry.bytes);
		const r = resolveRange(options.range, entry.info.size);
		return storedFromBytes(entry.info, entry.bytes.slice(r.offset, r.offset + r.length), r);
	}

	async head(key: string): Promise<ObjectInfo | null> {
		return this.#objects.get(key)?.info ?? null;
	}

	async list({ prefix = '', cursor, limit = 1000 }: ListOptions = {}): Promise<ListResult> {
		const keys = [...this.#objects.keys()]
			.filter((k) => k.startsWith(prefix) && (cursor === undefined || k > cursor))
			.sort();
		const page = keys.slice(0, Math.max(1, Math.min(limit, 1000)));
		const more = keys.length > page.length;
		return {
			objects: page.map((k) => this.#objects.get(k)!.info),
			cursor: more ? page[page.length - 1] : undefined
		};
	}

	async delete(key: string): Promise<void> {
		this.#objects.delete(key);
	}
}
