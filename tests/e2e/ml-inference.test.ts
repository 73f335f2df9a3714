// The inference Web Worker exactly as the built app ships it (onnxruntime-web wasm served by the
// app, cross-origin isolated), driven through its message protocol with a demo model.
import { expect, test } from '@playwright/test';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';

const WORKERS = join(process.cwd(), 'build/_app/immutable/workers');
const MODEL = 'static/models/penicillin-soft-sensor/1.0.0';

function inferenceWorkerPath(): string {
	const file = readdirSync(WORKERS).find(
		(f) => f.startsWith('inference.worker') && f.endsWith('.js')
	);
	if (!file) throw new Error(`no inference.worker*.js in ${WORKERS}: run vite build first`);
	return `/_app/immutable/workers/${file}`;
}

test('runs a demo model in the app inference worker, rejects a corrupt one and keeps the old', async ({
	page
}) => {
	const card = JSON.parse(readFileSync(join(MODEL, 'card.json'), 'utf8'));
	const features: { name: string; range: { min: number; max: number } }[] = card.features;
	// Three rows per feature: the low end, the middle and 3/4 of the card's range.
	const columns: Record<string, number[]> = Object.fromEntries(
		features.map((f) => {
			const { min, max } = f.range;
			return [f.name, [min, (min + max) / 2, min + (3 * (max - min)) / 4]];
		})
	);
	const requests: string[] = [];
	page.on('request', (r) => requests.push(r.url()));
	await page.goto('/');
	const result = await page.evaluate(
		async ({ workerUrl, card, columns }) => {
			const worker = new Worker(workerUrl, { type: 'module' });
			let next = 1;
			// The one worker protocol (src/lib/worker-rpc): a call names its method and arguments; the
			// answer is its result or its serialized error.
			const call = (method: string, ...args: unknown[]) =>
				new Promise<Record<string, unknown>>((resolve) => {
					const id = next++;
					const listener = (event: MessageEvent) => {
						if (event.data.id !== id || event.data.kind === 'progress') return;
						worker.removeEventListener('message', listener);
						resolve(event.data);
					};
					worker.addEventListener('message', listener);
					worker.postMessage({ kind: 'call', id, method, args });
				});
			const url = `/models/${card.name}/${card.version}/model.onnx`;
			const model = `${card.name}@${card.version}`;
			const loaded = await call('load', card, { url });
			const first = await call('predict', model, columns);
			const bytes = new Uint8Array(await (await fetch(url)).arrayBuffer()).subarray(0, 1000);
			const corrupt = await call('load', card, { bytes });
			const bad = await call('predict', model, { ...columns, 'Time (h)': ['soon', 1, 2] });
			const again = await call('predict', model, columns);
			worker.terminate();
			const values = (m: Record<string, unknown>) => {
				if (m.kind !== 'result') throw new Error(`no result: ${JSON.stringify(m)}`);
				return Array.from(
					(m.value as { outputs: { prediction: { data: Float32Array } } }).outputs.prediction.data
				);
			};
			return {
				crossOriginIsolated: self.crossOriginIsolated,
				loaded,
				first: values(first),
				again: values(again),
				corrupt: corrupt.error,
				bad: bad.error
			};
		},
		{ workerUrl: inferenceWorkerPath(), card, columns }
	);

	expect(result.crossOriginIsolated).toBe(true);
	expect(result.loaded).toMatchObject({
		kind: 'result',
		value: { backend: 'wasm', outputNames: ['prediction'] }
	});
	expect((result.loaded as { value: { threads: number } }).value.threads).toBeGreaterThanOrEqual(1);

	// The browser's answer equals onnxruntime-node's on the same rows.
	const session = await ort.InferenceSession.create(join(MODEL, 'model.onnx'), {
		intraOpNumThreads: 1
	});
	const F = features.length;
	const data = new Float32Array(3 * F);
	features.forEach((f, j) => columns[f.name].forEach((v, i) => (data[i * F + j] = v)));
	const expected = (await session.run({ input: new ort.Tensor('float32', data, [3, F]) }))
		.prediction.data as Float32Array;
	result.first.forEach((v, i) =>
		expect(Math.abs(v - expected[i])).toBeLessThanOrEqual(1e-5 * Math.max(1, Math.abs(expected[i])))
	);

	expect(result.corrupt).toMatchObject({
		name: 'ModelLoadError',
		fields: { reason: 'sha256', model: 'penicillin-soft-sensor@1.0.0' }
	});
	expect(result.bad).toMatchObject({
		name: 'ModelInputError',
		fields: { issues: [{ feature: 'Time (h)', row: 0 }] }
	});
	expect((result.bad as { message: string }).message).toContain("the string 'soon'");
	expect(result.again).toEqual(result.first);

	// Everything, the wasm runtime included, came from the app's own origin.
	const origin = new URL(page.url()).origin;
	expect(
		requests.filter(
			(u) => !u.startsWith(origin) && !u.startsWith('data:') && !u.startsWith('blob:')
		)
	).toEqual([]);
	expect(requests.some((u) => u.endsWith('.wasm'))).toBe(true);
});
