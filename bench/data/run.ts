// `npm run bench:data`: a 1,000,000-row × 20-column Parquet file loaded and handed over as
// Float64Arrays (a) in headless Chromium through the app's DataClient and data Web Worker
// (DuckDB-WASM + parquet-wasm), (b) in Node through the same engine, (c) with @duckdb/node-api
// (native DuckDB) as the baseline. The engine hands an all-float file's whole columns over from
// parquet-wasm's decoded Arrow data and makes the DuckDB table on the first SQL use, so (a) and
// (b) also time the same task through DuckDB (a row window over every row: the table is made and
// queried). Writes bench/results/data.{json,md}.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Float64, Table, makeVector, tableToIPC } from 'apache-arrow';
import * as pq from 'parquet-wasm';
import { consume } from './consumer';
import { parquetCodec, type ParquetWasmModule } from '../../src/lib/data/parquet-codec';
import type { DataClient } from '../../src/lib/data/client';
import { buildBenchPage, launchChromium, serveBenchDir } from '../lib/browser';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const BUILD = join(ROOT, 'bench/.build/data');
const FILE = join(BUILD, 'bench-1m-x-20.parquet');
const ROWS = 1_000_000;
const COLS = 20;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const GOAL_MS = 2000;

interface HostResult {
	runs_ms: number[];
	median_ms: number;
	peak_memory_bytes: number;
	memory_note: string;
	checksum: number;
	startup_ms?: number;
	/** Native only: the read_parquet into a table, before the values are handed to JavaScript. */
	read_median_ms?: number;
}

/** The task's window: none (the default path) or a row window over every row (through DuckDB). */
type Path = 'default' | 'sql';
const WINDOWS = {
	default: undefined,
	sql: { kind: 'rows' as const, start: 0, end: ROWS }
};

const median = (xs: number[]) => {
	const s = [...xs].sort((a, b) => a - b);
	return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/** Deterministic sensor-like values (2 decimals, as logged), 1 % missing in odd columns. */
async function writeBenchFile() {
	if (existsSync(FILE)) return;
	await mkdir(BUILD, { recursive: true });
	let seed = 42;
	const rand = () => (seed = (seed * 1664525 + 1013904223) >>> 0) / 2 ** 32;
	const columns: Record<string, ReturnType<typeof makeVector>> = {};
	for (let c = 0; c < COLS; c++) {
		const values = new Float64Array(ROWS);
		for (let i = 0; i < ROWS; i++) {
			values[i] = Math.round((c * 10 + Math.sin(i / 5000 + c) * 5 + rand() * 2) * 100) / 100;
		}
		columns[`sensor_${String(c + 1).padStart(2, '0')}`] = makeVector({
			type: new Float64(),
			data: values
		});
	}
	const codec = parquetCodec(pq as unknown as ParquetWasmModule);
	await writeFile(FILE, codec.fromIpc(tableToIPC(new Table(columns), 'stream')));
}

/** Resident memory of every Chromium process (the browser, renderer and its worker), in bytes. */
function chromiumRss(): number {
	let total = 0;
	for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
		try {
			const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
			if (!cmd.includes('chromium')) continue;
			const rss = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
			if (rss) total += Number(rss[1]) * 1024;
		} catch {
			// the process ended between listing and reading
		}
	}
	return total;
}

async function browserHost(): Promise<Record<Path, HostResult>> {
	await buildBenchPage(join(ROOT, 'bench/data/page'), join(BUILD, 'page'));
	const { server, port } = await serveBenchDir(join(BUILD, 'page'), { '/bench.parquet': FILE });
	const browser = await launchChromium();
	try {
		const page = await browser.newPage();
		const t0 = performance.now();
		await page.goto(`http://127.0.0.1:${port}/`);
		await page.waitForFunction(
			() => document.getElementById('status')?.textContent !== 'starting',
			null,
			{ timeout: 60_000 }
		);
		const status = await page.textContent('#status');
		if (status !== 'ready') throw new Error(`bench page: ${status}`);
		const startup = performance.now() - t0;
		const results = {} as Record<Path, HostResult>;
		for (const path of ['default', 'sql'] as const) {
			const before = chromiumRss();
			let peak = before;
			const sampler = setInterval(() => (peak = Math.max(peak, chromiumRss())), 25);
			const runs: number[] = [];
			let checksum = 0;
			try {
				for (let r = 0; r < ROUNDS; r++) {
					const out = await page.evaluate(
						async ([consumerSource, window]) => {
							const data = (globalThis as unknown as { vigilData: DataClient }).vigilData;
							// The consumer is the same function as in Node, passed as source text.
							const consumeFn = new Function(`return ${consumerSource}`)() as typeof consume;
							const start = performance.now();
							const info = await data.loadUrl('/bench.parquet', { id: 'bench' });
							const columns = await data.columns(info.id, undefined, window);
							const summary = consumeFn(columns);
							const ms = performance.now() - start;
							await data.drop(info.id);
							return { ms, summary };
						},
						[consume.toString(), WINDOWS[path]] as const
					);
					if (out.summary.rows !== ROWS || out.summary.columns !== COLS) {
						throw new Error(`browser: got ${out.summary.rows} × ${out.summary.columns}`);
					}
					runs.push(out.ms);
					checksum = out.summary.checksum;
				}
			} finally {
				clearInterval(sampler);
			}
			results[path] = {
				runs_ms: runs,
				median_ms: median(runs),
				peak_memory_bytes: peak - before,
				memory_note:
					'peak resident memory of all Chromium processes during the runs, above the page before them (engine started; for the DuckDB path, after the default path ran)',
				checksum,
				startup_ms: startup
			};
		}
		return results;
	} finally {
		await browser.close();
		server.close();
	}
}

/** Runs one host in its own process, so its peak resident memory is its own. */
function childHost(host: ChildHost): HostResult {
	const child = spawnSync(
		process.execPath,
		['--import', 'tsx', fileURLToPath(import.meta.url), '--host', host],
		{
			cwd: ROOT,
			encoding: 'utf8',
			maxBuffer: 16 * 1024 * 1024
		}
	);
	if (child.status !== 0) throw new Error(`${host} host failed:\n${child.stderr}`);
	return JSON.parse(child.stdout.trim().split('\n').pop()!);
}

type ChildHost = 'node' | 'node-sql' | 'native';

async function runInChild(host: ChildHost) {
	const bytes = new Uint8Array(await readFile(FILE));
	const runs: number[] = [];
	const reads: number[] = [];
	let checksum = 0;
	if (host !== 'native') {
		const { createNodeEngine } = await import('../../src/lib/data/node-engine');
		const engine = await createNodeEngine();
		const window = WINDOWS[host === 'node' ? 'default' : 'sql'];
		for (let r = 0; r < ROUNDS; r++) {
			const start = performance.now();
			const info = await engine.loadFile({ name: 'bench.parquet', bytes }, { id: 'bench' });
			const summary = consume(await engine.columns(info.id, undefined, window));
			runs.push(performance.now() - start);
			checksum = summary.checksum;
			await engine.drop(info.id);
		}
	} else {
		const { DuckDBInstance } = await import('@duckdb/node-api');
		const instance = await DuckDBInstance.create(':memory:');
		const conn = await instance.connect();
		for (let r = 0; r < ROUNDS; r++) {
			const start = performance.now();
			const readStart = performance.now();
			await conn.run(
				`CREATE OR REPLACE TABLE bench AS SELECT * FROM read_parquet('${FILE.replaceAll("'", "''")}')`
			);
			reads.push(performance.now() - readStart);
			const result = await conn.run('SELECT * FROM bench');
			const chunks = await result.fetchAllChunks();
			const rows = chunks.reduce((n, c) => n + c.rowCount, 0);
			const columns = Array.from({ length: COLS }, (_, c) => {
				const values = new Float64Array(rows);
				let at = 0;
				for (const chunk of chunks) {
					const vector = chunk.getColumnVector(c);
					for (let i = 0; i < chunk.rowCount; i++) {
						const v = vector.getItem(i);
						values[at++] = v === null ? NaN : Number(v);
					}
				}
				return { name: `c${c}`, type: 'numerical' as const, values };
			});
			const summary = consume(columns);
			runs.push(performance.now() - start);
			checksum = summary.checksum;
		}
		conn.closeSync();
	}
	const result: HostResult = {
		runs_ms: runs,
		median_ms: median(runs),
		peak_memory_bytes: process.resourceUsage().maxRSS * 1024,
		memory_note: 'peak resident memory of the process (getrusage maxRSS), file bytes included',
		checksum,
		...(reads.length > 0 ? { read_median_ms: median(reads) } : {})
	};
	process.stdout.write(`${JSON.stringify(result)}\n`);
}

async function main() {
	await writeBenchFile();
	const fileBytes = statSync(FILE).size;
	console.log(
		`file: ${ROWS.toLocaleString('en-US')} rows × ${COLS} columns, ${(fileBytes / 2 ** 20).toFixed(1)} MiB (zstd)`
	);
	const native = childHost('native');
	console.log(`native @duckdb/node-api: ${native.median_ms.toFixed(0)} ms`);
	const node = childHost('node');
	console.log(`Node DuckDB-WASM + parquet-wasm: ${node.median_ms.toFixed(0)} ms`);
	const nodeSql = childHost('node-sql');
	console.log(`Node, through DuckDB: ${nodeSql.median_ms.toFixed(0)} ms`);
	const { default: browser, sql: browserSql } = await browserHost();
	console.log(`Chromium worker: ${browser.median_ms.toFixed(0)} ms`);
	console.log(`Chromium worker, through DuckDB: ${browserSql.median_ms.toFixed(0)} ms`);
	for (const [name, r] of Object.entries({ node, nodeSql, browser, browserSql })) {
		if (Math.abs(r.checksum - native.checksum) > 1e-6 * Math.abs(native.checksum)) {
			throw new Error(`${name} checksum ${r.checksum} differs from native ${native.checksum}`);
		}
	}
	const report = {
		benchmark: 'data',
		date: new Date().toISOString(),
		machine: {
			cpus: (await import('node:os')).cpus().length,
			node: process.version,
			load_average_1m_at_end: (await import('node:os')).loadavg()[0]
		},
		file: { rows: ROWS, columns: COLS, bytes: fileBytes, compression: 'zstd (parquet-wasm)' },
		rounds: ROUNDS,
		task: 'load the Parquet file and hand every column to a consumer as a Float64Array',
		paths: {
			default:
				'columns() with no window: an all-float file is handed over from the Arrow data parquet-wasm decoded, no DuckDB table (made on the first SQL use)',
			sql: 'columns() over a row window of every row: the DuckDB table is made (insertArrowFromIPCStream) and queried'
		},
		hosts: {
			'Chromium (DataClient → Web Worker), columns(id)': browser,
			'Node (same engine), columns(id)': node,
			'native baseline (@duckdb/node-api, read_parquet)': native,
			'Chromium, through DuckDB: columns(id) over window rows 0–1M': browserSql,
			'Node, through DuckDB: columns(id) over window rows 0–1M': nodeSql
		},
		ratios: {
			browser_vs_native: browser.median_ms / native.median_ms,
			node_vs_native: node.median_ms / native.median_ms,
			browser_sql_vs_native: browserSql.median_ms / native.median_ms,
			node_sql_vs_native: nodeSql.median_ms / native.median_ms
		},
		goal: { browser_at_most_ms: GOAL_MS, met: browser.median_ms <= GOAL_MS }
	};
	await mkdir(join(ROOT, 'bench/results'), { recursive: true });
	await writeFile(join(ROOT, 'bench/results/data.json'), `${JSON.stringify(report, null, '\t')}\n`);
	const mib = (b: number) => `${(b / 2 ** 20).toFixed(0)} MiB`;
	const row = (name: string, r: HostResult) =>
		`| ${name} | ${r.median_ms.toFixed(0)} | ${r.runs_ms.map((x) => x.toFixed(0)).join(', ')} | ${(r.median_ms / native.median_ms).toFixed(2)}× | ${mib(r.peak_memory_bytes)} |`;
	const md = `# bench:data

${ROWS.toLocaleString('en-US')} rows × ${COLS} float columns, Parquet ${mib(fileBytes)} (zstd). Task: load the file and hand every
column to a drift-core-shaped consumer as a Float64Array (wall time from request to the last column consumed; the engine is
already started). ${ROUNDS} rounds, median. Machine: ${report.machine.cpus} cores, Node ${process.version}, ${report.date.slice(0, 10)}; load average at the end
${report.machine.load_average_1m_at_end.toFixed(1)} (the cores are shared, so absolute times vary between runs).

| host | median ms | runs ms | vs native | peak memory |
| --- | ---: | --- | ---: | ---: |
${row('Chromium: DataClient → Web Worker, columns(id)', browser)}
${row('Node: same engine, columns(id)', node)}
${row('native baseline: @duckdb/node-api read_parquet', native)}
${row('Chromium, through DuckDB: columns(id) over window rows 0–1M', browserSql)}
${row('Node, through DuckDB: columns(id) over window rows 0–1M', nodeSql)}

\`columns(id)\` with no window: the file's columns are all Float32/Float64, so the engine hands over the
Arrow data parquet-wasm decoded (one Float64Array buffer, transferred from the worker) and makes no DuckDB
table until SQL is first needed. The "through DuckDB" rows do the same task with a row window over every
row, which makes the DuckDB table (a second decode, then \`insertArrowFromIPCStream\`) and reads the columns
by SQL: what the first window, filter or export on such a file costs. A file with other column types takes the
DuckDB path from its load (decoded once, its types inferred by SQL).

Goal ≤ ${GOAL_MS} ms in the browser: **${report.goal.met ? 'met' : 'not met'}** (${browser.median_ms.toFixed(0)} ms).
Browser engine start (page load, wasm fetch and instantiate): ${browser.startup_ms?.toFixed(0)} ms, not included above.
Native: read_parquet into a table alone takes ${native.read_median_ms?.toFixed(0)} ms (median); the rest is handing the values to
JavaScript, which @duckdb/node-api can only do value by value (\`getItem\`), having no typed-array accessor.

Memory: browser = ${browser.memory_note}; Node and native = ${native.memory_note}.

Run with \`npm run bench:data\` (BENCH_ROUNDS=n to change the rounds).
`;
	await writeFile(join(ROOT, 'bench/results/data.md'), md);
	console.log(md);
}

const hostArg = process.argv.indexOf('--host');
if (hostArg >= 0) await runInChild(process.argv[hostArg + 1] as ChildHost);
else await main();
