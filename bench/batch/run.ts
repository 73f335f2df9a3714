/**
 * bench:batch — batch-process monitoring on the ten IndPenSim batches in data/indpensim, training
 * and evaluation kept apart: every number comes from a batch that is not in the reference it is
 * scored against. Writes bench/results/batch.{json,md}. Data: IndPenSim (Goldrick et al. 2019),
 * CC BY 4.0, see data/README.md.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import {
	BatchMonitor,
	buildBatchReference,
	splitBatches,
	type BatchReference,
	type BatchSeries
} from '../../src/lib/batch';
import { buildProfile } from '../../src/lib/drift/profile';
import { buildReport } from '../../src/lib/drift/report';
import { numericalColumn } from '../../src/lib/drift/types';
import { parseSimpleCsv } from '../../src/lib/ml/demo/csv';

const [header, ...rows] = parseSimpleCsv(
	readFileSync('data/indpensim/indpensim_batches_1-10.csv', 'utf8')
);
const bcol = header.indexOf('batch_id');
const tcol = header.indexOf('Time (h)');
const names = header.filter((_, i) => i !== bcol && i !== tcol);
const num = (s: string) => (s === '' ? Number.NaN : Number(s));
const { batches } = splitBatches({
	batchIds: rows.map((r) => r[bcol]),
	time: Float64Array.from(rows, (r) => num(r[tcol])),
	columns: names.map((n) => ({
		name: n,
		values: Float64Array.from(rows, (r) => num(r[header.indexOf(n)]))
	}))
});
const ids = batches.map((b) => b.id);
const byId = new Map(batches.map((b) => [b.id, b]));
const SHA = '0'.repeat(64);

function reference(refIds: string[]): BatchReference {
	return buildBatchReference({
		name: 'bench',
		batchColumn: 'batch_id',
		timeColumn: 'Time (h)',
		variables: names,
		batches: refIds.map((i) => byId.get(i)!),
		sources: [{ sha256: SHA, rows: 0, batches: refIds }]
	});
}

type Change = (variable: string, t: number, x: number, r: number) => number;
function monitor(ref: BatchReference, b: BatchSeries, change?: Change) {
	const m = new BatchMonitor(ref, b.id);
	const cols = ref.variables.map((v) => names.indexOf(v));
	const row = new Float64Array(cols.length);
	for (let r = 0; r < b.time.length; r++) {
		cols.forEach(
			(c, j) => (row[j] = change ? change(names[c], b.time[r], b.values[c][r], r) : b.values[c][r])
		);
		m.push(b.time[r], row);
	}
	return m.summary();
}

/** The pooled drift verdict of today's drift core: the whole batch against the reference rows. */
function pooledDrift(
	refIds: string[],
	b: BatchSeries,
	variables: string[],
	change?: Change
): boolean {
	const col = (bs: BatchSeries[], v: string, ch?: Change) =>
		numericalColumn(
			v,
			bs.flatMap((x) =>
				Array.from(x.values[names.indexOf(v)], (val, r) => (ch ? ch(v, x.time[r], val, r) : val))
			)
		);
	const refBatches = refIds.map((i) => byId.get(i)!);
	const profile = buildProfile(
		variables.map((v) => col(refBatches, v)),
		{ name: 'ref', sha256: SHA }
	);
	return buildReport({
		reference: profile,
		current: variables.map((v) => col([b], v, change)),
		currentName: b.id
	}).dataset.drifted;
}

const median = (a: number[]) =>
	a.length ? [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)] : Number.NaN;

// 1. False alarms on normal batches: each batch against the reference of the other nine, and
//    against 3-batch references (ten rotating triples, the seven batches outside each).
const lobo = ids.map((b) => {
	const ref = reference(ids.filter((i) => i !== b));
	const s = monitor(ref, byId.get(b)!);
	const drift = pooledDrift(
		ids.filter((i) => i !== b),
		byId.get(b)!,
		ref.variables
	);
	return {
		batch: b,
		alarm: s.alarm,
		first_alarm_time: s.firstAlarmTime,
		run_points: ref.run_rule.points,
		top: s.contributions.slice(0, 3).map((c) => c.variable),
		pooled_drift: drift
	};
});
let triples = 0;
let tripleAlarms = 0;
const tripleRuns: number[] = [];
for (let s = 0; s < 10; s++) {
	const refIds = [ids[s], ids[(s + 1) % 10], ids[(s + 2) % 10]];
	const ref = reference(refIds);
	tripleRuns.push(ref.run_rule.points);
	for (const b of ids.filter((i) => !refIds.includes(i))) {
		triples++;
		if (monitor(ref, byId.get(b)!).alarm) tripleAlarms++;
	}
}

// 2. Injected faults in held-out batches (reference: the other nine), onset at 40 % of the batch,
//    magnitude in units of the reference scale at that batch time.
const INPUTS = [
	'Aeration rate(Fg:L/h)',
	'Sugar feed rate(Fs:L/h)',
	'Base flow rate(Fb:L/h)',
	'Heating/cooling water flow rate(Fc:L/h)'
];
const SENSORS = [
	'Temperature(T:K)',
	'pH(pH:pH)',
	'Dissolved oxygen concentration(DO2:mg/L)',
	'carbon dioxide percent in off-gas(CO2outgas:%)'
];
const KINDS = ['step', 'ramp', 'bias', 'freeze'] as const;
const MAGS = [3, 5, 10];
interface Case {
	batch: string;
	variable: string;
	kind: string;
	magnitude: number | null;
	detected: boolean;
	delay_h: number | null;
	rank: number | null;
	pooled_drift: boolean;
}
const cases: Case[] = [];
for (const b of ids) {
	const refIds = ids.filter((i) => i !== b);
	const ref = reference(refIds);
	const bs = byId.get(b)!;
	const onsetRow = Math.floor(bs.time.length * 0.4);
	const onset = bs.time[onsetRow];
	const J = ref.variables.length;
	const scaleAt = (j: number, t: number) =>
		ref.scale[
			Math.min(ref.grid.length - 1, Math.max(0, Math.round((t - ref.grid.start) / ref.grid.step))) *
				J +
				j
		];
	for (const kind of KINDS)
		for (const variable of kind === 'step'
			? INPUTS
			: kind === 'bias' || kind === 'freeze'
				? SENSORS
				: [...INPUTS, ...SENSORS])
			for (const magnitude of kind === 'freeze' ? [null] : MAGS) {
				const j = ref.variables.indexOf(variable);
				const frozen = bs.values[names.indexOf(variable)][onsetRow];
				const change: Change = (v, t, x) => {
					if (v !== variable || t < onset) return x;
					if (kind === 'freeze') return frozen;
					const size = magnitude! * scaleAt(j, t);
					return x + (kind === 'ramp' ? Math.min(1, (t - onset) / 20) * size : size);
				};
				const s = monitor(ref, bs, change);
				const detected = s.alarm && s.firstAlarmTime! >= onset;
				const rank = detected
					? s.contributions.findIndex((c) => c.variable === variable) + 1
					: null;
				cases.push({
					batch: b,
					variable,
					kind,
					magnitude,
					detected,
					delay_h: detected ? Number((s.firstAlarmTime! - onset).toFixed(2)) : null,
					rank,
					pooled_drift: pooledDrift(refIds, bs, ref.variables, change)
				});
			}
}

// 3. Speed: a reference from the ten batches, and one row scored.
const buildMs: number[] = [];
for (let i = 0; i < 5; i++) {
	const t0 = performance.now();
	reference(ids);
	buildMs.push(performance.now() - t0);
}
const full = reference(ids);
const rowMs: number[] = [];
for (let rep = 0; rep < 5; rep++) {
	const b = byId.get(ids[rep])!;
	const m = new BatchMonitor(full, b.id);
	const cols = full.variables.map((v) => names.indexOf(v));
	const rowsOf = Array.from(b.time, (_, r) => Float64Array.from(cols, (c) => b.values[c][r]));
	const t0 = performance.now();
	for (let r = 0; r < b.time.length; r++) m.push(b.time[r], rowsOf[r]);
	rowMs.push((performance.now() - t0) / b.time.length);
}

const group = (f: (c: Case) => boolean) => {
	const g = cases.filter(f);
	const det = g.filter((c) => c.detected);
	return {
		cases: g.length,
		detection_rate: det.length / (g.length || 1),
		median_delay_h: median(det.map((c) => c.delay_h!)),
		top3_share: det.filter((c) => c.rank! <= 3).length / (det.length || 1),
		pooled_drift_rate: g.filter((c) => c.pooled_drift).length / (g.length || 1)
	};
};
const rowsTable = [
	...MAGS.map((m) => ({ name: `all, ${m} SD`, ...group((c) => c.magnitude === m) })),
	...KINDS.map((k) => ({ name: k, ...group((c) => c.kind === k) })),
	{ name: 'inputs (step, ramp)', ...group((c) => INPUTS.includes(c.variable)) },
	{ name: 'sensors (bias, ramp, freeze)', ...group((c) => SENSORS.includes(c.variable)) }
];
const result = {
	data: 'data/indpensim/indpensim_batches_1-10.csv (batches 1-10)',
	false_alarms: {
		leave_one_batch_out: {
			batches: lobo.length,
			alarms: lobo.filter((l) => l.alarm).length,
			pooled_drift: lobo.filter((l) => l.pooled_drift).length,
			per_batch: lobo
		},
		three_batch_references: { runs: triples, alarms: tripleAlarms, run_rule_points: tripleRuns }
	},
	faults: { summary: rowsTable, cases },
	speed: { reference_from_10_batches_ms: median(buildMs), one_row_ms: median(rowMs) },
	titer_forecast: 'not implemented in this release'
};
writeFileSync('bench/results/batch.json', `${JSON.stringify(result, null, '\t')}\n`);
const pct = (x: number) => `${(100 * x).toFixed(0)} %`;
const md = [
	'# bench:batch',
	'',
	'IndPenSim batches 1–10 (`data/indpensim`). Every batch is scored against a reference that does not contain it.',
	'',
	'## False alarms on normal batches',
	'',
	`- each batch against the other nine: **${result.false_alarms.leave_one_batch_out.alarms} of 10** raise an alarm (batches ${
		lobo
			.filter((l) => l.alarm)
			.map((l) => l.batch)
			.join(', ') || 'none'
	}); pooled drift verdict (today's \`vigil drift\` core) on the same batches: ${result.false_alarms.leave_one_batch_out.pooled_drift} of 10 "drifted"`,
	`- against 3-batch references (10 rotating triples × the 7 other batches): **${tripleAlarms} of ${triples}** alarms; run rule ${Math.min(...tripleRuns)}–${Math.max(...tripleRuns)} points`,
	'',
	'## Injected faults (onset at 40 % of the held-out batch, reference = the other nine)',
	'',
	'| cases | n | detected | median delay (h) | faulted variable in top 3 | pooled drift verdict |',
	'| --- | ---: | ---: | ---: | ---: | ---: |',
	...rowsTable.map(
		(r) =>
			`| ${r.name} | ${r.cases} | ${pct(r.detection_rate)} | ${Number.isFinite(r.median_delay_h) ? r.median_delay_h.toFixed(1) : '—'} | ${pct(r.top3_share)} | ${pct(r.pooled_drift_rate)} |`
	),
	'',
	`Step on inputs (${INPUTS.join(', ')}), bias on sensors (${SENSORS.join(', ')}), ramp on both (full size after 20 h), freeze = the sensor keeps its value at the onset. "SD" = the reference scale at that batch time (docs/batch-engineering.md).`,
	'',
	'## Speed',
	'',
	`- reference from 10 batches: ${result.speed.reference_from_10_batches_ms.toFixed(0)} ms (median of 5)`,
	`- one row scored: ${(result.speed.one_row_ms * 1000).toFixed(1)} µs (median over 5 batches)`,
	'',
	'Titer forecast: not implemented in this release.',
	''
].join('\n');
writeFileSync('bench/results/batch.md', md);
console.log(md);
