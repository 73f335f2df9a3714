/**
 * `npm run bench:drift`: 1,000,000 reference × 1,000,000 current rows × 20 numerical columns.
 * The reference profile is built once (timed apart); then the default report plus KS, PSI and
 * Jensen–Shannon for every column is computed against the profile, single-threaded and with two
 * worker threads, and compared with scipy/numpy on the same data in the same run
 * (bench/drift/baseline.py). Writes bench/results/drift.{json,md}.
 *
 * Environment: BENCH_DRIFT_ROWS (default 1e6), BENCH_DRIFT_COLUMNS (20), BENCH_DRIFT_PY_COLUMNS
 * (columns scipy runs on, default all; with fewer, both sides' paired times are scaled per column).
 *
 * The machine is shared, so the headline ratio pairs the timings: for each column the TypeScript
 * report of that column runs right before scipy on the same column, and the ratio is total scipy
 * time over total TypeScript time. The whole 20-column report is also timed on its own (median).
 */
import { spawn, spawnSync } from 'node:child_process';
import { createInterface } from 'node:readline';
import { createHash } from 'node:crypto';
import {
	closeSync,
	existsSync,
	mkdirSync,
	openSync,
	rmSync,
	writeFileSync,
	writeSync
} from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { Worker } from 'node:worker_threads';
import {
	buildProfile,
	buildReport,
	datasetDrift,
	numericalColumn,
	type ColumnData,
	type ProfileColumn,
	type ReferenceProfile
} from '../../src/lib/drift/index';
import type { ColumnDrift } from '../../src/lib/contracts/report';
import { columnParams, fillNormal } from './data';

const ROOT = process.cwd();
const ROWS = Number(process.env.BENCH_DRIFT_ROWS ?? 1_000_000);
const COLUMNS = Number(process.env.BENCH_DRIFT_COLUMNS ?? 20);
const PY_COLUMNS = Math.min(COLUMNS, Number(process.env.BENCH_DRIFT_PY_COLUMNS ?? COLUMNS));
const RUNS = 5;
const ADDITIONAL = ['ks', 'psi', 'jensenshannon'] as const;
const dataDir = join(ROOT, 'bench/drift/.data');
// A full collection between phases (never inside a timed region) so garbage from one phase does not
// count towards the next phase's peak memory.
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const loadBefore = loadavg()[0];
const refPath = join(dataDir, 'reference.f64');
const curPath = join(dataDir, 'current.f64');

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const mb = (bytes: number) => Math.round(bytes / 2 ** 20);
let peakRss = 0;
const sampleRss = () => (peakRss = Math.max(peakRss, process.memoryUsage().rss));
const sampler = setInterval(sampleRss, 50);

function findPython(): string {
	for (const exe of ['/usr/bin/python3', 'python3']) {
		const r = spawnSync(exe, ['-c', 'import scipy, numpy'], { encoding: 'utf8' });
		if (r.status === 0) return exe;
	}
	throw new Error(
		'no python3 with scipy and numpy found (tried /usr/bin/python3 and python3 on PATH)'
	);
}

mkdirSync(dataDir, { recursive: true });
console.log(`drift bench: ${ROWS} × ${ROWS} rows × ${COLUMNS} columns`);

// 1. Reference: generated column by column, written for scipy, profiled, then dropped; the raw
//    reference is never held whole in memory.
const shared = new Float64Array(new SharedArrayBuffer(COLUMNS * ROWS * 8));
const refFile = openSync(refPath, 'w');
const refHash = createHash('sha256');
const profileColumns: ProfileColumn[] = [];
const profileMs: number[] = [];
let profile: ReferenceProfile | undefined;
for (let c = 0; c < COLUMNS; c++) {
	const { loc, scale } = columnParams(c, COLUMNS);
	const values = new Float64Array(ROWS);
	fillNormal(values, 1000 + c, loc, scale);
	const bytes = new Uint8Array(values.buffer);
	writeSync(refFile, bytes);
	refHash.update(bytes);
	const t = performance.now();
	const p = buildProfile([numericalColumn(`x${c}`, values)], {
		name: 'reference',
		sha256: '0'.repeat(64)
	});
	profileMs.push(performance.now() - t);
	const col = p.columns[0];
	// Keep the sorted values in one SharedArrayBuffer (for the worker threads), not on the heap.
	if (col.type === 'numerical') {
		shared.set(col.values, c * ROWS);
		col.values = shared.subarray(c * ROWS, c * ROWS + col.values.length);
	}
	profileColumns.push(col);
	profile ??= p;
	sampleRss();
	gc();
}
closeSync(refFile);
const sha256 = refHash.digest('hex');
const reference: ReferenceProfile = {
	...profile!,
	rows: ROWS,
	sources: [{ name: 'reference.f64', sha256, rows: ROWS }],
	columns: profileColumns
};
const profileBuildMs = profileMs.reduce((a, b) => a + b, 0);
console.log(`profile build: ${(profileBuildMs / 1000).toFixed(2)} s`);

// 2. Current window, generated into shared memory.
const curShared = new Float64Array(new SharedArrayBuffer(COLUMNS * ROWS * 8));
const curFile = openSync(curPath, 'w');
const current: ColumnData[] = [];
for (let c = 0; c < COLUMNS; c++) {
	const { loc, scale, shift } = columnParams(c, COLUMNS);
	const values = curShared.subarray(c * ROWS, (c + 1) * ROWS);
	fillNormal(values, 2000 + c, loc + shift, scale);
	writeSync(curFile, new Uint8Array(values.buffer, values.byteOffset, values.byteLength));
	current.push(numericalColumn(`x${c}`, values));
}
closeSync(curFile);
sampleRss();

// 3. Report against the profile, single-threaded.
const input = {
	reference,
	current,
	currentName: 'current.f64',
	additionalMethods: [...ADDITIONAL],
	createdAt: '2026-01-01T00:00:00.000Z'
};
const singleMs: number[] = [];
let report = buildReport(input);
for (let r = 0; r < RUNS; r++) {
	const t = performance.now();
	report = buildReport(input);
	singleMs.push(performance.now() - t);
	sampleRss();
	gc();
}
const peakSingle = Math.max(peakRss, process.resourceUsage().maxRSS * 1024);
const single = median(singleMs);
console.log(
	`report vs profile, 1 thread: ${(single / 1000).toFixed(3)} s (runs ${singleMs.map((m) => m.toFixed(0)).join(', ')} ms)`
);

// 4. Two worker threads, each taking half of the columns.
const workers = [0, 1].map(
	() => new Worker(new URL('./worker.ts', import.meta.url), { execArgv: ['--import', 'tsx'] })
);
function job(w: Worker, cols: number[]): Promise<{ columns: ColumnDrift[] }> {
	return new Promise((resolve, reject) => {
		w.once('message', resolve);
		w.once('error', reject);
		w.postMessage({
			...input,
			reference: { ...reference, columns: cols.map((c) => reference.columns[c]) },
			current: cols.map((c) => current[c])
		});
	});
}
const halves = [0, 1].map((k) =>
	Array.from({ length: COLUMNS }, (_, c) => c).filter((c) => c % 2 === k)
);
const twoMs: number[] = [];
let twoColumns: ColumnDrift[] = [];
for (let r = 0; r < RUNS + 1; r++) {
	const t = performance.now();
	const parts = await Promise.all(workers.map((w, k) => job(w, halves[k])));
	const elapsed = performance.now() - t;
	if (r > 0) twoMs.push(elapsed); // the first run warms the workers up
	twoColumns = parts.flatMap((p) => p.columns);
	sampleRss();
	gc();
}
await Promise.all(workers.map((w) => w.terminate()));
const two = median(twoMs);
const twoDrifted = twoColumns.filter((c) => c.drifted).length;
const twoDataset = datasetDrift(twoDrifted, twoColumns.length);
if (twoDataset.drifted !== report.dataset.drifted || twoDrifted !== report.dataset.drifted_columns)
	throw new Error('the two-thread report disagrees with the single-threaded one');
console.log(`report vs profile, 2 threads: ${(two / 1000).toFixed(3)} s`);

// 5. scipy/numpy baseline on the same files, paired column by column with the TypeScript report of
//    the same column, so both sides of each pair see the same machine load.
const python = findPython();
const child = spawn(
	python,
	[join(ROOT, 'bench/drift/baseline.py'), refPath, curPath, String(ROWS), String(COLUMNS), 'serve'],
	{
		stdio: ['pipe', 'pipe', 'inherit']
	}
);
const lines = createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
const nextJson = async () => {
	const { value, done } = await lines.next();
	if (done) throw new Error('the scipy baseline stopped early');
	return JSON.parse(value as string);
};
const baseInfo = (await nextJson()) as {
	python: string;
	numpy: string;
	scipy: string;
	executable: string;
};
type PyColumn = {
	column: number;
	seconds: number;
	ks_statistic: number;
	ks_pvalue: number;
	wasserstein_norm: number;
	psi: number;
	jensenshannon: number;
};
const pyColumns: PyColumn[] = [];
const pairedTs: number[] = [];
const pairedTsCpu: number[] = [];
for (let c = 0; c < PY_COLUMNS; c++) {
	const one = {
		...input,
		reference: { ...reference, columns: [reference.columns[c]] },
		current: [current[c]]
	};
	buildReport(one); // warm: the paired time measures the steady state, as the median above
	gc();
	const cpu = process.cpuUsage();
	const t = performance.now();
	buildReport(one);
	pairedTs.push(performance.now() - t);
	const used = process.cpuUsage(cpu);
	pairedTsCpu.push((used.user + used.system) / 1000);
	child.stdin!.write(`${c}\n`);
	pyColumns.push((await nextJson()) as PyColumn);
	sampleRss();
}
child.stdin!.end();
const base = { ...baseInfo, columns: pyColumns };
const pyPerColumn = median(base.columns.map((c) => c.seconds));
const pyTotal = (base.columns.reduce((s, c) => s + c.seconds, 0) / PY_COLUMNS) * COLUMNS * 1000;
const pyBest = Math.min(...base.columns.map((c) => c.seconds)) * COLUMNS * 1000;
const tsPairedTotal = (pairedTs.reduce((a, b) => a + b, 0) / PY_COLUMNS) * COLUMNS;
const pairedSpeedups = base.columns.map((c, k) => (c.seconds * 1000) / pairedTs[k]);
// CPU time is much less sensitive to other jobs than wall time (time spent waiting for a core does
// not count). Node's CPU time includes its GC helper threads, which only counts against TypeScript.
const pyCpuTotal = base.columns.reduce((s, c) => s + c.cpu_seconds, 0) * 1000;
const tsCpuTotal = pairedTsCpu.reduce((a, b) => a + b, 0);
console.log(
	`scipy ${base.scipy}: ${(pyTotal / 1000).toFixed(1)} s for ${COLUMNS} columns; paired TypeScript ${(tsPairedTotal / 1000).toFixed(2)} s → ${(pyTotal / tsPairedTotal).toFixed(1)}×`
);

// Same numbers? (scipy's asymptotic KS p-value and the binned metrics, column by column.)
let maxRel = 0;
for (const b of base.columns) {
	const col = report.columns[b.column];
	const add = Object.fromEntries((col.additional ?? []).map((a) => [a.method, a]));
	const pairs: [number | null | undefined, number][] = [
		['statistic' in add.ks ? add.ks.statistic : null, b.ks_statistic],
		[col.value, b.wasserstein_norm],
		['value' in add.psi ? add.psi.value : null, b.psi],
		['value' in add.jensenshannon ? add.jensenshannon.value : null, b.jensenshannon]
	];
	for (const [a, e] of pairs)
		maxRel = Math.max(maxRel, Math.abs((a ?? NaN) - e) / Math.max(Math.abs(e), 1e-300));
}
console.log(
	`largest relative difference to scipy on the baseline columns: ${maxRel.toExponential(2)}`
);

clearInterval(sampler);
sampleRss();
const maxRss = Math.max(peakRss, process.resourceUsage().maxRSS * 1024);
const rawBytes = 2 * ROWS * COLUMNS * 8;
const result = {
	rows_reference: ROWS,
	rows_current: ROWS,
	columns: COLUMNS,
	methods: { default: 'Evidently defaults (wasserstein for > 1000 rows)', additional: ADDITIONAL },
	profile_build_s: profileBuildMs / 1000,
	report_single_thread_s: single / 1000,
	report_single_thread_runs_s: singleMs.map((m) => m / 1000),
	report_two_threads_s: two / 1000,
	report_two_threads_runs_s: twoMs.map((m) => m / 1000),
	rows_per_second_single: ROWS / (single / 1000),
	rows_per_second_two_threads: ROWS / (two / 1000),
	values_per_second_single: (ROWS * COLUMNS) / (single / 1000),
	baseline: {
		python: base.python,
		numpy: base.numpy,
		scipy: base.scipy,
		executable: base.executable,
		columns_run: PY_COLUMNS,
		per_column_s: pyPerColumn,
		scaled_total_s: pyTotal / 1000,
		scaled: PY_COLUMNS < COLUMNS
	},
	paired_single_thread_s: tsPairedTotal / 1000,
	paired_per_column_speedups: pairedSpeedups,
	speedup_single_thread: pyTotal / tsPairedTotal,
	speedup_single_thread_whole_report_median: pyTotal / single,
	cpu_time_paired_ts_s: ((tsCpuTotal / PY_COLUMNS) * COLUMNS) / 1000,
	cpu_time_scipy_s: ((pyCpuTotal / PY_COLUMNS) * COLUMNS) / 1000,
	speedup_cpu_time: pyCpuTotal / tsCpuTotal,
	meets_target_by_cpu_time: pyCpuTotal / tsCpuTotal >= 20,
	speedup_two_threads: pyTotal / two,
	target_speedup: 20,
	meets_target: pyTotal / tsPairedTotal >= 20,
	max_relative_difference_to_scipy: maxRel,
	speedup_single_thread_best_vs_best: pyBest / Math.min(...singleMs),
	baseline_per_column_s: base.columns.map((c) => c.seconds),
	paired_ts_per_column_s: pairedTs.map((m) => m / 1000),
	peak_rss_mb: mb(maxRss),
	peak_rss_single_thread_mb: mb(peakSingle),
	raw_float64_data_mb: mb(rawBytes),
	peak_rss_over_raw: maxRss / rawBytes,
	peak_rss_single_thread_over_raw: peakSingle / rawBytes,
	load_average_1min: { before: loadBefore, after: loadavg()[0] },
	cpus_note: 'shared 2-core machine; other jobs ran at the same time (see load_average_1min)',
	dataset_drift: report.dataset,
	node: process.version
};
mkdirSync(join(ROOT, 'bench/results'), { recursive: true });
writeFileSync(join(ROOT, 'bench/results/drift.json'), JSON.stringify(result, null, '\t') + '\n');
const md = `# Drift benchmark

\`npm run bench:drift\` — ${ROWS.toLocaleString('en')} reference × ${ROWS.toLocaleString('en')} current rows × ${COLUMNS} numerical columns (seeded normals; the first quarter of the columns shifted).
Work per column: the default report (Evidently defaults: normed Wasserstein above 1000 rows, quality, histograms and ECDF) plus KS, PSI and Jensen–Shannon.

| | time | rows/s |
|---|---|---|
| reference profile build (once) | ${result.profile_build_s.toFixed(2)} s | |
| report vs profile, 1 thread (median of ${RUNS}) | ${result.report_single_thread_s.toFixed(3)} s | ${Math.round(result.rows_per_second_single).toLocaleString('en')} |
| report vs profile, 2 worker threads (median of ${RUNS}) | ${result.report_two_threads_s.toFixed(3)} s | ${Math.round(result.rows_per_second_two_threads).toLocaleString('en')} |
| report vs profile, 1 thread, paired column by column with scipy | ${result.paired_single_thread_s.toFixed(3)} s | ${Math.round(ROWS / result.paired_single_thread_s).toLocaleString('en')} |
| scipy ${base.scipy} / numpy ${base.numpy} (ks_2samp, wasserstein_distance, np.std, PSI, JS) | ${result.baseline.scaled_total_s.toFixed(1)} s${result.baseline.scaled ? ` (${PY_COLUMNS} columns run, scaled to ${COLUMNS})` : ''} | |

- Speed-up over scipy, single thread, paired per column: **${result.speedup_single_thread.toFixed(1)}×** (target ≥ 20×: ${result.meets_target ? 'met' : 'NOT met'}; per column ${Math.min(...pairedSpeedups).toFixed(1)}× to ${Math.max(...pairedSpeedups).toFixed(1)}×). Against the median whole-report time: ${result.speedup_single_thread_whole_report_median.toFixed(1)}×; two threads: ${result.speedup_two_threads.toFixed(1)}×.
- By CPU time (insensitive to waiting for a core on this shared machine), same pairs: TypeScript ${result.cpu_time_paired_ts_s.toFixed(2)} s, scipy ${result.cpu_time_scipy_s.toFixed(1)} s → **${result.speedup_cpu_time.toFixed(1)}×** (target ≥ 20×: ${result.meets_target_by_cpu_time ? 'met' : 'NOT met'}).
- Best single-thread run vs the fastest scipy column (×${COLUMNS}): ${result.speedup_single_thread_best_vs_best.toFixed(1)}×.
- Peak RSS up to the end of the single-thread report: ${result.peak_rss_single_thread_mb} MB for ${result.raw_float64_data_mb} MB of raw float64 data (${result.peak_rss_single_thread_over_raw.toFixed(2)}×; limit 2×); whole run including the two worker threads: ${result.peak_rss_mb} MB (${result.peak_rss_over_raw.toFixed(2)}×).
- 1-minute load average ${loadBefore.toFixed(1)} before and ${loadavg()[0].toFixed(1)} after the run on this shared 2-core machine: timings vary from run to run (all runs are in bench/results/drift.json).
- Largest relative difference to scipy's values on the baseline columns (KS statistic, normed Wasserstein, PSI, JS): ${maxRel.toExponential(2)}.
- Python: ${base.executable} ${base.python}. Node ${process.version}. Timings exclude data generation and file I/O on both sides.
`;
writeFileSync(join(ROOT, 'bench/results/drift.md'), md);
console.log(md);
if (existsSync(dataDir) && process.env.BENCH_DRIFT_KEEP_DATA !== '1')
	rmSync(dataDir, { recursive: true, force: true });
