import {
	RangeNotSatisfiableError,
	StorageError,
	type ByteRange,
	type ListOptions,
	type ListResult,
	type ObjectInfo,
	type ObjectStore,
	type PutOptions,
	type StoredObject
} from './object-store';

function infoOf(object: R2Object): ObjectInfo {
	return {
		key: object.key,
		size: object.size,
		etag: object.etag,
		uploaded: object.uploaded,
		metadata: {
			contentType: object.httpMetadata?.contentType,
			custom: { ...(object.customMetadata ?? {}) }
		}
	};
}

async function guard<T>(what: string, fn: () => Promise<T>): Promise<T> {
	try {
		return await fn();
	} catch (err) {
		if (err instanceof RangeNotSatisfiableError) throw err;
		throw new StorageError(`R2 ${what} failed: ${err instanceof Error ? err.message : 'unknown'}`);
	}
}

/**
 * ObjectStore over a Cloudflare R2 binding.
 *
 * @example
 * const store = new R2Store(env.STORE);
 */
export class R2Store implements ObjectStore {
	readonly backend = 'r2';
	constructor(private readonly bucket: R2Bucket) {}

	put(key: string, body: Uint8Array | string, options: PutOptions = {}): Promise<boolean> {
		return guard('put', async () => {
			const result = await this.bucket.put(key, body, {
				httpMetadata: options.contentType ? { contentType: options.contentType } : undefined,
				customMetadata: options.custom,
				// R2 evaluates the precondition atomically: a concurrent writer of the same key loses.
				onlyIf: options.onlyIfAbsent ? new Headers({ 'if-none-match': '*' }) : undefined
			});
			return result !== null;
		});
	}

	async get(key: string, options: { range?: ByteRange } = {}): Promise<StoredObject | null> {
		const range = options.range;
		if (range) {
			const info = await this.head(key);
			if (!info) return null;
			// R2 clamps an out-of-bounds range instead of refusing it; refuse it like HTTP does.
			if ('suffix' in range ? range.suffix <= 0 : range.offset >= info.size)
				throw new RangeNotSatisfiableError(info.size);
		}
		return guard('get', async () => {
			const object = await this.bucket.get(key, range ? { range } : undefined);
			if (!object) return null;
			const info = infoOf(object);
			let resolved: { offset: number; length: number } | undefined;
			if (range && object.range) {
				const r = object.range as { offset?: number; length?: number; suffix?: number };
				resolved =
					r.suffix !== undefined
						? {
								offset: info.size - Math.min(r.suffix, info.size),
								length: Math.min(r.suffix, info.size)
							}
						: {
								offset: r.offset ?? 0,
								length: Math.min(
									r.length ?? info.size - (r.offset ?? 0),
									info.size - (r.offset ?? 0)
								)
							};
			}
			let cached: Uint8Array | undefined;
			const bytes = async () => (cached ??= new Uint8Array(await object.arrayBuffer()));
			return {
				...info,
				range: resolved,
				body: object.body,
				bytes,
				text: async () => new TextDecoder().decode(await bytes())
			};
		});
	}

	head(key: string): Promise<ObjectInfo | null> {
		return guard('head', async () => {
			const object = await this.bucket.head(key);
			return object ? infoOf(object) : null;
		});
	}

	list({ prefix, cursor, limit = 1000 }: ListOptions = {}): Promise<ListResult> {
		return guard('list', async () => {
			const result = await this.bucket.list({
				prefix,
				cursor,
				limit: Math.max(1, Math.min(limit, 1000)),
				include: ['httpMetadata', 'customMetadata']
			});
			return {
				objects: result.objects.map(infoOf),
				cursor: result.truncated ? result.cursor : undefined
			};
		});
	}

	delete(key: string): Promise<void> {
		return guard('delete', () => this.bucket.delete(key));
	}
}
