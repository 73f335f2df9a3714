// `npm run bench:retrain`: a challenger of the penicillin soft sensor trained from 11,585 labelled
// predictions (every IndPenSim demo row, the simulated titer as the label) with the app's pipeline
// (`trainChallenger`: split, train with the champion's parameters, export, check the export on every
// training row, score the holdout with both models, run the gates), (a) in headless Chromium in the
// app's training Web Worker with onnxruntime-web, (b) in Node with onnxruntime-node (the baseline,
// what `vigil train` does). Rounds interleave the hosts. Writes bench/results/retrain.{json,md}.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DuckDBInstance } from '@duckdb/node-api';
import * as ortNode from 'onnxruntime-node';
import { ulid } from 'ulid';
import type { LabelledPredictions } from '../../src/lib/contracts/label';
import { modelCardSchema } from '../../src/lib/contracts/model-card';
import type { OrtModule } from '../../src/lib/ml/model-session';
import { scoreRows, trainChallenger } from '../../src/lib/retrain/train-challenger';
import { buildBenchPage, launchChromium, serveBenchDir } from '../lib/browser';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const BUILD = join(ROOT, 'bench/.build/retrain');
const MODEL_DIR = join(ROOT, 'static/models/penicillin-soft-sensor/1.0.0');
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const ort = ortNode as unknown as OrtModule;

const median = (xs: number[]) => {
	const s = [...xs].sort((a, b) => a - b);
	return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/** Every demo row as a labelled prediction of the champion, batch b on day b of November. */
async function labelledPredictions(): Promise<LabelledPredictions> {
	const card = modelCardSchema.parse(
		JSON.parse(readFileSync(join(MODEL_DIR, 'card.json'), 'utf8'))
	);
	const db = await DuckDBInstance.create(':memory:');
	const conn = await db.connect();
	const names = card.features.map((f) => f.name);
	const quoted = (n: string) => `"${n.replaceAll('"', '""')}"`;
	const reader = await conn.runAndReadAll(
		`SELECT batch_id, ${[...names, card.target.name].map(quoted).join(', ')} FROM '${join(ROOT, 'static/data/indpensim.parquet')}' ORDER BY batch_id, ${quoted('Time (h)')}`
	);
	const rows = reader.getRowObjects();
	conn.closeSync();
	const features = rows.map((r) =>
		Object.fromEntries(names.map((n) => [n, r[n] === null ? null : Number(r[n])]))
	);
	const predicted = await scoreRows(
		ort,
		card,
		new Uint8Array(readFileSync(join(MODEL_DIR, 'model.onnx'))),
		features.map((f) => ({ features: f }))
	);
	const base = Date.parse('2026-11-01T00:00:00Z');
	const records = rows.map((r, i) => ({
		schema: 'vigil.prediction/1' as const,
		id: ulid(base + i),
		model: card.name,
		model_version: card.version,
		device: 'bench',
		ts: new Date(
			base + (Number(r.batch_id) - 1) * 86_400_000 + Number(r['Time (h)']) * 60_000
		).toISOString(),
		features: features[i],
		prediction: predicted[i],
		label: Number(r[card.target.name]),
		label_source: 'labels' as const
	}));
	return {
		schema: 'vigil.labelled-predictions/1',
		model: card.name,
		from: new Date(base).toISOString(),
		to: new Date(base + 30 * 86_400_000).toISOString(),
		predictions: records.length,
		labelled: records.length,
		coverage: 1,
		records
	};
}

interface Run {
	ms: number;
	trees: number;
	trainRows: number;
	holdoutRows: number;
	sha256: string;
	passed: boolean;
	ratio: number | null;
}

async function main() {
	mkdirSync(BUILD, { recursive: true });
	const joined = await labelledPredictions();
	writeFileSync(join(BUILD, 'joined.json'), JSON.stringify(joined));
	const card = modelCardSchema.parse(
		JSON.parse(readFileSync(join(MODEL_DIR, 'card.json'), 'utf8'))
	);
	const onnx = new Uint8Array(readFileSync(join(MODEL_DIR, 'model.onnx')));
	console.log(`${joined.records.length} labelled predictions of ${card.name}@${card.version}`);
	await buildBenchPage(join(ROOT, 'bench/retrain/page'), join(BUILD, 'page'));
	const { server, port } = await serveBenchDir(join(BUILD, 'page'), {
		'/joined.json': join(BUILD, 'joined.json'),
		'/champion.json': join(MODEL_DIR, 'card.json'),
		'/champion.onnx': join(MODEL_DIR, 'model.onnx')
	});
	const browser = await launchChromium();
	const node: Run[] = [];
	const web: Run[] = [];
	try {
		const page = await browser.newPage();
		await page.goto(`http://127.0.0.1:${port}/`);
		await page.waitForFunction(() => document.getElementById('status')?.textContent === 'ready');
		for (let r = 0; r < ROUNDS; r++) {
			const start = performance.now();
			const result = await trainChallenger({
				champion: { version: card.version, sha256: card.onnx.sha256, card, onnx: onnx.slice() },
				joined,
				ort,
				runtime: 'onnxruntime-node',
				version: '1.0.1',
				to: joined.to,
				seed: 7,
				now: new Date('2026-11-22T00:00:00.000Z')
			});
			node.push({
				ms: performance.now() - start,
				trees: result.trees,
				trainRows: result.trainRows,
				holdoutRows: result.holdoutRows,
				sha256: result.card.onnx.sha256,
				passed: result.evaluation.passed,
				ratio: result.evaluation.gates.find((g) => g.gate === 'beats_champion')?.value ?? null
			});
			console.log(`round ${r + 1}: Node ${node.at(-1)!.ms.toFixed(0)} ms`);
			web.push(
				await page.evaluate(
					(v) => (window as unknown as { vigilTrain: (v: string) => Promise<Run> }).vigilTrain(v),
					'1.0.1'
				)
			);
			console.log(`round ${r + 1}: Chromium ${web.at(-1)!.ms.toFixed(0)} ms`);
		}
	} finally {
		await browser.close();
		server.close();
	}
	// The same data and seed must give the same trees in both hosts: the same ONNX bytes.
	for (const w of web)
		if (w.sha256 !== node[0].sha256)
			throw new Error(`Chromium trained other trees (${w.sha256}) than Node (${node[0].sha256})`);
	const nodeMs = median(node.map((r) => r.ms));
	const webMs = median(web.map((r) => r.ms));
	const report = {
		benchmark: 'retrain',
		date: new Date().toISOString(),
		machine: { cpus: cpus().length, node: process.version, load_average_1m_at_end: loadavg()[0] },
		task: 'trainChallenger on every IndPenSim demo row as a labelled prediction of penicillin-soft-sensor@1.0.0: split by time (latest 30% held out), train with the champion parameters, export to ONNX and check it on every training row, score the holdout with both models, evaluate the gates',
		rows: joined.records.length,
		train_rows: node[0].trainRows,
		holdout_rows: node[0].holdoutRows,
		trees: node[0].trees,
		rounds: ROUNDS,
		hosts: {
			'Chromium: training Web Worker (onnxruntime-web)': {
				runs_ms: web.map((r) => r.ms),
				median_ms: webMs
			},
			'Node: onnxruntime-node (vigil train)': { runs_ms: node.map((r) => r.ms), median_ms: nodeMs }
		},
		ratio_chromium_to_node: webMs / nodeMs,
		same_onnx_bytes: true,
		gates_passed: node[0].passed,
		rmse_ratio: node[0].ratio
	};
	mkdirSync(join(ROOT, 'bench/results'), { recursive: true });
	writeFileSync(
		join(ROOT, 'bench/results/retrain.json'),
		`${JSON.stringify(report, null, '\t')}\n`
	);
	const fmt = (xs: number[]) => xs.map((x) => x.toFixed(0)).join(', ');
	const md = `# bench:retrain

A challenger of penicillin-soft-sensor@1.0.0 trained from ${report.rows.toLocaleString('en-US')} labelled
predictions (every IndPenSim demo row; the simulated titer as the label) with the app's pipeline
\`trainChallenger\`: split by time (${report.holdout_rows.toLocaleString('en-US')} holdout rows), train with the
champion's parameters on ${report.train_rows.toLocaleString('en-US')} rows (${report.trees} trees), export to ONNX and check it on
every training row, score the holdout with both models, evaluate the gates. ${ROUNDS} rounds,
interleaved, median. Machine: ${report.machine.cpus} cores, Node ${process.version}, ${report.date.slice(0, 10)}; load average
at the end ${report.machine.load_average_1m_at_end.toFixed(1)}.

| host | median ms | runs ms | vs Node |
| --- | ---: | --- | ---: |
| Chromium: the app's training Web Worker (onnxruntime-web) | ${webMs.toFixed(0)} | ${fmt(web.map((r) => r.ms))} | ${(webMs / nodeMs).toFixed(2)}× |
| Node: onnxruntime-node (\`vigil train\`), baseline | ${nodeMs.toFixed(0)} | ${fmt(node.map((r) => r.ms))} | 1.00× |

Both hosts trained the same trees (identical ONNX SHA-256). Gates ${report.gates_passed ? 'passed' : 'failed'} (holdout RMSE ratio
${report.rmse_ratio}): the demo rows are the champion's own world, so no challenger is expected to beat it by 5%.

Run with \`npm run bench:retrain\` (BENCH_ROUNDS=n to change the rounds).
`;
	writeFileSync(join(ROOT, 'bench/results/retrain.md'), md);
	console.log(md);
}

await main();
