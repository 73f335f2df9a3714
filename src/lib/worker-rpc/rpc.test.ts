import { describe, expect, it } from 'vitest';
import { RpcClient } from './client';
import { deserializeError, serializeError } from './errors';
import { serveRpc } from './host';
import type { RpcEndpoint, RpcRequest, RpcResponse } from './protocol';

class CodeError extends Error {
	constructor(
		readonly code: string,
		message: string,
		readonly details?: { column: string; row: number }
	) {
		super(message);
		this.name = 'CodeError';
	}
}

type MathApi = {
	sum(values: Float64Array): number;
	slow(steps: number): string;
	scale(value: number, factor?: number): number;
	fail(column: string): never;
};

/** A client and a host joined in-process, as a Web Worker joins them through postMessage. */
function connect() {
	const toPage = new Set<(e: MessageEvent<RpcResponse<number>>) => void>();
	const onError = new Set<(e: ErrorEvent) => void>();
	const posted: RpcRequest<MathApi>[] = [];
	const handle = serveRpc<MathApi, number>(
		{
			sum: (values) => values.reduce((a, b) => a + b, 0),
			scale: (value, factor, { signal }) => (signal.aborted ? NaN : value * (factor ?? 2)),
			slow: async (steps, { signal, progress }) => {
				for (let i = 1; i <= steps; i++) {
					await new Promise((r) => setTimeout(r, 5));
					if (signal.aborted) throw signal.reason;
					progress(i / steps);
				}
				return 'done';
			},
			fail: (column) => {
				throw new CodeError('not_numeric', `column ${column} is not numeric`, { column, row: 3 });
			}
		},
		(message) => queueMicrotask(() => toPage.forEach((l) => l({ data: message } as MessageEvent)))
	);
	const endpoint: RpcEndpoint<MathApi, number> = {
		postMessage: (message) => {
			posted.push(message);
			void handle(structuredClone(message));
		},
		addEventListener: ((type: string, listener: never) => {
			if (type === 'message') toPage.add(listener);
			else onError.add(listener);
		}) as RpcEndpoint<MathApi, number>['addEventListener']
	};
	const client = new RpcClient<MathApi, number>(endpoint, {
		errors: { CodeError },
		name: 'math worker'
	});
	const crash = (message: string) => onError.forEach((l) => l({ message } as ErrorEvent));
	return { client, posted, crash };
}

describe('RpcClient with serveRpc', () => {
	it('pairs each call with its result', async () => {
		const { client } = connect();
		const [a, b] = await Promise.all([
			client.call('sum', [Float64Array.of(1, 2, 3)]),
			client.call('sum', [Float64Array.of(10, 20)])
		]);
		expect([a, b]).toEqual([6, 30]);
		expect(client.pending).toBe(0);
	});

	it('hands the context to the last parameter when optional arguments are left out', async () => {
		const { client } = connect();
		// A caller that omits the optional argument (as a raw postMessage may) still gets a context.
		expect(await client.call('scale', [3] as unknown as [number, number?])).toBe(6);
		expect(await client.call('scale', [3, 10])).toBe(30);
	});

	it('reports progress, and cancels through the signal', async () => {
		const { client, posted } = connect();
		const seen: number[] = [];
		expect(await client.call('slow', [4], { onProgress: (p) => seen.push(p) })).toBe('done');
		expect(seen).toEqual([0.25, 0.5, 0.75, 1]);
		const controller = new AbortController();
		const run = client.call('slow', [50], { signal: controller.signal });
		setTimeout(() => controller.abort(), 12);
		await expect(run).rejects.toMatchObject({ name: 'AbortError' });
		expect(posted.at(-1)).toMatchObject({ kind: 'cancel' });
	});

	it('rebuilds the error class with its fields on the page', async () => {
		const { client } = connect();
		const err = await client.call('fail', ['temp']).catch((e: unknown) => e);
		expect(err).toBeInstanceOf(CodeError);
		expect(err).toMatchObject({
			name: 'CodeError',
			code: 'not_numeric',
			message: 'column temp is not numeric',
			details: { column: 'temp', row: 3 }
		});
	});

	it('rejects every pending call when the worker crashes, and later calls too', async () => {
		const { client, crash } = connect();
		const run = client.call('slow', [50]);
		crash('out of memory');
		await expect(run).rejects.toThrow('The math worker failed to start or crashed: out of memory');
		await expect(client.call('sum', [Float64Array.of(1)])).rejects.toThrow('crashed');
	});

	it('refuses an already aborted signal without calling the worker', async () => {
		const { client, posted } = connect();
		await expect(
			client.call('sum', [Float64Array.of(1)], { signal: AbortSignal.abort() })
		).rejects.toMatchObject({ name: 'AbortError' });
		expect(posted).toEqual([]);
	});
});

describe('error serialization', () => {
	it('keeps plain fields and drops what structured clone refuses', () => {
		const err = Object.assign(new Error('bad'), { code: 'x', fn: () => 1, when: new Date(0) });
		const s = serializeError(err);
		expect(s.fields).toEqual({ code: 'x' });
		expect(() => structuredClone(s)).not.toThrow();
	});

	it('turns a thrown non-error into a message and an unknown class into a named Error', () => {
		expect(serializeError('boom')).toEqual({ name: 'Error', message: 'boom' });
		const e = deserializeError({ name: 'OddError', message: 'odd' });
		expect(e).toBeInstanceOf(Error);
		expect([e.name, e.message]).toEqual(['OddError', 'odd']);
	});
});
