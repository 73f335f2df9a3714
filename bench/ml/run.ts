// `npm run bench:ml`: rows/s of the demo tree models with onnxruntime-web in Node and in headless
// Chromium (wasm in a Web Worker, cross-origin isolated) against onnxruntime-node, at batch sizes
// 1, 1,000 and 100,000; single-row p50 latency; training time of each demo model. The runtimes are
// measured in interleaved rounds so that they share the machine's load alike.
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as ortNode from 'onnxruntime-node';
import * as ortWeb from 'onnxruntime-web';
import type { Browser, Page } from 'playwright-core';
import { DEMO_MODELS } from '../../cli/commands/models';
import { modelManifestSchema } from '../../src/lib/contracts/model-card';
import type { OrtModule } from '../../src/lib/ml/model-session';
import { trainGbdt } from '../../src/lib/ml/train/gbdt';
import { launchChromium, serveBenchDir } from '../lib/browser';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BUILD = join(ROOT, 'bench/.build/ml');
const DATA_DIR = process.env.VIGIL_DATA_DIR ?? join(ROOT, 'data');
const BATCHES = [1, 1000, 100_000];
const ROUNDS = 3;
interface Plan {
	warmup: number;
	minRuns: number;
	maxRuns: number;
	minMs: number;
}
const PLAN: Record<number, Plan> = {
	1: { warmup: 20, minRuns: 200, maxRuns: 3000, minMs: 300 },
	1000: { warmup: 3, minRuns: 10, maxRuns: 300, minMs: 400 },
	100000: { warmup: 1, minRuns: 3, maxRuns: 10, minMs: 600 }
};

interface Model {
	name: string;
	bytes: Uint8Array;
	input: Float32Array;
	features: number;
}
type Measure = (model: string, batch: number) => Promise<number>;

function median(values: number[]): number {
	const s = [...values].sort((a, b) => a - b);
	return s[Math.floor(s.length / 2)];
}

async function nodeRuntime(
	ort: OrtModule,
	models: Model[],
	options: Record<string, unknown>
): Promise<Measure> {
	const sessions = new Map<string, Awaited<ReturnType<OrtModule['InferenceSession']['create']>>>();
	for (const m of models)
		sessions.set(m.name, await ort.InferenceSession.create(m.bytes, options as never));
	return async (name, batch) => {
		const m = models.find((x) => x.name === name)!;
		const session = sessions.get(name)!;
		const data = m.input.subarray(0, batch * m.features);
		const run = () =>
			session.run({
				[session.inputNames[0]]: new ort.Tensor('float32', data, [batch, m.features])
			});
		const plan = PLAN[batch];
		for (let i = 0; i < plan.warmup; i++) await run();
		const times: number[] = [];
		const started = performance.now();
		while (
			times.length < plan.minRuns ||
			(performance.now() - started < plan.minMs && times.length < plan.maxRuns)
		) {
			const t0 = performance.now();
			await run();
			times.push(performance.now() - t0);
		}
		return median(times);
	};
}

async function browserRuntime(
	browser: Browser,
	port: number,
	models: Model[],
	threads: number | 'auto'
): Promise<{ measure: Measure; env: Record<string, unknown>; page: Page }> {
	const page = await browser.newPage();
	page.on('pageerror', (err) => console.error('page error:', err.message));
	await page.goto(`http://127.0.0.1:${port}/index.html`);
	await page.waitForFunction('window.benchReady === true');
	const call = (message: Record<string, unknown>) =>
		page.evaluate(
			(m) => (window as unknown as { benchCall: (m: unknown) => Promise<unknown> }).benchCall(m),
			message
		);
	const env = (await call({ type: 'init', threads })) as Record<string, unknown>;
	for (const m of models) {
		await call({
			type: 'load',
			name: m.name,
			features: m.features,
			onnx: `./models/${m.name}.onnx`,
			input: `./models/${m.name}.bin`
		});
	}
	const measure: Measure = async (name, batch) =>
		((await call({ type: 'measure', name, batch, plan: PLAN[batch] })) as { medianMs: number })
			.medianMs;
	return { measure, env, page };
}

const fmt = (v: number): string => Math.round(v).toLocaleString('en-US');

async function main(): Promise<void> {
	const manifest = modelManifestSchema.parse(
		JSON.parse(readFileSync(join(ROOT, 'static/models/manifest.json'), 'utf8'))
	);
	rmSync(BUILD, { recursive: true, force: true });
	mkdirSync(join(BUILD, 'ort'), { recursive: true });
	mkdirSync(join(BUILD, 'models'), { recursive: true });
	const dist = join(ROOT, 'node_modules/onnxruntime-web/dist');
	for (const f of [
		'ort.wasm.min.mjs',
		'ort-wasm-simd-threaded.mjs',
		'ort-wasm-simd-threaded.wasm'
	]) {
		copyFileSync(join(dist, f), join(BUILD, 'ort', f));
	}
	copyFileSync(join(ROOT, 'bench/ml/page.js'), join(BUILD, 'page.js'));
	copyFileSync(join(ROOT, 'bench/ml/worker.js'), join(BUILD, 'worker.js'));
	writeFileSync(
		join(BUILD, 'index.html'),
		'<!doctype html><meta charset="utf-8"><title>vigil bench:ml</title><script type="module" src="./page.js"></script>\n'
	);

	// Training time of every demo model, and its input rows (the real training rows, repeated).
	const training: { model: string; seconds: number; trees: number; rows: number }[] = [];
	const models: Model[] = [];
	for (const entry of manifest.models) {
		const source = DEMO_MODELS[entry.name];
		const spec = source.spec(source.files.map((f) => readFileSync(join(DATA_DIR, f), 'utf8')));
		const started = performance.now();
		const { model } = trainGbdt(spec.train, spec.validation, spec.params);
		training.push({
			model: entry.name,
			seconds: (performance.now() - started) / 1000,
			trees: model.trees.length,
			rows: spec.train.y.length
		});
		console.log(`trained ${entry.name}: ${training.at(-1)!.seconds.toFixed(2)} s`);
		const F = spec.features.length;
		const n = spec.train.y.length;
		const rowsNeeded = Math.max(...BATCHES);
		const input = new Float32Array(rowsNeeded * F);
		for (let i = 0; i < rowsNeeded; i++)
			for (let j = 0; j < F; j++) input[i * F + j] = spec.train.columns[j][i % n];
		const bytes = new Uint8Array(readFileSync(join(ROOT, 'static/models', entry.onnx)));
		models.push({ name: entry.name, bytes, input, features: F });
		writeFileSync(join(BUILD, 'models', `${entry.name}.onnx`), bytes);
		writeFileSync(join(BUILD, 'models', `${entry.name}.bin`), input);
	}

	ortWeb.env.wasm.numThreads = 1;
	const { server, port } = await serveBenchDir(BUILD);
	const browser = await launchChromium();
	let envThreads: Record<string, unknown> | undefined;
	const medians: Record<string, Record<string, number>> = {};
	try {
		const chromiumThreads = await browserRuntime(browser, port, models, 'auto');
		const chromium1 = await browserRuntime(browser, port, models, 1);
		envThreads = chromiumThreads.env;
		const runtimes: Record<string, Measure> = {
			'onnxruntime-node': await nodeRuntime(ortNode, models, {}),
			'onnxruntime-node (1 thread)': await nodeRuntime(ortNode, models, { intraOpNumThreads: 1 }),
			'onnxruntime-web in Node (1 thread)': await nodeRuntime(ortWeb, models, {}),
			[`Chromium wasm (${String(chromiumThreads.env.threads)} threads)`]: chromiumThreads.measure,
			'Chromium wasm (1 thread)': chromium1.measure
		};
		const names = Object.keys(runtimes);
		for (const m of models) {
			for (const batch of BATCHES) {
				const samples: Record<string, number[]> = Object.fromEntries(names.map((n) => [n, []]));
				for (let round = 0; round < ROUNDS; round++) {
					// Rotate the order each round so no runtime always runs right after the same one.
					for (let k = 0; k < names.length; k++) {
						const name = names[(k + round) % names.length];
						samples[name].push(await runtimes[name](m.name, batch));
					}
				}
				medians[`${m.name}|${batch}`] = Object.fromEntries(
					names.map((n) => [n, median(samples[n])])
				);
				console.log(m.name, batch, medians[`${m.name}|${batch}`]);
			}
		}
	} finally {
		await browser.close();
		server.close();
	}

	const rows = Object.entries(medians).map(([key, ms]) => {
		const [model, b] = key.split('|');
		const batch = Number(b);
		const rowsPerS = Object.fromEntries(
			Object.entries(ms).map(([k, v]) => [k, (batch / v) * 1000])
		);
		const best = (prefix: string) =>
			Math.max(
				...Object.entries(rowsPerS)
					.filter(([k]) => k.startsWith(prefix))
					.map(([, v]) => v)
			);
		return {
			model,
			batch,
			median_ms: ms,
			rows_per_s: rowsPerS,
			best_chromium_vs_best_node: best('Chromium') / best('onnxruntime-node')
		};
	});
	const runtimeNames = Object.keys(rows[0].median_ms);
	const single = rows.filter((r) => r.batch === 1);
	const chromiumSingle = (r: (typeof rows)[number]) =>
		Math.min(
			...Object.entries(r.median_ms)
				.filter(([k]) => k.startsWith('Chromium'))
				.map(([, v]) => v)
		);
	const result = {
		benchmark: 'ml',
		date: new Date().toISOString(),
		machine: { cpus: cpus().length, node: process.version, load_average_1m_at_end: loadavg()[0] },
		settings: { rounds: ROUNDS, plan: PLAN, chromium: envThreads ?? {} },
		rows,
		single_row_p50_ms: Object.fromEntries(single.map((r) => [r.model, r.median_ms])),
		training,
		goals: {
			browser_at_least_half_of_node_for_batch_ge_1000: rows
				.filter((r) => r.batch >= 1000)
				.every((r) => r.best_chromium_vs_best_node >= 0.5),
			browser_single_row_p50_at_most_1ms: single.every((r) => chromiumSingle(r) <= 1)
		}
	};
	mkdirSync(join(ROOT, 'bench/results'), { recursive: true });
	writeFileSync(join(ROOT, 'bench/results/ml.json'), `${JSON.stringify(result, null, '\t')}\n`);
	const md = [
		'# bench:ml — ONNX tree-ensemble inference',
		'',
		`${result.date}; ${result.machine.cpus} CPUs (shared; 1-minute load average ${result.machine.load_average_1m_at_end.toFixed(1)} at the end), Node ${result.machine.node}. Each figure is the median over ${ROUNDS} interleaved rounds of the median \`session.run\` time, turned into rows/s. Inputs: each model's training rows, repeated. Chromium: headless, onnxruntime-web 1.30 wasm (SIMD) in a module Web Worker, cross-origin isolated: ${String(envThreads?.crossOriginIsolated)}.`,
		'',
		'Rows per second:',
		'',
		`| model | batch | ${runtimeNames.join(' | ')} | best Chromium / best node |`,
		`| --- | ---: | ${runtimeNames.map(() => '---:').join(' | ')} | ---: |`,
		...rows.map(
			(r) =>
				`| ${r.model} | ${r.batch.toLocaleString('en-US')} | ${runtimeNames.map((n) => fmt(r.rows_per_s[n])).join(' | ')} | ${r.best_chromium_vs_best_node.toFixed(2)}× |`
		),
		'',
		'Single-row latency (p50 of session.run, ms):',
		'',
		`| model | ${runtimeNames.join(' | ')} |`,
		`| --- | ${runtimeNames.map(() => '---:').join(' | ')} |`,
		...single.map(
			(r) => `| ${r.model} | ${runtimeNames.map((n) => r.median_ms[n].toFixed(3)).join(' | ')} |`
		),
		'',
		'Training time (TypeScript GBDT with early stopping, this machine, one run):',
		'',
		'| model | training rows | trees | seconds |',
		'| --- | ---: | ---: | ---: |',
		...training.map(
			(t) =>
				`| ${t.model} | ${t.rows.toLocaleString('en-US')} | ${t.trees} | ${t.seconds.toFixed(2)} |`
		),
		'',
		`Goals: best Chromium setting ≥ 0.5× best onnxruntime-node setting at batch ≥ 1,000: **${result.goals.browser_at_least_half_of_node_for_batch_ge_1000 ? 'met' : 'not met'}**; Chromium single-row p50 ≤ 1 ms: **${result.goals.browser_single_row_p50_at_most_1ms ? 'met' : 'not met'}**.`,
		''
	].join('\n');
	writeFileSync(join(ROOT, 'bench/results/ml.md'), md);
	console.log(md);
}

await main();
