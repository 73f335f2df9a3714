// Detection quality and speed of the advanced drift methods beside the univariate core methods.
//
// Quality: IndPenSim batches 1–10 and bike-sharing hours, rows shuffled (seeded) so that without
// injection the stream is exchangeable; the first REFERENCE rows are the reference, the rest is the
// monitored stream. Drift (shift, scale, missing, freeze, correlation-only) is injected at a known
// record; detection rate, median delay (records) and false alarms per 10,000 records are reported per
// method. A time-ordered run without injection shows the natural non-stationarity of both data sets.
// Speed: each method on 1,000,000 rows × 20 columns, against the univariate KS test as baseline.
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import {
	prepareNumerical,
	runPrepared,
	runStatistic,
	type ColumnData
} from '../../src/lib/drift/index';
import { finiteSorted } from '../../src/lib/drift/sorted';
import {
	createDetector,
	estimateCbpe,
	fitCbpe,
	fitPcaReconstruction,
	pcaReconstructionDrift,
	seededRandom,
	type StreamingDetectorKind
} from '../../src/lib/drift/advanced';
import { adultStreams } from './adult-streams';
import { validateCbpeOnAdult } from './cbpe-adult';
import { loadBikeSharing, loadIndPenSim, type Dataset } from './data';

const REFERENCE = 3000;
const WINDOW = 500;
const STEP = 100;
const SEEDS = [1, 2, 3];
/** A drift counts as detected when the first alarm at or after its start is within this many records. */
const HORIZON = 1500;
const DRIFTS = ['shift', 'scale', 'missing', 'freeze'] as const;
type Drift = (typeof DRIFTS)[number] | 'correlation' | 'none' | 'time-order';
const STREAMING: StreamingDetectorKind[] = ['page-hinkley', 'adwin', 'cusum'];
const WINDOWED = ['ks', 'psi', 'wasserstein', 'jensenshannon'] as const;
const METHODS = [...STREAMING, ...WINDOWED, 'pca'] as const;
type Method = (typeof METHODS)[number];

interface Run {
	dataset: string;
	drift: Drift;
	column: string;
	seed: number;
	/** Index in the monitored stream where drift starts (null without drift). */
	t0: number | null;
	length: number;
	alarms: Record<Method, number[]>;
}

function meanSd(x: Float64Array): { mean: number; sd: number } {
	const s = finiteSorted(x);
	let mean = 0;
	for (const v of s) mean += v;
	mean /= s.length;
	let ss = 0;
	for (const v of s) ss += (v - mean) ** 2;
	return { mean, sd: Math.sqrt(ss / Math.max(1, s.length - 1)) };
}

function reorder(data: Dataset, order: Int32Array): Record<string, Float64Array> {
	const out: Record<string, Float64Array> = {};
	for (const [name, values] of Object.entries(data.columns))
		out[name] = Float64Array.from(order, (i) => values[i]);
	return out;
}

function permutation(n: number, seed: number): Int32Array {
	const rng = seededRandom(seed);
	const p = Int32Array.from({ length: n }, (_, i) => i);
	for (let i = n - 1; i > 0; i--) {
		const j = Math.floor(rng.uniform() * (i + 1));
		[p[i], p[j]] = [p[j], p[i]];
	}
	return p;
}

/** Applies drift to `stream` (the monitored part) from index t0 on; returns modified copies. */
function inject(
	stream: Record<string, Float64Array>,
	drift: Drift,
	column: string,
	pair: [string, string],
	t0: number,
	ref: { mean: number; sd: number },
	seed: number
): Record<string, Float64Array> {
	const out = Object.fromEntries(Object.entries(stream).map(([k, v]) => [k, Float64Array.from(v)]));
	const rng = seededRandom(seed * 7919);
	const x = out[column];
	const n = x.length;
	if (drift === 'shift') for (let i = t0; i < n; i++) x[i] += ref.sd;
	if (drift === 'scale') for (let i = t0; i < n; i++) x[i] = ref.mean + 2 * (x[i] - ref.mean);
	if (drift === 'missing') for (let i = t0; i < n; i++) if (rng.uniform() < 0.5) x[i] = NaN;
	if (drift === 'freeze') for (let i = t0; i < n; i++) x[i] = x[t0 - 1];
	if (drift === 'correlation') {
		// Shuffle the second column of the pair after t0: its marginal is unchanged, the
		// correlation with the first column is gone.
		const y = out[pair[1]];
		for (let i = n - 1; i > t0; i--) {
			const j = t0 + Math.floor(rng.uniform() * (i - t0 + 1));
			[y[i], y[j]] = [y[j], y[i]];
		}
	}
	return out;
}

function detect(
	data: Dataset,
	columns: Record<string, Float64Array>,
	drift: Drift,
	column: string,
	seed: number
): Run {
	const names = Object.keys(columns);
	const reference = Object.fromEntries(names.map((k) => [k, columns[k].subarray(0, REFERENCE)]));
	let stream = Object.fromEntries(names.map((k) => [k, columns[k].subarray(REFERENCE)]));
	const length = stream[names[0]].length;
	const t0 = drift === 'none' || drift === 'time-order' ? null : Math.floor(length / 2);
	const watched = drift === 'correlation' ? data.pair[1] : column;
	const ref = meanSd(reference[watched]);
	if (t0 !== null) stream = inject(stream, drift, column, data.pair, t0, ref, seed);
	const alarms = Object.fromEntries(METHODS.map((m) => [m, [] as number[]])) as Record<
		Method,
		number[]
	>;

	// Streaming detectors on the standardized stream of the watched column, primed with the reference.
	const scale = ref.sd > 0 ? ref.sd : 1;
	for (const kind of STREAMING) {
		const detector = createDetector(kind, kind === 'cusum' ? { mean: 0, sigma: 1 } : {});
		for (const v of reference[watched]) detector.update((v - ref.mean) / scale);
		const xs = stream[watched];
		for (let i = 0; i < length; i++)
			if (detector.update((xs[i] - ref.mean) / scale).drift) alarms[kind].push(i);
	}

	// Univariate core methods (the registry, Evidently defaults) over sliding windows of the
	// watched column; the reference side is prepared (sorted) once.
	const refSide = prepareNumerical(reference[watched]);
	const pcaModel = fitPcaReconstruction(
		names.map((k): ColumnData => ({ name: k, type: 'numerical', values: reference[k] })),
		{ chunkSize: WINDOW }
	);
	for (let end = WINDOW; end <= length; end += STEP) {
		const slice = stream[watched].subarray(end - WINDOW, end);
		const at = end - 1;
		if (finiteSorted(slice).length >= 30) {
			const cur = prepareNumerical(slice);
			for (const name of WINDOWED) {
				// KS: asymptotic p-value (scipy's exact path is needlessly slow at 3000 × 500).
				const options = name === 'ks' ? { method: 'asymp' as const } : {};
				if (runPrepared(name, refSide, cur, options).drifted) alarms[name].push(at);
			}
		}
		const window = names.map((k): ColumnData => ({
			name: k,
			type: 'numerical',
			values: stream[k].subarray(end - WINDOW, end)
		}));
		const r = pcaReconstructionDrift(pcaModel, window);
		if (r.status === 'ok' && r.alert) alarms.pca.push(at);
	}
	return { dataset: data.name, drift, column: watched, seed, t0, length, alarms };
}

interface Row {
	dataset: string;
	drift: Drift;
	method: Method;
	runs: number;
	detectionRate: number | null;
	/** Probability of an alarm within the horizon by chance alone, from the false-alarm rate. */
	chanceRate: number | null;
	medianDelay: number | null;
	falseAlarmsPer10k: number;
}

function median(x: number[]): number | null {
	if (x.length === 0) return null;
	const s = [...x].sort((a, b) => a - b);
	const m = s.length >> 1;
	return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

function summarize(runs: Run[]): Row[] {
	const rows: Row[] = [];
	const keys = [...new Set(runs.map((r) => `${r.dataset}|${r.drift}`))];
	for (const key of keys) {
		const group = runs.filter((r) => `${r.dataset}|${r.drift}` === key);
		for (const method of METHODS) {
			let detected = 0;
			const delays: number[] = [];
			let falseAlarms = 0;
			let quietRecords = 0;
			for (const r of group) {
				const a = r.alarms[method];
				const end = r.t0 ?? r.length;
				falseAlarms += a.filter((i) => i < end).length;
				quietRecords += end;
				if (r.t0 !== null) {
					const first = a.find((i) => i >= r.t0!);
					if (first !== undefined && first - r.t0 < HORIZON) {
						detected++;
						delays.push(first - r.t0);
					}
				}
			}
			const drifted = group[0].t0 !== null;
			const rate = falseAlarms / quietRecords;
			rows.push({
				dataset: group[0].dataset,
				drift: group[0].drift,
				method,
				runs: group.length,
				detectionRate: drifted ? detected / group.length : null,
				chanceRate: drifted ? 1 - Math.exp(-rate * HORIZON) : null,
				medianDelay: drifted ? median(delays) : null,
				falseAlarmsPer10k: rate * 10_000
			});
		}
	}
	return rows;
}

/** Per method over both data sets: injected drifts pooled (runs-weighted), medians of medians. */
function summary(rows: Row[]) {
	return METHODS.map((method) => {
		const mine = rows.filter((r) => r.method === method);
		const injected = mine.filter((r) => (DRIFTS as readonly string[]).includes(r.drift));
		const corr = mine.filter((r) => r.drift === 'correlation');
		const none = mine.filter((r) => r.drift === 'none');
		const weighted = (rs: Row[], f: (r: Row) => number) =>
			rs.reduce((a, r) => a + f(r) * r.runs, 0) / rs.reduce((a, r) => a + r.runs, 0);
		return {
			method,
			detectionRate: weighted(injected, (r) => r.detectionRate ?? 0),
			medianDelay: median(injected.flatMap((r) => (r.medianDelay === null ? [] : [r.medianDelay]))),
			correlationRate: weighted(corr, (r) => r.detectionRate ?? 0),
			correlationChance: weighted(corr, (r) => r.chanceRate ?? 0),
			falseAlarmsPer10k: weighted(none, (r) => r.falseAlarmsPer10k)
		};
	});
}

function time(fn: () => void, reps: number): number {
	const t: number[] = [];
	for (let i = 0; i < reps; i++) {
		const start = performance.now();
		fn();
		t.push((performance.now() - start) / 1000);
	}
	return median(t)!;
}

function speed(): { method: string; what: string; seconds: number; ratioToKs: number }[] {
	const n = 1_000_000;
	const d = 20;
	const rng = seededRandom(99);
	const make = (shift: number): ColumnData[] => {
		const latent = Float64Array.from({ length: n }, () => rng.normal());
		return Array.from({ length: d }, (_, j) => ({
			name: `c${j}`,
			type: 'numerical' as const,
			values: Float64Array.from(latent, (l) => 0.7 * l + 0.7 * rng.normal() + shift)
		}));
	};
	const reference = make(0);
	const current = make(0.1);
	const value = (c: ColumnData) => (c as { values: Float64Array }).values;
	const reps = 3;
	const ks = time(() => {
		for (let j = 0; j < d; j++)
			runStatistic('ks', value(reference[j]), value(current[j]), { method: 'asymp' });
	}, reps);
	const out: { method: string; what: string; seconds: number; ratioToKs: number }[] = [
		{
			method: 'ks (baseline, runStatistic)',
			what: '20 columns, reference 1M vs current 1M (sort both + asymptotic test)',
			seconds: ks,
			ratioToKs: 1
		}
	];
	const add = (method: string, what: string, seconds: number) =>
		out.push({ method, what, seconds, ratioToKs: seconds / ks });
	let model = fitPcaReconstruction(reference, { chunkSize: 10_000 });
	add(
		'pca fit',
		'standardize, covariance, Jacobi, reference chunk errors (1M × 20)',
		time(() => {
			model = fitPcaReconstruction(reference, { chunkSize: 10_000 });
		}, reps)
	);
	add(
		'pca window',
		'mean reconstruction error of a 1M × 20 window',
		time(() => pcaReconstructionDrift(model, current), reps)
	);
	const scores = Float64Array.from({ length: n }, () => rng.uniform());
	const labels = Uint8Array.from(scores, (p) => (rng.uniform() < p * p ? 1 : 0));
	let cbpe = fitCbpe(scores, labels, { chunkSize: 10_000 });
	add(
		'cbpe fit',
		'1M reference scores + labels (5-fold isotonic CV, chunk metrics)',
		time(() => {
			cbpe = fitCbpe(scores, labels, { chunkSize: 10_000 });
		}, 1)
	);
	add(
		'cbpe estimate',
		'5 metrics on a 1M-score window',
		time(() => estimateCbpe(cbpe, scores), reps)
	);
	for (const kind of STREAMING) {
		add(
			kind,
			'20 detectors × 1M updates (one per column)',
			time(() => {
				for (let j = 0; j < d; j++) {
					const det = createDetector(kind);
					const v = value(current[j]);
					for (let i = 0; i < n; i++) det.update(v[i]);
				}
			}, 1)
		);
	}
	return out;
}

const fmt = (v: number | null, digits = 2) => (v === null ? '—' : v.toFixed(digits));

function main(): void {
	const started = performance.now();
	const datasets = [loadIndPenSim(), loadBikeSharing()];
	const runs: Run[] = [];
	for (const data of datasets) {
		const natural = Int32Array.from({ length: data.rows }, (_, i) => i);
		runs.push(detect(data, reorder(data, natural), 'time-order', data.inject[0], 0));
		for (const seed of SEEDS) {
			const shuffled = reorder(data, permutation(data.rows, seed));
			runs.push(detect(data, shuffled, 'none', data.inject[0], seed));
			for (const column of data.inject) {
				for (const drift of DRIFTS) runs.push(detect(data, shuffled, drift, column, seed));
			}
			runs.push(detect(data, shuffled, 'correlation', data.pair[1], seed));
		}
		console.log(`${data.name}: ${runs.length} runs so far`);
	}
	const rows = summarize(runs);
	const cbpe = validateCbpeOnAdult(1000);
	const streams = adultStreams();
	const speeds = speed();

	const md: string[] = [
		'# Detection benchmark',
		'',
		`Generated by \`npm run bench:detection\` on ${new Date().toISOString()} (Node ${process.version}, ${cpus().length} CPUs).`,
		'',
		`Streams: rows shuffled with seeds ${SEEDS.join(', ')}; first ${REFERENCE} rows are the reference, drift starts at the middle`,
		`of the monitored rest. Windowed methods: windows of ${WINDOW} rows every ${STEP} rows; univariate methods through the`,
		"drift core's `runPrepared` with its Evidently defaults (KS p ≤ 0.05 asymptotic, PSI ≥ 0.1, normed Wasserstein ≥ 0.1, Jensen–Shannon ≥ 0.1);",
		'PCA reconstruction error outside the reference chunks’ mean ± 3σ.',
		'Streaming detectors read the standardized watched column record by record (river defaults; CUSUM k = 0.5, h = 5 with',
		'μ₀, σ from the reference). Univariate and streaming methods watch the drifted column (for `correlation`, the',
		'shuffled column of the pair); PCA watches all columns. Delay in records; false alarms per 10,000 records before',
		'the drift (all records without drift). `time-order` = original order, no injection (real batch/seasonal change).',
		`Detected = first alarm within ${HORIZON} records of the drift start; "chance" is the probability of an alarm in`,
		'that horizon from the false-alarm rate alone (1 − exp(−rate·horizon)): a detection rate near it is no detection.',
		'',
		'### Summary over both data sets',
		'',
		'| method | detection rate (shift, scale, missing, freeze) | median delay | correlation-only detection rate | chance | false alarms / 10k (no drift, shuffled) |',
		'| --- | ---: | ---: | ---: | ---: | ---: |',
		...summary(rows).map(
			(s) =>
				`| ${s.method} | ${fmt(s.detectionRate)} | ${fmt(s.medianDelay, 0)} | ${fmt(s.correlationRate)} | ${fmt(s.correlationChance)} | ${fmt(s.falseAlarmsPer10k, 1)} |`
		),
		'',
		'### Per data set and drift',
		'',
		'| data | drift | method | runs | detection rate | chance | median delay | false alarms / 10k |',
		'| --- | --- | --- | ---: | ---: | ---: | ---: | ---: |',
		...rows.map(
			(r) =>
				`| ${r.dataset} | ${r.drift} | ${r.method} | ${r.runs} | ${fmt(r.detectionRate)} | ${fmt(r.chanceRate)} | ${fmt(r.medianDelay, 0)} | ${fmt(r.falseAlarmsPer10k, 1)} |`
		),
		'',
		'## CBPE on Adult (logistic regression on numeric features, windows of 1,000 labelled test rows)',
		'',
		`Calibration applied: ${cbpe.calibrationApplied}. Mean absolute error of the estimate over windows:`,
		'',
		'| windows | accuracy | precision | recall | F1 | ROC AUC | realized accuracy range |',
		'| --- | ---: | ---: | ---: | ---: | ---: | --- |',
		...(['file-order', 'by-age'] as const).map((o) => {
			const r = cbpe.orderings[o];
			return `| ${o} (${r.windows}) | ${fmt(r.mae.accuracy, 4)} | ${fmt(r.mae.precision, 4)} | ${fmt(r.mae.recall, 4)} | ${fmt(r.mae.f1, 4)} | ${fmt(r.mae.roc_auc, 4)} | ${fmt(r.realizedRange.accuracy[0], 3)}–${fmt(r.realizedRange.accuracy[1], 3)} |`;
		}),
		'',
		'## Streaming detectors on the Adult prediction and error streams',
		'',
		'Primed with the 16,281 labelled reference rows, then fed the 16,281 test rows in file order (no drift expected)',
		'or sorted by age (the stream changes from the first rows on). Page-Hinkley and CUSUM read standardized values.',
		'',
		'| stream | order | detector | drifts signalled | first drift at test row |',
		'| --- | --- | --- | ---: | ---: |',
		...streams.map(
			(r) => `| ${r.stream} | ${r.order} | ${r.detector} | ${r.drifts} | ${r.firstDrift ?? '—'} |`
		),
		'',
		'## Speed, 1,000,000 rows × 20 columns (median of 3 runs; single runs for CBPE fit and the streaming detectors)',
		'',
		'| method | what | seconds | × KS baseline |',
		'| --- | --- | ---: | ---: |',
		...speeds.map(
			(s) => `| ${s.method} | ${s.what} | ${s.seconds.toFixed(3)} | ${s.ratioToKs.toFixed(2)} |`
		),
		''
	];
	mkdirSync('bench/results', { recursive: true });
	writeFileSync(
		'bench/results/detection.json',
		JSON.stringify(
			{
				generatedAt: new Date().toISOString(),
				node: process.version,
				settings: {
					reference: REFERENCE,
					window: WINDOW,
					step: STEP,
					seeds: SEEDS,
					horizon: HORIZON
				},
				summary: summary(rows),
				detection: rows,
				cbpeAdult: cbpe,
				adultStreams: streams,
				speed: speeds
			},
			null,
			'\t'
		) + '\n'
	);
	writeFileSync('bench/results/detection.md', md.join('\n'));
	console.log(md.join('\n'));
	console.log(`\ndone in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

main();
