// `npm run bench:api`: the Worker under `wrangler dev` on loopback, driven by autocannon.
//  1. Ingest of a fixed number of 100-record batches (records/s, p50, p99, errors); the store is read back and must
//     hold exactly the records acknowledged. Baseline: GET /api/health through the same stack.
//  2. GET /metrics with ≥ 10,000 series (p99). Baseline: GET /metrics of a near-empty fleet.
// @ts-expect-error autocannon ships no types
import autocannon from 'autocannon';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monotonicFactory } from 'ulid';
import { ROOT, startDevServer } from '../../scripts/lib/dev-server.js';

const INGEST_SECONDS = Number(process.env.BENCH_INGEST_SECONDS ?? 10);
/** A fixed number of batches (not a duration), so every request sent is answered and counted. */
const INGEST_BATCHES = Number(process.env.BENCH_INGEST_BATCHES ?? 300);
const METRICS_SECONDS = Number(process.env.BENCH_METRICS_SECONDS ?? 10);
const CONNECTIONS = 8;
const BATCH = 100;
const SERIES_MODELS = 20;
const SERIES_FEATURES = 500;

const token = 'vigil_bench_api_token';
const auth = { authorization: `Bearer ${token}` };
const nextId = monotonicFactory();

function batchBody(): string {
	const ts = new Date().toISOString();
	const records = [];
	for (let i = 0; i < BATCH; i++)
		records.push({
			id: nextId(),
			model: 'bench-model',
			model_version: '1.0.0',
			device: `bench-device-${i % 4}`,
			ts,
			features: {
				temperature: 298 + (i % 7),
				ph: 6.5,
				aeration: 30 + (i % 5),
				phase: i % 2 ? 'fed' : 'batch'
			},
			prediction: 12 + (i % 9) / 10,
			latency_seconds: 0.003
		});
	return JSON.stringify(records);
}

/** The parts of autocannon's result this benchmark reads (autocannon ships no types). */
interface Result {
	duration: number;
	requests: { total: number; average: number };
	latency: { p50: number; p99: number; max: number };
	non2xx: number;
	errors: number;
	timeouts: number;
	'2xx': number;
}

interface RunOptions {
	url: string;
	duration?: number;
	amount?: number;
	headers?: Record<string, string>;
	requests?: {
		method: string;
		setupRequest: (req: Record<string, unknown>) => Record<string, unknown>;
	}[];
}

function summary(r: Result) {
	return {
		duration_seconds: r.duration,
		requests: r.requests.total,
		requests_per_second: r.requests.average,
		latency_p50_ms: r.latency.p50,
		latency_p99_ms: r.latency.p99,
		latency_max_ms: r.latency.max,
		non_2xx: r.non2xx,
		errors: r.errors,
		timeouts: r.timeouts
	};
}

async function run(opts: RunOptions): Promise<Result> {
	return (await autocannon({ connections: CONNECTIONS, timeout: 30, ...opts })) as Result;
}

/** Process ids of `root` and all its descendants (wrangler, workerd). */
function processTree(root: number): number[] {
	const out = [root];
	for (let i = 0; i < out.length; i++) {
		try {
			const children = execFileSync('ps', ['-o', 'pid=', '--ppid', String(out[i])], {
				encoding: 'utf8'
			});
			out.push(
				...children
					.split('\n')
					.map((l) => Number(l.trim()))
					.filter((n) => n > 0)
			);
		} catch {
			// no children
		}
	}
	return out;
}

/**
 * CPU seconds (user + system) used so far by the server's process tree. On a shared machine wall
 * time depends on everyone else's load; CPU time per request much less so.
 */
function serverCpuSeconds(root: number): number {
	let ticks = 0;
	for (const pid of processTree(root)) {
		try {
			const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
			ticks += Number(fields[11]) + Number(fields[12]);
		} catch {
			// exited
		}
	}
	return ticks / 100;
}

async function readBack(
	url: string
): Promise<{ objects: number; records: number; unique_ids: number }> {
	const keys: string[] = [];
	let cursor: string | undefined;
	do {
		const q = new URLSearchParams({ model: 'bench-model', limit: '1000' });
		if (cursor) q.set('cursor', cursor);
		const page = (await (
			await fetch(`${url}/api/v1/predictions?${q}`, { headers: auth })
		).json()) as {
			objects: { key: string }[];
			cursor?: string;
		};
		keys.push(...page.objects.map((o) => o.key));
		cursor = page.cursor;
	} while (cursor);
	const ids = new Set<string>();
	let records = 0;
	for (let i = 0; i < keys.length; i += 16) {
		const texts = await Promise.all(
			keys
				.slice(i, i + 16)
				.map(async (k) => (await fetch(`${url}/api/v1/${k}`, { headers: auth })).text())
		);
		for (const text of texts)
			for (const line of text.split('\n')) {
				if (!line) continue;
				records++;
				ids.add((JSON.parse(line) as { id: string }).id);
			}
	}
	return { objects: keys.length, records, unique_ids: ids.size };
}

async function seedSeries(url: string): Promise<number> {
	for (let m = 0; m < SERIES_MODELS; m++) {
		const res = await fetch(`${url}/api/v1/metrics/snapshots`, {
			method: 'POST',
			headers: { ...auth, 'content-type': 'application/json' },
			body: JSON.stringify({
				schema: 'vigil.metrics-snapshot/1',
				id: nextId(),
				device: `seed-${m}`,
				model: `series-model-${m}`,
				model_version: '1',
				ts: new Date().toISOString(),
				counters: { predictions: 10 },
				drift: {
					drift_share: 0.1,
					drifted: false,
					features: Array.from({ length: SERIES_FEATURES }, (_, f) => ({
						feature: `feature_${f}`,
						method: 'ks',
						score: (f % 100) / 100
					}))
				},
				performance: { rmse: 1, mae: 0.5 }
			})
		});
		if (res.status !== 202) throw new Error(`seeding answered ${res.status}: ${await res.text()}`);
	}
	const text = await (await fetch(`${url}/metrics`, { headers: auth })).text();
	return text.split('\n').filter((l) => l && !l.startsWith('#')).length;
}

const dir = mkdtempSync(join(tmpdir(), 'vigil-bench-api-'));
const server = await startDevServer({
	persistTo: dir,
	tokens: [{ name: 'bench', token, scopes: ['ingest', 'read', 'admin', 'metrics'] }]
});
try {
	const url = server.url;
	const loadAtStart = (await import('node:os')).loadavg()[0].toFixed(1);
	console.log(`wrangler dev at ${url}; ${CONNECTIONS} connections; load ${loadAtStart}`);

	// Warm up both paths (bundle load, Durable Object start, R2 simulator).
	await run({ url: `${url}/api/health`, duration: 2 });
	await run({ url: `${url}/metrics`, headers: auth, duration: 2 });

	const cpu = () => serverCpuSeconds(server.child.pid!);
	let cpu0 = cpu();
	const health = await run({ url: `${url}/api/health`, duration: INGEST_SECONDS });
	const healthCpuMs = ((cpu() - cpu0) * 1000) / health.requests.total;
	console.log('baseline GET /api/health', summary(health));

	// Every batch is remembered by its key, so one the server did not acknowledge (a restart of the
	// dev server mid-request answers 503) is retried with the same key and body, as the app's outbox
	// does; the store must then hold each acknowledged record exactly once.
	const sent = new Map<string, string>();
	const unacknowledged: string[] = [];
	cpu0 = cpu();
	const ingest = await run({
		url: `${url}/api/v1/predictions`,
		amount: INGEST_BATCHES,
		requests: [
			{
				method: 'POST',
				setupRequest: (req, context) => {
					const key = nextId();
					const body = batchBody();
					sent.set(key, body);
					context.key = key;
					return {
						...req,
						headers: { ...auth, 'content-type': 'application/json', 'idempotency-key': key },
						body
					};
				},
				onResponse: (status, _body, context) => {
					if (status !== 201 && status !== 200) unacknowledged.push(context.key as string);
				}
			}
		]
	});
	const ingestCpuMs = ((cpu() - cpu0) * 1000) / ingest.requests.total;
	let retried = 0;
	for (const key of unacknowledged) {
		for (let attempt = 0; attempt < 20; attempt++) {
			const res = await fetch(`${url}/api/v1/predictions`, {
				method: 'POST',
				headers: { ...auth, 'content-type': 'application/json', 'idempotency-key': key },
				body: sent.get(key)
			});
			await res.text();
			if (res.status === 200 || res.status === 201) {
				retried++;
				break;
			}
			await new Promise((r) => setTimeout(r, 1000));
		}
	}
	const acknowledged = ingest['2xx'] + retried;
	console.log('ingest', summary(ingest));
	const stored = await readBack(url);
	console.log('read back', stored);

	cpu0 = cpu();
	const metricsEmpty = await run({
		url: `${url}/metrics`,
		headers: auth,
		duration: METRICS_SECONDS
	});
	const metricsEmptyCpuMs = ((cpu() - cpu0) * 1000) / metricsEmpty.requests.total;
	const series = await seedSeries(url);
	cpu0 = cpu();
	const metricsFull = await run({
		url: `${url}/metrics`,
		headers: auth,
		duration: METRICS_SECONDS
	});
	const metricsFullCpuMs = ((cpu() - cpu0) * 1000) / metricsFull.requests.total;
	console.log(`GET /metrics with ${series} series`, summary(metricsFull));

	const results = {
		benchmark: 'api',
		date: new Date().toISOString(),
		machine: {
			cores: (await import('node:os')).cpus().length,
			node: process.version,
			load_average: loadAtStart
		},
		setup: {
			server: 'wrangler dev (workerd, local R2 and Durable Object)',
			connections: CONNECTIONS,
			batch_records: BATCH
		},
		ingest: {
			...summary(ingest),
			records_per_second: (acknowledged * BATCH) / ingest.duration,
			server_cpu_ms_per_batch: ingestCpuMs,
			records_per_server_cpu_second: (BATCH * 1000) / ingestCpuMs,
			batches_acknowledged: acknowledged,
			batches_retried_after_no_ack: retried,
			batches_never_acknowledged: unacknowledged.length - retried,
			records_sent: acknowledged * BATCH,
			records_stored: stored.records,
			unique_ids_stored: stored.unique_ids,
			objects_stored: stored.objects,
			stored_equals_sent:
				stored.records === acknowledged * BATCH && stored.unique_ids === stored.records
		},
		baseline_health: { ...summary(health), server_cpu_ms_per_request: healthCpuMs },
		metrics: {
			series,
			...summary(metricsFull),
			server_cpu_ms_per_request: metricsFullCpuMs,
			baseline_small_fleet: {
				...summary(metricsEmpty),
				server_cpu_ms_per_request: metricsEmptyCpuMs
			},
			p99_ratio_to_small_fleet: metricsFull.latency.p99 / Math.max(metricsEmpty.latency.p99, 1)
		}
	};
	mkdirSync(join(ROOT, 'bench/results'), { recursive: true });
	writeFileSync(join(ROOT, 'bench/results/api.json'), `${JSON.stringify(results, null, '\t')}\n`);
	const i = results.ingest;
	const md = `# API benchmark

\`npm run bench:api\` — ${results.date}, ${results.machine.cores} cores, Node ${results.machine.node}, ${results.setup.server}, autocannon with ${CONNECTIONS} connections on loopback.

## Ingest of ${BATCH}-record batches (POST /api/v1/predictions, JSON, one Idempotency-Key each)

| measure | value |
| --- | --- |
| records/s (wall) | ${i.records_per_second.toFixed(0)} |
| server CPU per batch (wrangler + workerd) | ${i.server_cpu_ms_per_batch.toFixed(1)} ms, i.e. ${i.records_per_server_cpu_second.toFixed(0)} records per CPU second |
| batches/s | ${i.requests_per_second.toFixed(1)} |
| latency p50 / p99 | ${i.latency_p50_ms} ms / ${i.latency_p99_ms} ms |
| errors / non-2xx / timeouts | ${i.errors} / ${i.non_2xx} / ${i.timeouts} |
| batches retried with the same key after no acknowledgement | ${i.batches_retried_after_no_ack} (never acknowledged: ${i.batches_never_acknowledged}) |
| records acknowledged | ${i.records_sent} |
| records read back from the store | ${i.records_stored} (${i.unique_ids_stored} distinct ids, ${i.objects_stored} objects) |
| stored equals sent | ${i.stored_equals_sent ? 'yes' : '**NO**'} |

Baseline in the same run, GET /api/health through the same stack: ${results.baseline_health.requests_per_second.toFixed(0)} req/s, p50 ${results.baseline_health.latency_p50_ms} ms, p99 ${results.baseline_health.latency_p99_ms} ms, ${results.baseline_health.server_cpu_ms_per_request.toFixed(1)} ms server CPU per request.

Load average at the start of the run: ${results.machine.load_average}. On this shared machine wall-clock figures move with everyone else's load; the server CPU time per request is the steadier figure.

## GET /metrics

| fleet | series | req/s | p50 | p99 | server CPU per request |
| --- | --- | --- | --- | --- | --- |
| small (baseline) | – | ${results.metrics.baseline_small_fleet.requests_per_second.toFixed(1)} | ${results.metrics.baseline_small_fleet.latency_p50_ms} ms | ${results.metrics.baseline_small_fleet.latency_p99_ms} ms | ${results.metrics.baseline_small_fleet.server_cpu_ms_per_request.toFixed(1)} ms |
| ${SERIES_MODELS} models × ${SERIES_FEATURES} features | ${series} | ${results.metrics.requests_per_second.toFixed(1)} | ${results.metrics.latency_p50_ms} ms | ${results.metrics.latency_p99_ms} ms | ${results.metrics.server_cpu_ms_per_request.toFixed(1)} ms |

p99 ratio (10k series / small fleet): ${results.metrics.p99_ratio_to_small_fleet.toFixed(1)}×.
`;
	writeFileSync(join(ROOT, 'bench/results/api.md'), md);
	console.log(md);
	if (!i.stored_equals_sent || i.errors > 0 || i.batches_never_acknowledged > 0) {
		console.error(
			'FAILED: a batch was never acknowledged, or the stored count differs from the acknowledged'
		);
		process.exitCode = 1;
	}
} finally {
	await server.stop();
	rmSync(dir, { recursive: true, force: true });
}
