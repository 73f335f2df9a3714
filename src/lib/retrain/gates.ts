import type { Evaluation, GateConfig, GateResult, SegmentResult } from '../contracts/evaluation';
import type { ModelCard } from '../contracts/model-card';
import type { RetrainTask } from './join-labels';
import { pointMetrics } from './performance-window';

/** The thresholds of the issue: 200 labels, 30% coverage, F1 +2 points or RMSE −5%, Brier +0.01, segments 5%. */
export const DEFAULT_GATES: GateConfig = {
	min_labelled: 200,
	min_coverage: 0.3,
	min_f1_gain: 0.02,
	max_rmse_ratio: 0.95,
	max_brier_increase: 0.01,
	max_segment_degradation: 0.05,
	min_segment_rows: 30,
	min_shadow_labelled: 0
};

/**
 * Why a challenger cannot be compared with (or replace) the champion: a different task, target,
 * features (names, order, types, categories) or outputs. Empty when they are interchangeable.
 *
 * @example
 * compareCards(champion, challenger); // ['feature 2 is "ph" in the champion, "pH" in the challenger']
 */
export function compareCards(champion: ModelCard, challenger: ModelCard): string[] {
	const out: string[] = [];
	if (champion.name !== challenger.name)
		out.push(`the champion is ${champion.name}, the challenger ${challenger.name}`);
	if (champion.task !== challenger.task)
		out.push(`the champion is a ${champion.task} model, the challenger a ${challenger.task} model`);
	if (champion.target.name !== challenger.target.name)
		out.push(
			`the target is "${champion.target.name}" in the champion, "${challenger.target.name}" in the challenger`
		);
	if (
		JSON.stringify(champion.target.classes ?? []) !==
		JSON.stringify(challenger.target.classes ?? [])
	)
		out.push('the target classes differ');
	if (champion.features.length !== challenger.features.length)
		out.push(
			`the champion has ${champion.features.length} features, the challenger ${challenger.features.length}`
		);
	const n = Math.min(champion.features.length, challenger.features.length);
	for (let i = 0; i < n; i++) {
		const a = champion.features[i];
		const b = challenger.features[i];
		if (a.name !== b.name)
			out.push(`feature ${i} is "${a.name}" in the champion, "${b.name}" in the challenger`);
		else if (a.dtype !== b.dtype)
			out.push(`feature "${a.name}" is ${a.dtype} in the champion, ${b.dtype} in the challenger`);
		else if (JSON.stringify(a.categories ?? []) !== JSON.stringify(b.categories ?? []))
			out.push(`feature "${a.name}" has other categories (codes) in the challenger`);
	}
	const outputs = (c: ModelCard) =>
		c.outputs.map((o) => `${o.name}:${o.shape.join('x')}`).join(',');
	if (outputs(champion) !== outputs(challenger))
		out.push(`the outputs differ: ${outputs(champion)} vs ${outputs(challenger)}`);
	return out;
}

/** The labelled holdout both models were scored on (rows the challenger never trained on). */
export interface Holdout {
	ids: readonly string[];
	y: Float64Array;
	champion: Float64Array;
	challenger: Float64Array;
	/** Segment columns (a categorical feature, the batch id) → one value per row (null = missing). */
	segments?: Record<string, readonly (string | null)[]>;
}

export interface GateInput {
	model: string;
	task: RetrainTask;
	championVersion: string;
	challengerVersion: string;
	/** SHA-256 of the ONNX files, recorded so promotion can check it promotes the bytes evaluated. */
	championSha256?: string;
	challengerSha256?: string;
	holdout: Holdout;
	holdoutRange: { from: string; to: string };
	/** Labelled predictions available for training and evaluation, and their share of all predictions. */
	labelled: number;
	coverage: number | null;
	/** Card differences from compareCards; any difference fails the `compatible` gate. */
	incompatibilities?: string[];
	config?: Partial<GateConfig>;
	createdAt?: string;
	/** Labelled live predictions the staged challenger shadow-scored beside the champion. */
	shadowPeriod?: ShadowPeriod;
}

/** Live predictions served by the champion and shadow-scored by the challenger, with labels. */
export interface ShadowPeriod {
	ids: readonly string[];
	y: Float64Array;
	/** The served predictions (positive-class probability for binary models). */
	champion: Float64Array;
	/** The challenger's shadow scores of the same inputs. */
	challenger: Float64Array;
	from: string;
	to: string;
	/** The versions that served the predictions (normally the one in production). */
	championVersions: string[];
}

/**
 * The shadow gate: with `min_shadow_labelled` above 0, the challenger must have shadow-scored at
 * least that many labelled live predictions, and be no worse than the champion on them (RMSE not
 * higher; F1, or accuracy where F1 is undefined, not lower). With 0 it passes as not required.
 */
function shadowGate(
	task: RetrainTask,
	config: GateConfig,
	period: ShadowPeriod | undefined
): { gate: GateResult; summary?: NonNullable<Evaluation['shadow_period']> } {
	const min = config.min_shadow_labelled ?? 0;
	const n = period?.y.length ?? 0;
	if (!period || n === 0)
		return {
			gate: {
				gate: 'shadow',
				passed: min === 0,
				...(min === 0 ? { not_applicable: true } : {}),
				value: 0,
				threshold: min,
				message:
					min === 0
						? 'No shadow period required (min_shadow_labelled 0)'
						: `No labelled shadow predictions yet (${min} needed): stage the challenger so devices score live traffic with it beside the champion, then evaluate again once labels arrive`
			}
		};
	const a = pointMetrics(task, period.y, period.champion);
	const b = pointMetrics(task, period.y, period.challenger);
	const m = segmentMetric(task, period.y, period.champion, period.challenger);
	const worse =
		m.champion === null || m.challenger === null
			? null
			: m.higherIsBetter
				? m.challenger < m.champion
				: m.challenger > m.champion;
	const enough = n >= min;
	const metricsOut = (x: Record<string, number | null>) =>
		Object.fromEntries(Object.entries(x).map(([k, v]) => [k, round(v)]));
	return {
		gate: {
			gate: 'shadow',
			passed: enough && worse === false,
			value: n,
			threshold: min,
			message: `${n} labelled shadow predictions (at least ${min} needed); live ${m.metric} ${m.challenger?.toPrecision(4) ?? '—'} vs champion ${m.champion?.toPrecision(4) ?? '—'}${worse === null ? ': not comparable' : worse ? ': the challenger is worse on live traffic' : ''}`
		},
		summary: {
			from: period.from,
			to: period.to,
			rows: n,
			champion_versions: period.championVersions,
			metrics: { champion: metricsOut(a), challenger: metricsOut(b) }
		}
	};
}

/**
 * The evaluation again with a shadow period: the gates decided at training time stay as they
 * were (their holdout is unchanged); the shadow gate is decided on the period, with the
 * evaluation's own thresholds unless `minShadowLabelled` changes its minimum.
 *
 * @example
 * const again = withShadowPeriod(evaluation, period);
 * again.gates.find((g) => g.gate === 'shadow')?.passed; // true once enough labels arrived
 */
export function withShadowPeriod(
	evaluation: Evaluation,
	period: ShadowPeriod | undefined,
	{ minShadowLabelled, now = new Date() }: { minShadowLabelled?: number; now?: Date } = {}
): Evaluation {
	const config: GateConfig = {
		...DEFAULT_GATES,
		...evaluation.config,
		...(minShadowLabelled !== undefined ? { min_shadow_labelled: minShadowLabelled } : {})
	};
	const { gate, summary } = shadowGate(evaluation.task, config, period);
	const gates = [...evaluation.gates.filter((g) => g.gate !== 'shadow'), gate];
	const { shadow_period: _old, ...rest } = evaluation;
	return {
		...rest,
		created_at: now.toISOString(),
		config,
		gates,
		passed: gates.every((g) => g.passed),
		...(summary ? { shadow_period: summary } : {})
	};
}

const round = (v: number | null) => (v === null ? null : Number(v.toPrecision(8)));

/** The metric a segment is judged by and whether larger is better. */
function segmentMetric(
	task: RetrainTask,
	y: Float64Array,
	champion: Float64Array,
	challenger: Float64Array
): { metric: string; champion: number | null; challenger: number | null; higherIsBetter: boolean } {
	const a = pointMetrics(task, y, champion);
	const b = pointMetrics(task, y, challenger);
	if (task === 'regression')
		return { metric: 'rmse', champion: a.rmse, challenger: b.rmse, higherIsBetter: false };
	// F1 is undefined in a segment without positives (or predicted positives); accuracy is not.
	if (a.f1 !== null && b.f1 !== null && a.f1 > 0)
		return { metric: 'f1', champion: a.f1, challenger: b.f1, higherIsBetter: true };
	return { metric: 'accuracy', champion: a.accuracy, challenger: b.accuracy, higherIsBetter: true };
}

/**
 * Per-segment comparison: for every value of every segment column, the primary metric (RMSE, or F1
 * falling back to accuracy) of both models and the challenger's relative degradation
 * ((challenger − champion)/champion for RMSE, (champion − challenger)/champion for F1/accuracy).
 * Segments with fewer than `minRows` rows are reported but not gated.
 *
 * @example
 * segmentResults('regression', holdout, 30); // [{ column: 'batch', value: '12', rows: 80, degradation: 0.031, … }]
 */
export function segmentResults(
	task: RetrainTask,
	holdout: Holdout,
	minRows: number
): SegmentResult[] {
	const out: SegmentResult[] = [];
	for (const [column, values] of Object.entries(holdout.segments ?? {})) {
		if (values.length !== holdout.y.length)
			throw new RangeError(
				`segment column ${column} has ${values.length} values for ${holdout.y.length} holdout rows`
			);
		const groups = new Map<string, number[]>();
		values.forEach((v, i) => {
			const key = v ?? '(missing)';
			groups.set(key, [...(groups.get(key) ?? []), i]);
		});
		for (const [value, rows] of [...groups].sort(([a], [b]) => a.localeCompare(b))) {
			const pick = (a: Float64Array) => Float64Array.from(rows, (i) => a[i]);
			const m = segmentMetric(
				task,
				pick(holdout.y),
				pick(holdout.champion),
				pick(holdout.challenger)
			);
			let degradation: number | null = null;
			if (m.champion !== null && m.challenger !== null) {
				const worse = m.higherIsBetter ? m.champion - m.challenger : m.challenger - m.champion;
				// A perfect (zero-RMSE) or zero-accuracy champion has no relative scale: any loss counts as 100%.
				degradation =
					m.champion !== 0 ? worse / Math.abs(m.champion) : worse === 0 ? 0 : Math.sign(worse);
			}
			out.push({
				column,
				value,
				rows: rows.length,
				metric: m.metric,
				champion: round(m.champion),
				challenger: round(m.challenger),
				degradation: round(degradation),
				gated: rows.length >= minRows && degradation !== null
			});
		}
	}
	return out;
}

/**
 * Decides every evaluation gate with its figures and assembles the `vigil.evaluation/1` record,
 * including the shadow scores (which version produced which prediction on each holdout record).
 * A challenger passes only when every gate passes; nothing here promotes anything.
 *
 * @example
 * const evaluation = evaluateGates({ model, task: 'regression', championVersion: '1.0.0',
 *   challengerVersion: '1.1.0', holdout, holdoutRange, labelled: 640, coverage: 0.42 });
 * evaluation.passed; // false
 * evaluation.gates.find((g) => !g.passed)?.message; // 'RMSE ratio 0.981 > 0.95: not 5% better than the champion'
 */
export function evaluateGates(input: GateInput): Evaluation {
	const config: GateConfig = { ...DEFAULT_GATES, ...input.config };
	const { task, holdout } = input;
	const n = holdout.y.length;
	if (holdout.champion.length !== n || holdout.challenger.length !== n || holdout.ids.length !== n)
		throw new RangeError(
			'the holdout ids, labels and both models’ scores must have one entry per row'
		);
	const gates: GateResult[] = [];
	const incompatible = input.incompatibilities ?? [];
	gates.push({
		gate: 'compatible',
		passed: incompatible.length === 0,
		value: incompatible.length,
		threshold: 0,
		message: incompatible.length
			? `The challenger's card differs from the champion's: ${incompatible.join('; ')}`
			: 'Same task, target, features and outputs as the champion'
	});
	gates.push({
		gate: 'min_labelled',
		passed: input.labelled >= config.min_labelled,
		value: input.labelled,
		threshold: config.min_labelled,
		message: `${input.labelled} labelled predictions (at least ${config.min_labelled} needed)`
	});
	const cov = input.coverage;
	gates.push({
		gate: 'min_coverage',
		passed: cov !== null && cov >= config.min_coverage,
		value: round(cov),
		threshold: config.min_coverage,
		message:
			cov === null
				? 'No predictions in the evaluation range, so no label coverage'
				: `Label coverage ${(cov * 100).toFixed(1)}% (at least ${(config.min_coverage * 100).toFixed(1)}% needed)`
	});

	const champion = n ? pointMetrics(task, holdout.y, holdout.champion) : {};
	const challenger = n ? pointMetrics(task, holdout.y, holdout.challenger) : {};
	if (task === 'regression') {
		const a = champion.rmse ?? null;
		const b = challenger.rmse ?? null;
		const ratio = a !== null && b !== null && a > 0 ? b / a : null;
		gates.push({
			gate: 'beats_champion',
			passed: ratio !== null && ratio <= config.max_rmse_ratio,
			value: round(ratio),
			threshold: config.max_rmse_ratio,
			message:
				ratio === null
					? `RMSE cannot be compared on ${n} holdout rows`
					: `Holdout RMSE ${b!.toPrecision(4)} vs champion ${a!.toPrecision(4)}: ratio ${ratio.toFixed(3)} (at most ${config.max_rmse_ratio} needed)`
		});
		gates.push({
			gate: 'calibration',
			passed: true,
			not_applicable: true,
			value: null,
			threshold: null,
			message: 'Calibration (Brier score) applies to binary classifiers only'
		});
	} else {
		const a = champion.f1 ?? null;
		const b = challenger.f1 ?? null;
		const gain = a !== null && b !== null ? b - a : null;
		gates.push({
			gate: 'beats_champion',
			passed: gain !== null && gain >= config.min_f1_gain,
			value: round(gain),
			threshold: config.min_f1_gain,
			message:
				gain === null
					? `F1 is undefined on the holdout (${n} rows) for at least one model`
					: `Holdout F1 ${b!.toFixed(4)} vs champion ${a!.toFixed(4)}: ${gain >= 0 ? '+' : ''}${(gain * 100).toFixed(2)} points (at least +${(config.min_f1_gain * 100).toFixed(2)} needed)`
		});
		const ba = champion.brier ?? null;
		const bb = challenger.brier ?? null;
		const increase = ba !== null && bb !== null ? bb - ba : null;
		gates.push({
			gate: 'calibration',
			passed: increase !== null && increase <= config.max_brier_increase,
			value: round(increase),
			threshold: config.max_brier_increase,
			message:
				increase === null
					? 'The Brier score cannot be computed on an empty holdout'
					: `Brier ${bb!.toFixed(4)} vs champion ${ba!.toFixed(4)}: ${increase >= 0 ? '+' : ''}${increase.toFixed(4)} (at most +${config.max_brier_increase} allowed)`
		});
	}

	const segments = segmentResults(task, holdout, config.min_segment_rows);
	const gated = segments.filter((s) => s.gated);
	const worst = gated.reduce<SegmentResult | undefined>(
		(w, s) => (w === undefined || s.degradation! > w.degradation! ? s : w),
		undefined
	);
	const worse = gated.filter((s) => s.degradation! > config.max_segment_degradation);
	gates.push({
		gate: 'segments',
		passed: worse.length === 0,
		value: worst ? worst.degradation : null,
		threshold: config.max_segment_degradation,
		message:
			gated.length === 0
				? `No segment with at least ${config.min_segment_rows} holdout rows to compare`
				: worse.length
					? `${worse.length} of ${gated.length} segments worse by more than ${(config.max_segment_degradation * 100).toFixed(1)}%: ${worse
							.slice(0, 5)
							.map(
								(s) =>
									`${s.column}=${s.value} (${s.metric} ${(s.degradation! * 100).toFixed(1)}% worse)`
							)
							.join(', ')}`
					: `${gated.length} segments, worst ${worst!.column}=${worst!.value} at ${(worst!.degradation! * 100).toFixed(1)}%`
	});

	const shadow = shadowGate(task, config, input.shadowPeriod);
	gates.push(shadow.gate);

	const metricsOut = (m: Record<string, number | null>) =>
		Object.fromEntries(Object.entries(m).map(([k, v]) => [k, round(v)]));
	return {
		schema: 'vigil.evaluation/1',
		model: input.model,
		task,
		created_at: input.createdAt ?? new Date().toISOString(),
		champion: {
			version: input.championVersion,
			...(input.championSha256 ? { sha256: input.championSha256 } : {})
		},
		challenger: {
			version: input.challengerVersion,
			...(input.challengerSha256 ? { sha256: input.challengerSha256 } : {})
		},
		holdout: { ...input.holdoutRange, rows: n },
		labelled: input.labelled,
		coverage: round(cov),
		config,
		metrics: { champion: metricsOut(champion), challenger: metricsOut(challenger) },
		segments,
		gates,
		passed: gates.every((g) => g.passed),
		shadow: {
			champion_version: input.championVersion,
			challenger_version: input.challengerVersion,
			records: holdout.ids.map((id, i) => ({
				id,
				y: holdout.y[i],
				champion: holdout.champion[i],
				challenger: holdout.challenger[i]
			}))
		},
		...(shadow.summary ? { shadow_period: shadow.summary } : {})
	};
}
