import type { BatchReference, BatchSource } from '../contracts/batch-reference';
import { alignBatches, gridFor, type BatchGrid } from './align';
import { screenColumns } from './columns';
import { sealReference } from './digest';
import { BatchInputError } from './errors';
import type { ChangeTimes } from './change';
import { leftOutDeviations } from './deviations';
import { flatlineProfile } from './flatline';
import { DEFAULT_POINTS, learnSignals } from './learn-signals';
import { fillNearestStrided, longestRun, windowedLimits } from './limits';
import { fitPca, pcaStatistics, type PcaModel } from './pca';
import type { BatchSeries } from './split';

export interface BatchReferenceOptions {
	/** Half-width of the window that pools the spread at each batch time (time unit; default 2). */
	scaleWindow?: number;
	/** Half-width of the window the limits are fitted over (time unit; default 10). */
	limitWindow?: number;
	/** Confidence levels of the limits (default [0.95, 0.99]: warning and action); the last drives the alarm. */
	levels?: number[];
	/** Widest gap interpolated over (time unit; default 5 grid steps). */
	maxGap?: number;
	/** Columns present in fewer rows than this share are left out (default 0.5). */
	minPresent?: number;
	/** Reference batches needed at a batch time for it to be monitored (default 3). */
	minBatches?: number;
	/** Principal components (default: the Kaiser–Guttman rule, see pca.ts). */
	components?: number;
	/** Smallest run-rule length (default 3 points). */
	minRun?: number;
	/** Which reference batch's longest normal run the run rule must cover (default 0.75: the upper quartile). */
	runQuantile?: number;
	/** Confidence level of the signals' limits, before Bonferroni over the variables (default 0.999). */
	signalLevel?: number;
	/** Half-width of the window that pools the change spread (time unit; default 5). */
	changeWindow?: number;
	/** Time constants of the change filter (change.ts). */
	changeTimes?: ChangeTimes;
	/** Floor of the change scale (learn-signals.ts; default 'rms'). */
	changeFloor?: 'rms' | 'median';
	/** Run rules of the level, change and recipe signals (learn-signals.ts). */
	points?: Partial<typeof DEFAULT_POINTS>;
	createdAt?: string;
}

export interface BatchReferenceInput {
	name: string;
	batchColumn: string;
	timeColumn: string;
	/** Candidate variables, in the order of every batch's `values`. */
	variables: string[];
	batches: BatchSeries[];
	sources: BatchSource[];
	/** Index into `variables` (or extra values per batch) of the titer used by the forecast. */
	titer?: { column: string; values: Float64Array[] };
	options?: BatchReferenceOptions;
}

const SIG = 10;
const round = (x: number) => Number(x.toPrecision(SIG));

/**
 * T² and SPE of one batch's left-out deviations scaled by the reference scale (NaN where fewer than
 * half the variables have a value; a missing value counts as on the trajectory, z = 0).
 */
function batchStatistics(dev: Float64Array[], scale: Float64Array, pca: PcaModel, K: number) {
	const J = dev.length;
	const t2 = new Float64Array(K).fill(Number.NaN);
	const spe = new Float64Array(K).fill(Number.NaN);
	const z = new Float64Array(J);
	for (let k = 0; k < K; k++) {
		let present = 0;
		for (let j = 0; j < J; j++) {
			const d = dev[j][k];
			z[j] = Number.isFinite(d) ? d / scale[k * J + j] : 0;
			if (Number.isFinite(d)) present++;
		}
		if (present < Math.ceil(J / 2)) continue;
		const st = pcaStatistics(pca, z);
		t2[k] = st.t2;
		spe[k] = st.spe;
	}
	return { t2, spe };
}

/** Scaled rows (z) of every batch's left-out deviations, rows with every value only. */
function scaledRows(deviations: Float64Array[][], scale: Float64Array, K: number, J: number) {
	const z = new Float64Array(deviations.length * K * J);
	let n = 0;
	for (const b of deviations)
		for (let k = 0; k < K; k++) {
			let ok = true;
			for (let j = 0; j < J && ok; j++) ok = Number.isFinite(b[j][k]);
			if (!ok) continue;
			for (let j = 0; j < J; j++) z[n * J + j] = b[j][k] / scale[k * J + j];
			n++;
		}
	return { z: z.subarray(0, n * J), n };
}

/**
 * Builds a frozen batch reference from normal batches (docs/batch-engineering.md):
 * 1. default columns (columns.ts), batches aligned on the batch-time grid (align.ts), the grid cut
 *    to the batch times reached by `minBatches` reference batches;
 * 2. left-out deviations of every batch from the centre of the others (deviations.ts), from
 *    which the level and change scales, recipe schedules and signal limits are learnt
 *    (learn-signals.ts) and the flatline profile from the rows (flatline.ts);
 * 3. one PCA of the scaled left-out deviations, every batch time a row (the observation-level
 *    model of Wold et al. 1998, "Modelling and diagnostics of batch processes and analogous
 *    kinetic experiments", Chemom. Intell. Lab. Syst. 44:331–340), with Hotelling's T² and SPE;
 *    their limits at each time are Box's g·χ²_h of the left-out statistics widened for the number
 *    of batches (limits.ts; van Sprang et al. 2002, Chem. Eng. Sci. 57:3979–3991), and their run
 *    rule covers the upper quartile of the batches' longest runs. T² and SPE are shown; the alarm
 *    comes from the signals (signals.ts).
 *
 * @throws BatchInputError `too_few_batches`, `duplicate_batch`, `no_variables`.
 * @example
 * const ref = buildBatchReference({ name: 'golden', batchColumn: 'batch_id', timeColumn: 'Time (h)',
 *   variables, batches, sources: [{ sha256, rows, batches: ids }] });
 */
export function buildBatchReference(input: BatchReferenceInput): BatchReference {
	const o = input.options ?? {};
	const levels = o.levels ?? [0.95, 0.99];
	const minPresent = o.minPresent ?? 0.5;
	const minBatches = o.minBatches ?? 3;
	const ids = input.batches.map((b) => b.id);
	const dup = ids.find((id, i) => ids.indexOf(id) !== i);
	if (dup !== undefined)
		throw new BatchInputError('duplicate_batch', `batch ${dup} appears twice in the reference`, {
			batch: dup,
			column: input.batchColumn
		});
	const nonEmpty = input.batches.filter((b) => b.time.length > 0);
	if (nonEmpty.length < 3 || nonEmpty.length < minBatches)
		throw new BatchInputError(
			'too_few_batches',
			`a batch reference needs at least ${Math.max(3, minBatches)} normal batches in column '${input.batchColumn}'; got ${nonEmpty.length}${nonEmpty.length ? ` (${nonEmpty.map((b) => b.id).join(', ')})` : ''}`,
			{ column: input.batchColumn }
		);
	if (!levels.every((l) => l > 0 && l < 1) || levels.length === 0)
		throw new BatchInputError(
			'invalid_option',
			'confidence levels must lie strictly between 0 and 1'
		);
	const { keep, excluded } = screenColumns(nonEmpty, input.variables, minPresent);
	if (keep.length < 2)
		throw new BatchInputError(
			'no_variables',
			`fewer than two columns can be monitored: ${excluded.map((e) => `'${e.column}' is ${e.reason.replace('_', ' ')}`).join(', ') || 'none given'}`
		);
	const variables = keep.map((j) => input.variables[j]);
	const batches = nonEmpty.map((b) => ({ ...b, values: keep.map((j) => b.values[j]) }));
	const full = gridFor(batches);
	const maxGap = o.maxGap ?? 5 * full.step;
	const aligned = alignBatches(batches, full, { maxGap });
	// Cut the grid to the batch times that enough reference batches reach.
	const reach = new Int32Array(full.length);
	for (const b of batches) {
		const a = Math.ceil((b.time[0] - full.start) / full.step - 1e-6);
		const e = Math.floor((b.time[b.time.length - 1] - full.start) / full.step + 1e-6);
		for (let k = Math.max(0, a); k <= Math.min(full.length - 1, e); k++) reach[k]++;
	}
	const k0 = reach.findIndex((c) => c >= minBatches);
	let k1 = -1;
	for (let k = full.length - 1; k >= 0 && k1 < 0; k--) if (reach[k] >= minBatches) k1 = k;
	if (k0 < 0)
		throw new BatchInputError(
			'too_few_batches',
			`no batch time is reached by ${minBatches} reference batches: their time ranges do not overlap`
		);
	const K = k1 - k0 + 1;
	const grid: BatchGrid = { start: full.start + k0 * full.step, step: full.step, length: K };
	const values = aligned.values.map((b) => b.map((v) => v.slice(k0, k1 + 1)));
	const J = variables.length;
	const scaleWindow = Math.max(0, Math.round((o.scaleWindow ?? 2) / grid.step));
	const limitWindow = Math.max(1, Math.round((o.limitWindow ?? 10) / grid.step));

	const changeWindow = Math.max(1, Math.round((o.changeWindow ?? 5) / grid.step));
	const alarmLevel = levels[levels.length - 1];

	// Every limit is learnt from left-out deviations: batch i against the centre of the others.
	const { centre, count, deviations } = leftOutDeviations(values);
	for (let j = 0; j < J; j++) fillNearestStrided(centre, J, j);
	const learnt = learnSignals(values, deviations, centre, count, {
		scaleWindow,
		changeWindow,
		level: o.signalLevel ?? 0.999,
		step: grid.step,
		times: o.changeTimes,
		points: o.points,
		changeFloor: o.changeFloor
	});
	const scale = learnt.scale;
	const flat = flatlineProfile(
		batches,
		variables.map((_, j) => j)
	);
	// One PCA of the scaled left-out deviations of every batch at every batch time (the
	// observation-level model of Wold et al. 1998); each batch's T² and SPE under it give the
	// limits, without refitting per left-out batch.
	const all = scaledRows(deviations, scale, K, J);
	const pca = fitPca(all.z, all.n, J, o.components);
	const loboT2: Float64Array[] = [];
	const loboSpe: Float64Array[] = [];
	for (const dev of deviations) {
		const st = batchStatistics(dev, scale, pca, K);
		loboT2.push(st.t2);
		loboSpe.push(st.spe);
	}
	const t2Limits = windowedLimits(loboT2, limitWindow, levels);
	const speLimits = windowedLimits(loboSpe, limitWindow, levels);
	// The run rule, honestly: batch i against limits fitted without it. A reference batch unlike
	// the others (a run far longer than the rest) would otherwise set a rule too slow to catch
	// anything, so the rule covers the upper quartile of the batches' longest runs (all of them
	// with three or four batches); the longest run is recorded.
	const runs = values.map((_, i) => {
		const [lt] = windowedLimits(
			loboT2.filter((_, m) => m !== i),
			limitWindow,
			[alarmLevel]
		);
		const [ls] = windowedLimits(
			loboSpe.filter((_, m) => m !== i),
			limitWindow,
			[alarmLevel]
		);
		return Math.max(longestRun(loboT2[i], lt), longestRun(loboSpe[i], ls));
	});
	const sortedRuns = [...runs].sort((a, b) => a - b);
	const longest = sortedRuns[sortedRuns.length - 1];
	const typical = sortedRuns[Math.ceil((sortedRuns.length - 1) * (o.runQuantile ?? 0.75))];
	const points = Math.max(o.minRun ?? 3, typical + 1);
	const titer = input.titer
		? {
				column: input.titer.column,
				trajectories: nonEmpty.map((b) => {
					const idx = input.batches.indexOf(b);
					const v = alignBatches([{ ...b, values: [input.titer!.values[idx]] }], full, {
						maxGap: Infinity
					}).values[0][0].slice(k0, k1 + 1);
					return Array.from(v, (x) => (Number.isFinite(x) ? round(x) : null));
				})
			}
		: null;
	const total = pca.spectrum.reduce((s, v) => s + v, 0);
	return sealReference({
		schema: 'vigil.batch-reference/2',
		name: input.name,
		created_at: o.createdAt ?? new Date().toISOString(),
		batch_column: input.batchColumn,
		time_column: input.timeColumn,
		sources: input.sources,
		batches: nonEmpty.map((b) => ({
			id: b.id,
			rows: b.time.length,
			start: b.time[0],
			end: b.time[b.time.length - 1]
		})),
		variables,
		excluded,
		grid: { start: round(grid.start), step: grid.step, length: K },
		coverage: Array.from(reach.slice(k0, k1 + 1)),
		centre: Array.from(centre, round),
		scale: Array.from(scale, round),
		pca: {
			components: pca.components,
			eigenvalues: Array.from(pca.eigenvalues, round),
			loadings: Array.from(pca.loadings, round),
			explained: total > 0 ? round(pca.eigenvalues.reduce((s, v) => s + v, 0) / total) : 0
		},
		limits: {
			levels,
			t2: t2Limits.map((l) => Array.from(l, round)),
			spe: speLimits.map((l) => Array.from(l, round))
		},
		run_rule: { points, level: alarmLevel, longest_normal_run: longest },
		band: {
			level: alarmLevel,
			factor: round(learnt.band)
		},
		options: {
			scale_window: scaleWindow * grid.step,
			limit_window: limitWindow * grid.step,
			change_window: changeWindow * grid.step,
			max_gap: maxGap,
			min_present: minPresent,
			min_batches: minBatches
		},
		signals: {
			...learnt.signals,
			flatline: {
				low: flat.low.map(round),
				high: flat.high.map(round),
				max_run: flat.maxRun
			}
		},
		titer
	});
}
