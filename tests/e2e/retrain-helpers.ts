// Fixtures of the retraining browser tests: a champion in production with labelled live traffic.
import { expect, test, type APIRequestContext } from '@playwright/test';
import * as ortNode from 'onnxruntime-node';
import { ulid } from 'ulid';
import { buildModel } from '../../src/lib/ml/build-model';
import type { OrtModule } from '../../src/lib/ml/model-session';
import { predictGbdt } from '../../src/lib/ml/train/gbdt';
import {
	encodeSynthetic,
	syntheticChampionSpec,
	syntheticRows,
	syntheticTraffic
} from '../fixtures/retrain-synthetic';
import { AUTH } from './app-helpers';
import { Float64, Table, Utf8, makeVector, tableToIPC, vectorFromArray } from 'apache-arrow';
import * as pq from 'parquet-wasm';
import { parquetCodec, type ParquetWasmModule } from '../../src/lib/data/parquet-codec';

/**
 * A champion trained before the world changed, registered and in production, with live traffic
 * after the change scored by it and labels for 4 in 5 of those predictions.
 */
export async function seedChampion(
	request: APIRequestContext,
	name: string,
	{ referenceLocation }: { referenceLocation?: string } = {}
) {
	const spec = syntheticChampionSpec(
		name,
		syntheticRows(600, 1, false),
		'1.0.0',
		referenceLocation
	);
	const champion = await buildModel(spec, {
		runtimes: { 'onnxruntime-node': ortNode as unknown as OrtModule },
		trainedAt: '2026-11-01T00:00:00Z'
	});
	const put = await request.put(`/api/v1/models/${name}/1.0.0`, {
		headers: AUTH,
		data: { card: champion.card, onnx_base64: Buffer.from(champion.onnx).toString('base64') }
	});
	expect(put.status(), await put.text()).toBe(201);
	const first = await request.post(`/api/v1/models/${name}/1.0.0/promote`, {
		headers: AUTH,
		data: { stage: 'production' }
	});
	expect(first.status()).toBe(200);
	const live = syntheticRows(500, 2, true);
	const start = Date.now() - 6 * 86_400_000;
	const { records, labels } = syntheticTraffic(
		name,
		live,
		predictGbdt(champion.model, encodeSynthetic(live).columns),
		{ ids: () => ulid(), start, labelledAt: new Date().toISOString() }
	);
	for (const [path, body] of [
		['/api/v1/predictions', { records }],
		['/api/v1/labels', { labels }]
	] as const) {
		const res = await request.post(path, {
			headers: { ...AUTH, 'idempotency-key': ulid() },
			data: body
		});
		expect(res.status(), await res.text()).toBe(201);
	}
	return { champion, start, records, labels };
}

/**
 * Stores the champion's 600 original rows (x1, x2, phase, y) as a Parquet data set in the Worker
 * and returns its path, for a card's reference location.
 */
export async function storeOriginalRows(request: APIRequestContext, name: string): Promise<string> {
	const rows = syntheticRows(600, 1, false);
	const table = new Table({
		x1: makeVector({ type: new Float64(), data: Float64Array.from(rows, (r) => r.x1) }),
		x2: makeVector({ type: new Float64(), data: Float64Array.from(rows, (r) => r.x2) }),
		phase: vectorFromArray(
			rows.map((r) => r.phase),
			new Utf8()
		),
		y: makeVector({ type: new Float64(), data: Float64Array.from(rows, (r) => r.y) })
	});
	const bytes = parquetCodec(pq as unknown as ParquetWasmModule).fromIpc(
		tableToIPC(table, 'stream')
	);
	const path = `/api/v1/datasets/${name}.parquet`;
	const put = await request.put(path, {
		headers: { ...AUTH, 'content-type': 'application/octet-stream' },
		data: Buffer.from(bytes)
	});
	expect(put.status(), await put.text()).toBeLessThan(300);
	return path;
}

/**
 * A model name of its own for each attempt of a test (retries, --repeat-each), so an attempt does
 * not meet the registry entries and predictions an earlier one left behind.
 */
export function attemptName(base: string): string {
	const { retry, repeatEachIndex } = test.info();
	return `${base}${repeatEachIndex ? `-x${repeatEachIndex}` : ''}${retry ? `-r${retry}` : ''}`;
}
