import type { BatchReference, BatchSource } from '../contracts/batch-reference';
import { normalQuantile } from '../drift/special/quantiles';
import { alignBatches, gridFor, type BatchGrid } from './align';
import { screenColumns } from './columns';
import { sealReference } from './digest';
import { BatchInputError } from './errors';
import { longestRun, windowedLimits } from './limits';
import { fitPca, pcaStatistics, type PcaModel } from './pca';
import { fitScaling, type Scaling } from './scaling';
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
	/** Scale floor as a share of the variable's median scale over batch time (default 0.5). */
	floorShare?: number;
	/** Jackknife calibration of each variable's scale (default true; see buildBatchReference). */
	calibrate?: boolean;
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

/** Scaled observations (z) of some batches under one scaling, rows with a value only. */
function scaledRows(values: Float64Array[][], s: Scaling, K: number, J: number) {
	const rows: number[] = [];
	for (const b of values)
		for (let k = 0; k < K; k++) {
			let ok = true;
			for (let j = 0; j < J && ok; j++) ok = Number.isFinite(b[j][k]) && s.scale[k * J + j] > 0;
			if (!ok) continue;
			for (let j = 0; j < J; j++) rows.push((b[j][k] - s.centre[k * J + j]) / s.scale[k * J + j]);
		}
	return { z: Float64Array.from(rows), n: rows.length / J };
}

/** T² and SPE of one batch on the grid under a scaling and a PCA model (NaN where undefined). */
function batchStatistics(batch: Float64Array[], s: Scaling, pca: PcaModel, K: number, J: number) {
	const t2 = new Float64Array(K).fill(Number.NaN);
	const spe = new Float64Array(K).fill(Number.NaN);
	const z = new Float64Array(J);
	for (let k = 0; k < K; k++) {
		let present = 0;
		for (let j = 0; j < J; j++) {
			const sc = s.scale[k * J + j];
			const x = batch[j][k];
			if (!(sc > 0)) {
				present = -1;
				break;
			}
			z[j] = Number.isFinite(x) ? (x - s.centre[k * J + j]) / sc : 0;
			if (Number.isFinite(x)) present++;
		}
		if (present < Math.ceil(J / 2)) continue;
		const st = pcaStatistics(pca, z);
		t2[k] = st.t2;
		spe[k] = st.spe;
	}
	return { t2, spe };
}

/**
 * Builds a frozen batch reference from normal batches (docs/batch-engineering.md):
 * 1. default columns (columns.ts), batches aligned on the batch-time grid (align.ts), the grid cut
 *    to the batch times reached by `minBatches` reference batches;
 * 2. centre and pooled scale at each batch time (scaling.ts; Nomikos & MacGregor 1994);
 * 3. one PCA of all scaled observations, every batch time a row (the observation-level model of
 *    Wold et al. 1998, "Modelling and diagnostics of batch processes and analogous kinetic
 *    experiments", Chemom. Intell. Lab. Syst. 44:331–340), with Hotelling's T² and SPE;
 * 4. limits from leave-one-batch-out statistics: each batch is scored by the model built without
 *    it, since a batch scored by a model that contains it looks better than a new batch will (van
 *    Sprang et al. 2002, "Critical evaluation of approaches for on-line batch process monitoring",
 *    Chem. Eng. Sci. 57:3979–3991); the limits at each time are Box's g·χ²_h widened for the
 *    number of batches (limits.ts);
 * 5. the run rule: one more consecutive point past the action limit than the reference batches'
 *    longest runs when each is left out of both the model and the limits (the upper quartile of
 *    those runs, so one atypical reference batch does not make the rule too slow to be useful).
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
	const I = values.length;
	const scaleWindow = Math.max(0, Math.round((o.scaleWindow ?? 2) / grid.step));
	const limitWindow = Math.max(1, Math.round((o.limitWindow ?? 10) / grid.step));

	// Leave-one-batch-out: batch i scaled by the others' centre and spread. The spread learnt from
	// I − 1 batches at one time underestimates how far a new batch strays (most of all for
	// intermittent signals such as a controller's acid pulses), so each variable's scale is
	// multiplied by the root mean square of its left-out scaled deviations (at least 1): a
	// jackknife calibration that makes a new batch's deviations unit-sized on average.
	const folds = values.map((_, i) => {
		const others = values.filter((_, m) => m !== i);
		return {
			others,
			s: fitScaling(others, { window: scaleWindow, floorShare: o.floorShare ?? 0.5 })
		};
	});
	const calib = new Float64Array(J);
	const calibN = new Float64Array(J);
	folds.forEach(({ s }, i) => {
		for (let k = 0; k < K; k++)
			for (let j = 0; j < J; j++) {
				const x = values[i][j][k];
				const sc = s.scale[k * J + j];
				if (!Number.isFinite(x) || !(sc > 0)) continue;
				const z = (x - s.centre[k * J + j]) / sc;
				calib[j] += z * z;
				calibN[j]++;
			}
	});
	for (let j = 0; j < J; j++)
		calib[j] =
			o.calibrate === false ? 1 : Math.max(1, Math.sqrt(calibN[j] ? calib[j] / calibN[j] : 1));
	const calibrate = (s: Scaling) => {
		for (let k = 0; k < K; k++) for (let j = 0; j < J; j++) s.scale[k * J + j] *= calib[j];
		return s;
	};
	const scaling = calibrate(
		fitScaling(values, { window: scaleWindow, floorShare: o.floorShare ?? 0.5 })
	);
	const all = scaledRows(values, scaling, K, J);
	const pca = fitPca(all.z, all.n, J, o.components);
	const loboT2: Float64Array[] = [];
	const loboSpe: Float64Array[] = [];
	folds.forEach(({ others, s }, i) => {
		calibrate(s);
		const rows = scaledRows(others, s, K, J);
		const p = fitPca(rows.z, rows.n, J, pca.components);
		const st = batchStatistics(values[i], s, p, K, J);
		loboT2.push(st.t2);
		loboSpe.push(st.spe);
	});
	const t2Limits = windowedLimits(loboT2, limitWindow, levels);
	const speLimits = windowedLimits(loboSpe, limitWindow, levels);
	const alarmLevel = levels[levels.length - 1];
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
		schema: 'vigil.batch-reference/1',
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
		centre: Array.from(scaling.centre, round),
		scale: Array.from(scaling.scale, round),
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
			factor: round(normalQuantile((1 + alarmLevel) / 2) * Math.sqrt(1 + 1 / I))
		},
		options: {
			scale_window: scaleWindow * grid.step,
			limit_window: limitWindow * grid.step,
			max_gap: maxGap,
			min_present: minPresent,
			min_batches: minBatches
		},
		titer
	});
}
