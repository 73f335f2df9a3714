import { env } from 'cloudflare:workers';
import { tableFromArrays, tableToIPC } from 'apache-arrow';
import { initSync, Table as WasmTable, writeParquet } from 'parquet-wasm/esm';
import parquetWasm from 'parquet-wasm/esm/parquet_wasm_bg.wasm';
import { describe, expect, it } from 'vitest';
import { call, newId } from './helpers';

function parquetOf(columns: Record<string, unknown[] | Float64Array>): Uint8Array {
	initSync({ module: parquetWasm });
	const arrow = tableFromArrays(columns as Parameters<typeof tableFromArrays>[0]);
	return writeParquet(WasmTable.fromIPCStream(tableToIPC(arrow, 'stream')));
}

describe('POST /api/v1/predictions with Parquet (parquet-wasm inside workerd)', () => {
	it('decodes flat feature columns into records and stores them', async () => {
		const ids = [newId(), newId(), newId()];
		const bytes = parquetOf({
			id: ids,
			model: ['parquet-model', 'parquet-model', 'parquet-model'],
			model_version: ['1', '1', '1'],
			device: ['plc-1', 'plc-1', 'plc-2'],
			ts: ['2026-11-22T08:00:00Z', '2026-11-22T08:00:01Z', '2026-11-22T08:00:02Z'],
			prediction: Float64Array.from([1.5, 2.5, 3.5]),
			temperature: Float64Array.from([298, 299, 300]),
			phase: ['fed', 'batch', 'fed']
		});
		const res = await call('/api/v1/predictions', {
			method: 'POST',
			token: 'ingest',
			headers: { 'content-type': 'application/vnd.apache.parquet', 'idempotency-key': newId() },
			body: bytes
		});
		expect(res.status).toBe(201);
		const body = await res.json<{ records: number; objects: { key: string }[] }>();
		expect(body.records).toBe(3);
		const key = body.objects.find((o) => o.key.includes('device=plc-1'))!.key;
		const lines = (await (await env.STORE.get(key))!.text())
			.trim()
			.split('\n')
			.map((l) => JSON.parse(l));
		expect(lines).toEqual([
			expect.objectContaining({
				id: ids[0],
				prediction: 1.5,
				features: { temperature: 298, phase: 'fed' }
			}),
			expect.objectContaining({
				id: ids[1],
				prediction: 2.5,
				features: { temperature: 299, phase: 'batch' }
			})
		]);
	});

	it('refuses bytes that are not Parquet with 400', async () => {
		const res = await call('/api/v1/predictions', {
			method: 'POST',
			token: 'ingest',
			headers: { 'content-type': 'application/vnd.apache.parquet', 'idempotency-key': newId() },
			body: new Uint8Array([80, 65, 82, 49, 0, 0, 1, 2, 3])
		});
		expect(res.status).toBe(400);
		expect((await res.json<{ error: { code: string } }>()).error.code).toBe('bad_request');
	});
});
