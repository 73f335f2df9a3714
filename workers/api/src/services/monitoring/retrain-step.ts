import type { ModelCard } from '../../../../../src/lib/contracts/model-card';
import type { Report } from '../../../../../src/lib/contracts/report';
import {
	recommendRetrain,
	type MonitoringRunSummary,
	type RetrainRecommendation
} from '../../../../../src/lib/retrain/recommend';
import { numberVar } from '../../env';

/** Earlier reports of a model, newest first, as the fleet's report index lists them. */
export type PreviousReports = { created_at: number; drifted: number }[];

/** The extension key under which the recommendation travels in a report. */
export const RETRAIN_EXTENSION = 'vigil.retrain/1';

/**
 * The retraining recommendation of a monitoring run: dataset drift in the last
 * RETRAIN_DRIFT_RUNS runs (default 3, this one included) and the window's performance worse than
 * the card's test metric by more than RETRAIN_MAX_DEGRADATION (default 0.1 = 10 %): RMSE for
 * regression, F1 for classifiers. Nothing is trained or promoted here: with RETRAIN_POLICY "train"
 * the action says `train-challenger-through-gates`, which `vigil train --when-recommended` acts on
 * (training a challenger and, with --promote, promoting it only when every gate passes).
 * Undefined when the card has no baseline metric to compare with.
 *
 * @example
 * const rec = retrainRecommendation(env, card, report, previous);
 * // { retrain_recommended: false, drift_streak: 1, degradation: 0.02, action: 'none', reasons: [...] }
 */
export function retrainRecommendation(
	env: Env,
	card: ModelCard | undefined,
	report: Report,
	previous: PreviousReports
): RetrainRecommendation | undefined {
	const regression = !card || card.task === 'regression';
	const key = regression ? 'rmse' : 'f1';
	const baseline = card?.metrics.test[key];
	if (typeof baseline !== 'number' || !Number.isFinite(baseline)) return undefined;
	const perf = report.performance as Record<string, unknown> | undefined;
	const metric = typeof perf?.[key] === 'number' ? (perf[key] as number) : null;
	const runs: MonitoringRunSummary[] = [...previous]
		.sort((a, b) => a.created_at - b.created_at)
		.map((r) => ({
			at: new Date(r.created_at).toISOString(),
			drifted: r.drifted === 1,
			metric: null
		}));
	runs.push({ at: report.created_at, drifted: report.dataset.drifted, metric });
	return recommendRetrain(runs, {
		baseline,
		higherIsBetter: !regression,
		consecutiveDriftRuns: Math.max(
			1,
			Math.round(numberVar((env as { RETRAIN_DRIFT_RUNS?: string }).RETRAIN_DRIFT_RUNS, 3))
		),
		maxDegradation: numberVar(
			(env as { RETRAIN_MAX_DEGRADATION?: string }).RETRAIN_MAX_DEGRADATION,
			0.1
		),
		autoRetrain: (env as { RETRAIN_POLICY?: string }).RETRAIN_POLICY === 'train'
	});
}
