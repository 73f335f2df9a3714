import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monotonicFactory } from 'ulid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PredictionRecord } from '../../src/lib/contracts/prediction';
import { ApiClient, ApiStatusError } from '../lib/api.ts';
import { Spool } from './spool.ts';

const nextId = monotonicFactory();

function batch(n: number) {
	const records: PredictionRecord[] = Array.from({ length: n }, (_, i) => ({
		id: nextId(),
		model: 'm',
		model_version: '1',
		device: 'd',
		ts: new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString(),
		features: { x: i },
		prediction: i
	}));
	return { key: nextId(), records };
}

/**
 * A loopback stand-in for the ingest endpoint that keeps batches by Idempotency-Key, answers
 * `replayed` for a known key, and can be told to drop the connection after storing (a lost
 * acknowledgement) or to answer a given status.
 */
let server: Server;
let url: string;
const stored = new Map<string, number>();
let mode: 'ok' | 'lose-ack' | 503 | 401 = 'ok';

beforeAll(async () => {
	server = createServer((req, res) => {
		let body = '';
		req.on('data', (d) => (body += d));
		req.on('end', () => {
			const key = String(req.headers['idempotency-key']);
			if (mode === 503 || mode === 401) {
				res.writeHead(mode, { 'content-type': 'application/json' });
				res.end(
					JSON.stringify({
						error: { code: mode === 503 ? 'storage_unavailable' : 'unauthorized', message: 'no' }
					})
				);
				return;
			}
			const replayed = stored.has(key);
			if (!replayed) stored.set(key, (JSON.parse(body) as unknown[]).length);
			if (mode === 'lose-ack') {
				req.socket.destroy();
				return;
			}
			res.writeHead(replayed ? 200 : 201, { 'content-type': 'application/json' });
			res.end(
				JSON.stringify({
					schema: 'vigil.prediction-ingest/1',
					batch: key,
					records: stored.get(key),
					objects: [],
					replayed
				})
			);
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('Spool', () => {
	it('keeps a batch whose acknowledgement was lost and resends it under the same key', async () => {
		const dir = mkdtempSync(join(tmpdir(), 'vigil-spool-'));
		try {
			const spool = await Spool.open(dir);
			const api = new ApiClient(url, 'token', 5000);
			const a = batch(3);
			const b = batch(2);
			await spool.add(a);
			await spool.add(b);
			mode = 'lose-ack';
			const first = await spool.flush(api);
			expect(first).toMatchObject({ sent: 0, waiting: 2 });
			expect(first.lastError).toContain('unreachable');
			expect(await spool.pending()).toEqual([a.key, b.key]);
			mode = 'ok';
			const second = await spool.flush(api);
			expect(second).toMatchObject({ sent: 2, records: 5, replayed: 1, waiting: 0 });
			expect(readdirSync(dir)).toEqual([]);
			// Each batch stored once, under its own key.
			expect(stored.get(a.key)).toBe(3);
			expect(stored.get(b.key)).toBe(2);
		} finally {
			rmSync(dir, { recursive: true, force: true });
		}
	});

	it('waits on 503 and stops with an error on a refusal, keeping the batch', async () => {
		const dir = mkdtempSync(join(tmpdir(), 'vigil-spool-'));
		try {
			const spool = await Spool.open(dir);
			const api = new ApiClient(url, 'token', 5000);
			const c = batch(1);
			await spool.add(c);
			mode = 503;
			expect(await spool.flush(api)).toMatchObject({ sent: 0, waiting: 1 });
			mode = 401;
			await expect(spool.flush(api)).rejects.toThrow(ApiStatusError);
			await expect(spool.flush(api)).rejects.toThrow('401 unauthorized');
			expect(await spool.pending()).toEqual([c.key]);
		} finally {
			mode = 'ok';
			rmSync(dir, { recursive: true, force: true });
		}
	});
});
