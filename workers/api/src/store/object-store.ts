/** Metadata kept with an object: a content type and small string pairs. */
export interface ObjectMetadata {
	contentType?: string;
	custom?: Record<string, string>;
}

/** What `head` and `list` say about an object. */
export interface ObjectInfo {
	key: string;
	size: number;
	etag: string;
	uploaded: Date;
	metadata: ObjectMetadata;
}

/** A byte range: `offset` and `length`, or the last `suffix` bytes. */
export type ByteRange = { offset: number; length?: number } | { suffix: number };

/** An object's body with its info; `range` says which bytes the body holds when a range was asked. */
export interface StoredObject extends ObjectInfo {
	body: ReadableStream<Uint8Array>;
	range?: { offset: number; length: number };
	bytes(): Promise<Uint8Array>;
	text(): Promise<string>;
}

export interface ListOptions {
	prefix?: string;
	cursor?: string;
	/** At most this many objects (1–1000; default 1000). */
	limit?: number;
}

export interface ListResult {
	objects: ObjectInfo[];
	/** Pass to the next `list` call; absent when the listing is complete. */
	cursor?: string;
}

export interface PutOptions extends ObjectMetadata {
	/** Store only when no object exists at the key; `put` then answers `false` instead of overwriting. */
	onlyIfAbsent?: boolean;
}

/**
 * Object storage behind one interface (R2, S3-compatible, memory), so the API, the monitoring job
 * and the tests do not care where bytes live. Keys are plain strings; listing is in key order.
 */
export interface ObjectStore {
	readonly backend: string;
	/** Stores bytes at `key`; answers false only when `onlyIfAbsent` and the key exists. */
	put(key: string, body: Uint8Array | string, options?: PutOptions): Promise<boolean>;
	get(key: string, options?: { range?: ByteRange }): Promise<StoredObject | null>;
	head(key: string): Promise<ObjectInfo | null>;
	list(options?: ListOptions): Promise<ListResult>;
	delete(key: string): Promise<void>;
}

/** Thrown by adapters when the backing store fails (network, credentials); the API answers 503. */
export class StorageError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'StorageError';
	}
}

/** Thrown when a range cannot be satisfied (offset past the end); the API answers 416. */
export class RangeNotSatisfiableError extends Error {
	constructor(readonly size: number) {
		super(`Range not satisfiable for an object of ${size} bytes`);
		this.name = 'RangeNotSatisfiableError';
	}
}

/**
 * Resolves a range against an object size into absolute offsets, or throws
 * RangeNotSatisfiableError.
 *
 * @example
 * resolveRange({ suffix: 10 }, 100); // { offset: 90, length: 10 }
 */
export function resolveRange(range: ByteRange, size: number): { offset: number; length: number } {
	if ('suffix' in range) {
		const length = Math.min(range.suffix, size);
		if (length <= 0) throw new RangeNotSatisfiableError(size);
		return { offset: size - length, length };
	}
	if (range.offset >= size) throw new RangeNotSatisfiableError(size);
	const length = Math.min(range.length ?? size - range.offset, size - range.offset);
	if (length <= 0) throw new RangeNotSatisfiableError(size);
	return { offset: range.offset, length };
}

/** Wraps bytes as a StoredObject. */
export function storedFromBytes(
	info: ObjectInfo,
	bytes: Uint8Array,
	range?: { offset: number; length: number }
): StoredObject {
	return {
		...info,
		range,
		body: new Response(bytes as Uint8Array<ArrayBuffer>).body as ReadableStream<Uint8Array>,
		bytes: async () => bytes,
		text: async () => new TextDecoder().decode(bytes)
	};
}

/** UTF-8 bytes of a string body. */
export function toBytes(body: Uint8Array | string): Uint8Array {
	return typeof body === 'string' ? new TextEncoder().encode(body) : body;
}
