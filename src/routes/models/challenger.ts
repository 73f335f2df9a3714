// The figures of the champion-vs-challenger review on the Models page, kept apart from the
// component so they can be tested without a browser.
import type { Evaluation } from '$lib/contracts/evaluation';
import type { ModelVersionInfo } from '$lib/sync/api-client';

/** Metrics where a smaller value is better; every other metric is better when larger. */
const LOWER_IS_BETTER = new Set(['rmse', 'mae', 'mse', 'mape', 'brier', 'log_loss', 'logloss']);

/** One metric of both models, with the difference and whether the challenger is better. */
export interface MetricRow {
	metric: string;
	champion: number | null;
	challenger: number | null;
	delta: number | null;
	/** True when the challenger is better, false when worse, null when equal or not computable. */
	better: boolean | null;
}

/**
 * The metrics of both models side by side, in the order the evaluation lists them.
 *
 * @example
 * metricRows(evaluation); // [{ metric: 'rmse', champion: 10, challenger: 9, delta: -1, better: true }]
 */
export function metricRows(evaluation: Pick<Evaluation, 'metrics'>): MetricRow[] {
	const { champion, challenger } = evaluation.metrics;
	const names = [...new Set([...Object.keys(champion), ...Object.keys(challenger)])];
	return names.map((metric) => {
		const a = champion[metric] ?? null;
		const b = challenger[metric] ?? null;
		const delta = a !== null && b !== null ? b - a : null;
		const better =
			delta === null || delta === 0 ? null : LOWER_IS_BETTER.has(metric) ? delta < 0 : delta > 0;
		return { metric, champion: a, challenger: b, delta, better };
	});
}

/** One bin of a reliability diagram: mean predicted probability against the observed rate. */
export interface ReliabilityBin {
	lower: number;
	upper: number;
	count: number;
	predicted: number;
	observed: number;
}

/**
 * Reliability bins of probabilities against 0/1 outcomes (equal-width bins; empty bins are left
 * out). Scores outside [0, 1] or outcomes other than 0/1 are skipped, since they are not
 * probabilities of a binary label.
 *
 * @example
 * reliabilityBins([0.1, 0.9], [0, 1], 10); // two bins with one row each
 */
export function reliabilityBins(
	scores: readonly number[],
	outcomes: readonly number[],
	bins = 10
): ReliabilityBin[] {
	if (scores.length !== outcomes.length)
		throw new Error(`${scores.length} scores but ${outcomes.length} outcomes`);
	if (!Number.isInteger(bins) || bins < 1) throw new Error(`bins must be a positive integer`);
	const sums = Array.from({ length: bins }, () => ({ n: 0, p: 0, y: 0 }));
	for (let i = 0; i < scores.length; i++) {
		const p = scores[i];
		const y = outcomes[i];
		if (!(p >= 0 && p <= 1) || (y !== 0 && y !== 1)) continue;
		const bin = sums[Math.min(bins - 1, Math.floor(p * bins))];
		bin.n += 1;
		bin.p += p;
		bin.y += y;
	}
	return sums.flatMap((s, i) =>
		s.n === 0
			? []
			: [
					{
						lower: i / bins,
						upper: (i + 1) / bins,
						count: s.n,
						predicted: s.p / s.n,
						observed: s.y / s.n
					}
				]
	);
}

/**
 * The Brier score of probabilities against 0/1 outcomes, or null when no row qualifies.
 *
 * @example
 * brierScore([0.8, 0.2], [1, 0]); // 0.04
 */
export function brierScore(scores: readonly number[], outcomes: readonly number[]): number | null {
	let n = 0;
	let sum = 0;
	for (let i = 0; i < Math.min(scores.length, outcomes.length); i++) {
		const p = scores[i];
		const y = outcomes[i];
		if (!(p >= 0 && p <= 1) || (y !== 0 && y !== 1)) continue;
		n += 1;
		sum += (p - y) ** 2;
	}
	return n === 0 ? null : sum / n;
}

/**
 * Why the challenger of an evaluation may not be promoted now; empty when it may. The Worker
 * enforces the same rules; this lets the page say so before the request.
 *
 * @example
 * promoteBlockers(evaluation, production, challenger); // ['Gate segments failed: …']
 */
export function promoteBlockers(
	evaluation: Evaluation,
	production: ModelVersionInfo | undefined,
	challenger: ModelVersionInfo
): string[] {
	const out = evaluation.gates
		.filter((g) => !g.passed)
		.map((g) => `Gate ${g.gate} failed: ${g.message}`);
	if (!evaluation.passed && out.length === 0) out.push('The evaluation did not pass.');
	if (production && evaluation.champion.version !== production.version)
		out.push(
			`Evaluated against ${evaluation.champion.version}, but ${production.version} is in production: evaluate ${challenger.version} again.`
		);
	if (
		evaluation.challenger.sha256 &&
		challenger.sha256 &&
		evaluation.challenger.sha256 !== challenger.sha256
	)
		out.push(
			`The evaluation is of other ONNX bytes than ${challenger.name} ${challenger.version} in the registry: evaluate it again.`
		);
	return out;
}

/**
 * The names of the drifted feature columns of a drift report (vigil.report/1), or [] when it has
 * none or is not a report.
 *
 * @example
 * driftedFeatures(report); // ['temp', 'humidity']
 */
export function driftedFeatures(report: Record<string, unknown> | null): string[] {
	const columns = report?.columns;
	if (!Array.isArray(columns)) return [];
	return columns.flatMap((c) =>
		c && typeof c === 'object' && (c as { drifted?: unknown }).drifted === true
			? [String((c as { name?: unknown }).name)]
			: []
	);
}

/**
 * The previous production version to roll back to: the champion the production version was
 * evaluated against when it is still registered, otherwise the newest older version that is not in
 * production. `list` is newest first.
 *
 * @example
 * rollbackVersion(list, evaluationOfProduction); // the 1.0.0 entry
 */
export function rollbackVersion(
	list: readonly ModelVersionInfo[],
	evaluation: Evaluation | null
): ModelVersionInfo | undefined {
	const current = list.findIndex((v) => v.stage === 'production');
	if (current < 0) return undefined;
	const evaluated = evaluation
		? list.find((v) => v.version === evaluation.champion.version && v.stage !== 'production')
		: undefined;
	return evaluated ?? list.slice(current + 1).find((v) => v.stage !== 'production');
}
