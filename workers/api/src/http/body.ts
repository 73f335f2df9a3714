import type { Context } from 'hono';
import type { z } from 'zod';
import { ApiError } from '../errors';
import type { AppEnv } from '../env';

/**
 * Reads a request body up to `maxBytes`, refusing larger ones with 413 before reading them whole
 * (by Content-Length when sent, otherwise while streaming).
 *
 * @example
 * const bytes = await readBody(c, 8 * 1024 * 1024);
 */
export async function readBody(c: Context<AppEnv>, maxBytes: number): Promise<Uint8Array> {
	const tooLarge = () =>
		new ApiError(413, 'payload_too_large', `The request body is larger than ${maxBytes} bytes`, {
			max_bytes: maxBytes
		});
	const declared = Number(c.req.header('content-length'));
	if (Number.isFinite(declared) && declared > maxBytes) throw tooLarge();
	const stream = c.req.raw.body;
	if (!stream) return new Uint8Array();
	const reader = stream.getReader();
	const chunks: Uint8Array[] = [];
	let total = 0;
	for (;;) {
		const { done, value } = await reader.read();
		if (done) break;
		total += value.byteLength;
		if (total > maxBytes) {
			await reader.cancel();
			throw tooLarge();
		}
		chunks.push(value);
	}
	const out = new Uint8Array(total);
	let offset = 0;
	for (const chunk of chunks) {
		out.set(chunk, offset);
		offset += chunk.byteLength;
	}
	return out;
}

const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

/**
 * Decodes UTF-8 bytes, refusing invalid UTF-8 with 400.
 *
 * @example
 * utf8(new Uint8Array([0x7b, 0x7d])); // '{}'
 */
export function utf8(bytes: Uint8Array): string {
	try {
		return decoder.decode(bytes);
	} catch {
		throw new ApiError(400, 'bad_request', 'The request body is not valid UTF-8');
	}
}

/**
 * Parses JSON text, refusing malformed JSON with 400 and the parser's reason.
 *
 * @example
 * parseJson('{"a":1}'); // { a: 1 }
 */
export function parseJson(text: string, what = 'The request body'): unknown {
	try {
		return JSON.parse(text);
	} catch (err) {
		throw new ApiError(
			400,
			'bad_request',
			`${what} is not valid JSON: ${err instanceof Error ? err.message : 'parse error'}`
		);
	}
}

/** Zod issues as `{ path, message }`, at most 20, so a huge bad batch does not make a huge error. */
export function issuesOf(error: z.ZodError, prefix: (string | number)[] = []) {
	return error.issues.slice(0, 20).map((issue) => ({
		path: [...prefix, ...issue.path].map(String).join('.') || '(root)',
		message: issue.message
	}));
}

/**
 * Validates data against a contract, refusing it with 422 and the issues (path and message).
 *
 * @example
 * const snapshot = validate(metricsSnapshotSchema, body, 'metrics snapshot');
 */
export function validate<S extends z.ZodType>(schema: S, data: unknown, what: string): z.infer<S> {
	const result = schema.safeParse(data);
	if (!result.success) {
		const issues = issuesOf(result.error);
		throw new ApiError(
			422,
			'unprocessable',
			`The ${what} does not match its contract: ${issues[0]?.path}: ${issues[0]?.message}`,
			{ issues }
		);
	}
	return result.data;
}

/** Lowercase hex SHA-256 of bytes. */
export async function sha256Hex(bytes: Uint8Array | string): Promise<string> {
	const data = typeof bytes === 'string' ? new TextEncoder().encode(bytes) : bytes;
	const digest = await crypto.subtle.digest('SHA-256', data);
	return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** The media type of a request without parameters, lowercased. */
export function mediaType(c: Context<AppEnv>): string {
	return (c.req.header('content-type') ?? '').split(';')[0].trim().toLowerCase();
}

/** How a batch endpoint names its items in errors. */
export interface BatchNames {
	/** Singular noun, capitalised as it starts a message: 'Record', 'Label'. */
	item: string;
	/** Plural noun: 'records', 'labels' (also the path prefix of issues). */
	items: string;
	/** The contract's schema id, e.g. 'vigil.prediction/1'. */
	contract: string;
	/** The key of the item index in error details: 'record', 'label'. */
	detail: string;
	/** Appended to the repeated-id message. */
	repeatHint?: string;
}

/**
 * Validates a batch of id-carrying items against their contract: not empty, at most `maxItems`,
 * every item valid (422 naming the item and the first issue), no id twice (422).
 *
 * @example
 * const records = validateBatch(raw, predictionRecordSchema, 10_000, {
 *   item: 'Record', items: 'records', contract: 'vigil.prediction/1', detail: 'record' });
 */
export function validateBatch<T extends { id: string }>(
	raw: unknown[],
	schema: z.ZodType<T>,
	maxItems: number,
	names: BatchNames
): T[] {
	if (raw.length === 0)
		throw new ApiError(422, 'unprocessable', `The batch holds no ${names.items}`);
	if (raw.length > maxItems)
		throw new ApiError(
			413,
			'payload_too_large',
			`The batch holds ${raw.length} ${names.items}; at most ${maxItems} are accepted`,
			{ max_records: maxItems }
		);
	const out: T[] = [];
	const ids = new Set<string>();
	for (let i = 0; i < raw.length; i++) {
		const result = schema.safeParse(raw[i]);
		if (!result.success) {
			const issues = issuesOf(result.error, [names.items, i]);
			throw new ApiError(
				422,
				'unprocessable',
				`${names.item} ${i} does not match ${names.contract}: ${issues[0].path}: ${issues[0].message}`,
				{ [names.detail]: i, issues }
			);
		}
		if (ids.has(result.data.id))
			throw new ApiError(
				422,
				'unprocessable',
				`${names.item} ${i} repeats the id ${result.data.id} of an earlier ${names.item.toLowerCase()} in the batch${names.repeatHint ?? ''}`,
				{ [names.detail]: i }
			);
		ids.add(result.data.id);
		out.push(result.data);
	}
	return out;
}

/**
 * Splits a JSON or NDJSON batch body into its raw items: NDJSON one per line; JSON a bare array or
 * `{ [field]: [...] }` (nothing else beside it). `shape` is the 422 sentence for any other JSON,
 * `accepted` names the media types for the 415.
 *
 * @example
 * const raw = batchItems(c, bytes, { field: 'labels', shape: 'A JSON label batch is …', accepted: 'application/json or application/x-ndjson' });
 */
export function batchItems(
	c: Context<AppEnv>,
	bytes: Uint8Array,
	{ field, shape, accepted }: { field: string; shape: string; accepted: string }
): unknown[] {
	const type = mediaType(c);
	if (['application/x-ndjson', 'application/jsonl', 'application/ndjson'].includes(type)) {
		const out: unknown[] = [];
		utf8(bytes)
			.split('\n')
			.forEach((line, i) => {
				if (line.trim() !== '') out.push(parseJson(line, `NDJSON line ${i + 1}`));
			});
		return out;
	}
	if (type === 'application/json' || type === '') {
		const body = parseJson(utf8(bytes));
		if (Array.isArray(body)) return body;
		if (
			body !== null &&
			typeof body === 'object' &&
			Array.isArray((body as Record<string, unknown>)[field])
		) {
			const extra = Object.keys(body).filter((k) => k !== field);
			if (extra.length > 0)
				throw new ApiError(
					422,
					'unprocessable',
					`Unknown field(s) next to "${field}": ${extra.slice(0, 5).join(', ')}`
				);
			return (body as Record<string, unknown[]>)[field];
		}
		throw new ApiError(422, 'unprocessable', shape);
	}
	throw new ApiError(
		415,
		'unsupported_media_type',
		`Content-Type ${type} is not accepted: use ${accepted}`
	);
}
