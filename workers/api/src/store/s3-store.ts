import { AwsClient } from 'aws4fetch';
import {
	RangeNotSatisfiableError,
	StorageError,
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

export interface S3StoreOptions {
	/** Endpoint without the bucket: `https://storage.googleapis.com`, `http://127.0.0.1:9000`. */
	endpoint: string;
	bucket: string;
	accessKeyId: string;
	secretAccessKey: string;
	/** `auto` for GCS and R2's S3 API; the bucket's region for AWS. */
	region?: string;
	fetch?: typeof fetch;
}

const META_PREFIX = 'x-amz-meta-';

function xmlValues(xml: string, tag: string): string[] {
	const out: string[] = [];
	const re = new RegExp(`<${tag}>([\\s\\S]*?)</${tag}>`, 'g');
	for (let m = re.exec(xml); m; m = re.exec(xml)) out.push(m[1]);
	return out;
}

function unescapeXml(s: string): string {
	return s
		.replace(/&lt;/g, '<')
		.replace(/&gt;/g, '>')
		.replace(/&quot;/g, '"')
		.replace(/&apos;/g, "'")
		.replace(/&amp;/g, '&');
}

function encodeKey(key: string): string {
	return key.split('/').map(encodeURIComponent).join('/');
}

/**
 * ObjectStore over any S3-compatible API with SigV4 (aws4fetch): AWS S3, MinIO, and Google Cloud
 * Storage's XML API with HMAC keys (`endpoint: 'https://storage.googleapis.com'`, region `auto`).
 * Path-style URLs (`<endpoint>/<bucket>/<key>`) so one code path serves all three.
 *
 * @example
 * const store = new S3Store({ endpoint: 'https://storage.googleapis.com', bucket: 'vigil',
 *   accessKeyId: env.S3_ACCESS_KEY_ID, secretAccessKey: env.S3_SECRET_ACCESS_KEY, region: 'auto' });
 */
export class S3Store implements ObjectStore {
	readonly backend = 's3';
	readonly #client: AwsClient;
	readonly #base: string;
	readonly #fetch: typeof fetch;

	constructor({
		endpoint,
		bucket,
		accessKeyId,
		secretAccessKey,
		region = 'auto',
		fetch: fetchImpl
	}: S3StoreOptions) {
		this.#client = new AwsClient({
			accessKeyId,
			secretAccessKey,
			region,
			service: 's3',
			retries: 2
		});
		this.#base = `${endpoint.replace(/\/+$/, '')}/${encodeURIComponent(bucket)}`;
		this.#fetch = fetchImpl ?? globalThis.fetch.bind(globalThis);
	}

	async #send(what: string, url: string, init: RequestInit): Promise<Response> {
		let res: Response;
		try {
			const signed = await this.#client.sign(url, init);
			res = await this.#fetch(signed);
		} catch (err) {
			throw new StorageError(
				`S3 ${what} failed: ${err instanceof Error ? err.message : 'unknown'}`
			);
		}
		return res;
	}

	#fail(what: string, res: Response): never {
		throw new StorageError(`S3 ${what} answered ${res.status}`);
	}

	#info(key: string, res: Response): ObjectInfo {
		const custom: Record<string, string> = {};
		res.headers.forEach((value, name) => {
			if (name.startsWith(META_PREFIX)) custom[name.slice(META_PREFIX.length)] = value;
		});
		const contentRange = res.headers.get('content-range');
		const size = contentRange
			? Number(contentRange.split('/')[1])
			: Number(res.headers.get('content-length') ?? 0);
		return {
			key,
			size,
			etag: (res.headers.get('etag') ?? '').replace(/"/g, ''),
			uploaded: new Date(res.headers.get('last-modified') ?? Date.now()),
			metadata: { contentType: res.headers.get('content-type') ?? undefined, custom }
		};
	}

	async put(key: string, body: Uint8Array | string, options: PutOptions = {}): Promise<boolean> {
		if (options.onlyIfAbsent && (await this.head(key))) return false;
		const headers = new Headers();
		if (options.contentType) headers.set('content-type', options.contentType);
		for (const [k, v] of Object.entries(options.custom ?? {})) headers.set(`${META_PREFIX}${k}`, v);
		// AWS and GCS honour If-None-Match: * atomically; servers that ignore it fall back to the head above.
		if (options.onlyIfAbsent) headers.set('if-none-match', '*');
		const res = await this.#send('put', `${this.#base}/${encodeKey(key)}`, {
			method: 'PUT',
			headers,
			body: toBytes(body) as Uint8Array<ArrayBuffer>
		});
		if (res.status === 412) return false;
		if (!res.ok) this.#fail('put', res);
		await res.body?.cancel();
		return true;
	}

	async get(key: string, options: { range?: ByteRange } = {}): Promise<StoredObject | null> {
		const headers = new Headers();
		let range = options.range;
		if (range && 'suffix' in range) {
			// Not every S3-compatible server honours suffix ranges (bytes=-n); resolve against the size.
			const info = await this.head(key);
			if (!info) return null;
			range = resolveRange(range, info.size);
		}
		if (range) {
			headers.set(
				'range',
				'suffix' in range
					? `bytes=-${range.suffix}`
					: `bytes=${range.offset}-${range.length === undefined ? '' : range.offset + range.length - 1}`
			);
		}
		const res = await this.#send('get', `${this.#base}/${encodeKey(key)}`, { headers });
		if (res.status === 404) {
			await res.body?.cancel();
			return null;
		}
		if (res.status === 416) {
			await res.body?.cancel();
			const info = await this.head(key);
			throw new RangeNotSatisfiableError(info?.size ?? 0);
		}
		if (!res.ok) this.#fail('get', res);
		const info = this.#info(key, res);
		let resolved: { offset: number; length: number } | undefined;
		if (range) {
			const m = /bytes (\d+)-(\d+)\/(\d+)/.exec(res.headers.get('content-range') ?? '');
			resolved = m
				? { offset: Number(m[1]), length: Number(m[2]) - Number(m[1]) + 1 }
				: resolveRange(range, info.size);
		}
		// Read once: S3 bodies are single-use streams.
		const bytes = new Uint8Array(await res.arrayBuffer());
		if (range && res.status === 200 && resolved) {
			// A server that ignored the Range header sent the whole object.
			const whole = bytes;
			const sliced = whole.slice(resolved.offset, resolved.offset + resolved.length);
			return storedFromBytes(info, sliced, resolved);
		}
		return storedFromBytes(info, bytes, resolved);
	}

	async head(key: string): Promise<ObjectInfo | null> {
		const res = await this.#send('head', `${this.#base}/${encodeKey(key)}`, { method: 'HEAD' });
		if (res.status === 404) return null;
		if (!res.ok) this.#fail('head', res);
		return this.#info(key, res);
	}

	async list({ prefix = '', cursor, limit = 1000 }: ListOptions = {}): Promise<ListResult> {
		// ListObjects (V1) with the last key as marker: supported by AWS, GCS's XML API and MinIO alike,
		// and independent of servers' continuation tokens (opaque, or broken in some test servers).
		const params = new URLSearchParams({ 'max-keys': String(Math.max(1, Math.min(limit, 1000))) });
		if (prefix) params.set('prefix', prefix);
		if (cursor) params.set('marker', cursor);
		const res = await this.#send('list', `${this.#base}?${params}`, {});
		if (!res.ok) this.#fail('list', res);
		const xml = await res.text();
		const objects: ObjectInfo[] = xmlValues(xml, 'Contents').map((entry) => ({
			key: unescapeXml(xmlValues(entry, 'Key')[0] ?? ''),
			size: Number(xmlValues(entry, 'Size')[0] ?? 0),
			etag: unescapeXml(xmlValues(entry, 'ETag')[0] ?? '').replace(/"/g, ''),
			uploaded: new Date(xmlValues(entry, 'LastModified')[0] ?? Date.now()),
			// Listings carry no user metadata; callers that need it ask `head`.
			metadata: {}
		}));
		const truncated = xmlValues(xml, 'IsTruncated')[0] === 'true';
		const last = objects[objects.length - 1]?.key;
		return { objects, cursor: truncated && last !== undefined ? last : undefined };
	}

	async delete(key: string): Promise<void> {
		const res = await this.#send('delete', `${this.#base}/${encodeKey(key)}`, { method: 'DELETE' });
		if (!res.ok && res.status !== 404) this.#fail('delete', res);
		await res.body?.cancel();
	}
}
