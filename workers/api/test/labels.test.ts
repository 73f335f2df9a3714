import { decodeTime } from 'ulid';
import { describe, expect, it } from 'vitest';
import { ulidDate } from '../src/services/label-store';
import { pointMetrics } from '../../../src/lib/retrain/performance-window';
import { call, newId, postJson, record, type ErrorBody } from './helpers';
import { base64, cardFor, fakeOnnx } from './model-fixtures';

interface IngestBody {
	batch: string;
	labels: number;
	objects: string[];
	replayed: boolean;
	changed: { id: string; previous: unknown; label: unknown; effective: boolean }[];
}

function postLabels(labels: unknown, key = newId(), token: 'ingest' | 'read' = 'ingest') {
	return postJson('/api/v1/labels', labels, token, { 'idempotency-key': key });
}

function postPredictions(records: unknown[]) {
	return postJson('/api/v1/predictions', records, 'ingest', { 'idempotency-key': newId() });
}

async function coverage(model: string, query = 'from=2026-11-20&to=2026-11-23') {
	const res = await call(`/api/v1/labels/coverage?model=${model}&${query}`, { token: 'read' });
	expect(res.status).toBe(200);
	return res.json<{
		total: { predictions: number; labelled: number; coverage: number | null };
		by_version: { model_version: string; predictions: number; labelled: number }[];
		windows: { start: string; predictions: number; labelled: number; coverage: number | null }[];
	}>();
}

describe('POST /api/v1/labels', () => {
	it('keeps labels of unknown ids and joins them when the prediction arrives', async () => {
		const model = 'late-join';
		const preds = [0, 1, 2, 3].map((i) =>
			record({ model, ts: `2026-11-21T0${i}:00:00Z`, prediction: 10 + i })
		);
		// Labels first: nothing to join yet.
		const res = await postLabels(
			preds
				.slice(0, 3)
				.map((p, i) => ({ id: p.id, label: 11 + i, observed_at: '2026-11-21T12:00:00Z' }))
		);
		expect(res.status).toBe(201);
		const body = await res.json<IngestBody>();
		expect(body.labels).toBe(3);
		expect(body.changed).toEqual([]);
		expect((await coverage(model)).total).toMatchObject({
			predictions: 0,
			labelled: 0,
			coverage: null
		});

		expect((await postPredictions(preds)).status).toBe(201);
		const after = await coverage(
			model,
			'from=2026-11-21T00:00:00Z&to=2026-11-21T04:00:00Z&window=2h'
		);
		expect(after.total).toEqual({
			start: '2026-11-21T00:00:00.000Z',
			end: '2026-11-21T04:00:00.000Z',
			predictions: 4,
			labelled: 3,
			coverage: 0.75
		});
		expect(after.windows.map((w) => [w.predictions, w.labelled])).toEqual([
			[2, 2],
			[2, 1]
		]);
		expect(after.by_version).toEqual([
			{ model_version: '1.0.0', predictions: 4, labelled: 3, coverage: 0.75 }
		]);
	});

	it('lets the later observed_at win and records the change and the history', async () => {
		const id = newId();
		await postLabels([{ id, label: 5, observed_at: '2026-11-21T12:00:00Z' }]);
		const corrected = await postLabels([{ id, label: 6, observed_at: '2026-11-21T13:00:00Z' }]);
		expect((await corrected.json<IngestBody>()).changed).toEqual([
			{
				id,
				previous: 5,
				previous_observed_at: '2026-11-21T12:00:00Z',
				label: 6,
				observed_at: '2026-11-21T13:00:00Z',
				effective: true
			}
		]);
		// An older observation arriving late is kept in the history but does not replace the newer one.
		const stale = await postLabels([{ id, label: 4, observed_at: '2026-11-21T11:00:00Z' }]);
		expect((await stale.json<IngestBody>()).changed[0]).toMatchObject({
			label: 4,
			effective: false
		});

		const res = await call(`/api/v1/labels/${id}`, { token: 'read' });
		expect(res.status).toBe(200);
		const history = await res.json<{ current: { label: number }; history: { label: number }[] }>();
		expect(history.current.label).toBe(6);
		expect(history.history.map((h) => h.label)).toEqual([4, 5, 6]);
	});

	it('stores a batch once however often it is retried', async () => {
		const key = newId();
		const labels = [{ id: newId(), label: true, observed_at: '2026-11-21T12:00:00Z' }];
		const first = await postLabels(labels, key);
		expect(first.status).toBe(201);
		const again = await postLabels(labels, key);
		expect(again.status).toBe(200);
		const replay = await again.json<IngestBody>();
		expect(replay.replayed).toBe(true);
		expect(replay.batch).toBe((await first.json<IngestBody>()).batch);
		const history = await (
			await call(`/api/v1/labels/${labels[0].id}`, { token: 'read' })
		).json<{ history: unknown[] }>();
		expect(history.history).toHaveLength(1);
		const conflict = await postLabels([{ ...labels[0], label: false }], key);
		expect(conflict.status).toBe(409);
	});

	it('refuses bad input with the envelope and stores nothing', async () => {
		const id = newId();
		const cases: [unknown, RegExp][] = [
			[[{ id, label: { value: 1 }, observed_at: '2026-11-21T12:00:00Z' }], /labels\.0\.label/],
			[[{ id, label: null, observed_at: '2026-11-21T12:00:00Z' }], /labels\.0\.label/],
			[[{ id: 'not-a-ulid', label: 1, observed_at: '2026-11-21T12:00:00Z' }], /labels\.0\.id/],
			[[{ id, label: 1, observed_at: 'yesterday' }], /labels\.0\.observed_at/],
			[[{ id, label: 1, observed_at: '2026-11-21T12:00:00Z', extra: 1 }], /labels\.0/],
			[
				[
					{ id, label: 1, observed_at: '2026-11-21T12:00:00Z' },
					{ id, label: 2, observed_at: '2026-11-21T13:00:00Z' }
				],
				/repeats the id/
			],
			[[], /no labels/],
			[{ labels: [], more: 1 }, /Unknown field/]
		];
		for (const [body, message] of cases) {
			const res = await postLabels(body);
			expect(res.status, JSON.stringify(body)).toBe(422);
			expect((await res.json<ErrorBody>()).error.message).toMatch(message);
		}
		expect((await call(`/api/v1/labels/${id}`, { token: 'read' })).status).toBe(404);

		const noKey = await postJson(
			'/api/v1/labels',
			[{ id, label: 1, observed_at: '2026-11-21T12:00:00Z' }],
			'ingest'
		);
		expect(noKey.status).toBe(400);
		expect(
			(await postLabels([{ id, label: 1, observed_at: '2026-11-21T12:00:00Z' }], newId(), 'read'))
				.status
		).toBe(403);
		const text = await call('/api/v1/labels', {
			method: 'POST',
			token: 'ingest',
			headers: { 'content-type': 'text/csv', 'idempotency-key': newId() },
			body: 'id,label'
		});
		expect(text.status).toBe(415);
	});

	it('refuses a label of the wrong type for the model it names', async () => {
		const bytes = fakeOnnx(91);
		const card = await cardFor('typed-labels', '1', bytes);
		const put = await call('/api/v1/models/typed-labels/1', {
			method: 'PUT',
			token: 'admin',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ card, onnx_base64: base64(bytes) })
		});
		expect(put.status).toBe(201);
		const id = newId();
		const res = await postLabels([
			{ id, label: 'high', observed_at: '2026-11-21T12:00:00Z', model: 'typed-labels' }
		]);
		expect(res.status).toBe(422);
		expect((await res.json<ErrorBody>()).error.message).toMatch(
			/wrong type for typed-labels@1: a regression label must be a number/
		);
		expect((await call(`/api/v1/labels/${id}`, { token: 'read' })).status).toBe(404);
		const ok = await postLabels([
			{ id, label: 12.5, observed_at: '2026-11-21T12:00:00Z', model: 'typed-labels' }
		]);
		expect(ok.status).toBe(201);
	});

	it('accepts NDJSON', async () => {
		const a = newId();
		const b = newId();
		const res = await call('/api/v1/labels', {
			method: 'POST',
			token: 'ingest',
			headers: { 'content-type': 'application/x-ndjson', 'idempotency-key': newId() },
			body: `{"id":"${a}","label":1,"observed_at":"2026-11-21T12:00:00Z"}\n{"id":"${b}","label":0,"observed_at":"2026-11-21T12:00:00Z"}\n`
		});
		expect(res.status).toBe(201);
		expect((await res.json<IngestBody>()).labels).toBe(2);
	});
});

describe('GET /api/v1/labels/joined', () => {
	it('answers the labelled predictions in time order with the label in force', async () => {
		const model = 'joined-model';
		const preds = [2, 0, 1].map((h) =>
			record({ model, ts: `2026-11-21T0${h}:00:00Z`, prediction: h })
		);
		preds.push(record({ model, ts: '2026-11-21T03:00:00Z', label: 7 }));
		expect((await postPredictions(preds)).status).toBe(201);
		await postLabels([
			{ id: preds[0].id, label: 1, observed_at: '2026-11-21T10:00:00Z' },
			{ id: preds[1].id, label: 2, observed_at: '2026-11-21T10:00:00Z' }
		]);
		await postLabels([{ id: preds[0].id, label: 3, observed_at: '2026-11-21T11:00:00Z' }]);
		const res = await call(`/api/v1/labels/joined?model=${model}&from=2026-11-21&to=2026-11-22`, {
			token: 'read'
		});
		expect(res.status).toBe(200);
		const body = await res.json<{
			predictions: number;
			labelled: number;
			coverage: number;
			records: { id: string; label: number; label_source: string }[];
		}>();
		expect([body.predictions, body.labelled, body.coverage]).toEqual([4, 3, 0.75]);
		expect(body.records.map((r) => [r.id, r.label, r.label_source])).toEqual([
			[preds[1].id, 2, 'labels'],
			[preds[0].id, 3, 'labels'],
			[preds[3].id, 7, 'record']
		]);
	});
});

describe('GET /api/v1/labels/coverage', () => {
	it('refuses a missing model or a bad range', async () => {
		expect((await call('/api/v1/labels/coverage', { token: 'read' })).status).toBe(400);
		const reversed = await call('/api/v1/labels/coverage?model=m&from=2026-11-22&to=2026-11-21', {
			token: 'read'
		});
		expect(reversed.status).toBe(400);
		const badWindow = await call('/api/v1/labels/coverage?model=m&window=3weeks', {
			token: 'read'
		});
		expect((await badWindow.json<ErrorBody>()).error.message).toMatch(/duration/);
	});
});

describe('GET /api/v1/performance', () => {
	it('computes metrics per window once coverage reaches the minimum', async () => {
		const model = 'perf-windows';
		// Day 1: 20 predictions, 10 labelled (coverage 0.5). Day 2: 20 predictions, 2 labelled (0.1).
		const day1 = Array.from({ length: 20 }, (_, i) =>
			record({ model, ts: `2026-11-20T${String(i).padStart(2, '0')}:00:00Z`, prediction: i })
		);
		const day2 = Array.from({ length: 20 }, (_, i) =>
			record({ model, ts: `2026-11-21T${String(i).padStart(2, '0')}:00:00Z`, prediction: i })
		);
		expect((await postPredictions([...day1, ...day2])).status).toBe(201);
		const truth = (i: number) => i + (i % 2 === 0 ? 1 : -2);
		const labels = [
			...day1
				.slice(0, 10)
				.map((p, i) => ({ id: p.id, label: truth(i), observed_at: '2026-11-22T00:00:00Z' })),
			...day2
				.slice(0, 2)
				.map((p, i) => ({ id: p.id, label: truth(i), observed_at: '2026-11-22T00:00:00Z' }))
		];
		expect((await postLabels(labels)).status).toBe(201);

		const res = await call(
			`/api/v1/performance?model=${model}&from=2026-11-20&to=2026-11-22&window=1d`,
			{ token: 'read' }
		);
		expect(res.status).toBe(200);
		const body = await res.json<{
			task: string;
			windows: {
				state: string;
				labelled: number;
				coverage: number;
				metrics: Record<string, { value: number; lower: number; upper: number }>;
			}[];
		}>();
		expect(body.task).toBe('regression');
		expect(body.windows.map((w) => [w.state, w.labelled, w.coverage])).toEqual([
			['ok', 10, 0.5],
			['not_enough_labels', 2, 0.1]
		]);
		const expected = pointMetrics(
			'regression',
			Float64Array.from({ length: 10 }, (_, i) => truth(i)),
			Float64Array.from({ length: 10 }, (_, i) => i)
		);
		const rmse = body.windows[0].metrics.rmse;
		expect(rmse.value).toBeCloseTo(expected.rmse!, 12);
		// Errors are 1 or 2 in absolute value, so every resample's RMSE lies in [1, 2].
		expect(rmse.lower).toBeGreaterThanOrEqual(1);
		expect(rmse.upper).toBeLessThanOrEqual(2);
		expect(rmse.lower).toBeLessThanOrEqual(rmse.value);
		expect(body.windows[1].metrics).toEqual({});

		const lowered = await call(
			`/api/v1/performance?model=${model}&from=2026-11-20&to=2026-11-22&window=1d&min_coverage=0.05&interval=analytic`,
			{ token: 'read' }
		);
		const lb = await lowered.json<{ windows: { state: string }[] }>();
		expect(lb.windows.map((w) => w.state)).toEqual(['ok', 'ok']);
	});

	it('refuses bad parameters', async () => {
		for (const q of [
			'model=m&min_coverage=2',
			'model=m&interval=jackknife',
			'model=m&task=ranking',
			'model=../x'
		])
			expect((await call(`/api/v1/performance?${q}`, { token: 'read' })).status, q).toBe(400);
	});
});

describe('ulidDate', () => {
	it('is the UTC date of the ULID timestamp (the label partition)', () => {
		for (const id of [newId(), '01JD0000000000000000000000', '7ZZZZZZZZZ0000000000000000'])
			expect(ulidDate(id)).toBe(new Date(decodeTime(id)).toISOString().slice(0, 10));
	});
});
