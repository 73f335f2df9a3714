/** One monitoring run of a model, oldest first: whether dataset drift was detected and the metric then. */
export interface MonitoringRunSummary {
	at: string;
	drifted: boolean;
	/** The performance metric of the run's window (RMSE, F1, …); null when labels did not cover it. */
	metric: number | null;
}

export interface RecommendOptions {
	/** Runs in a row with dataset drift before retraining is worth recommending (default 3). */
	consecutiveDriftRuns?: number;
	/** The metric the model was accepted with (its card's test metric). */
	baseline: number;
	/** Whether a larger metric is better (F1, accuracy) or worse (RMSE, MAE). */
	higherIsBetter: boolean;
	/** Relative degradation from the baseline that counts as degraded (default 0.1 = 10%). */
	maxDegradation?: number;
	/**
	 * Whether policy allows an automatic challenger run. Even then nothing is promoted here: the
	 * caller may only start training, and the challenger must pass the evaluation gates.
	 */
	autoRetrain?: boolean;
}

export interface RetrainRecommendation {
	retrain_recommended: boolean;
	/** Consecutive drifted runs ending with the latest run. */
	drift_streak: number;
	/** Relative degradation of the latest run with a metric (positive = worse); null when unknown. */
	degradation: number | null;
	/** What may happen next: nothing, a human decision, or (policy permitting) a gated challenger run. */
	action: 'none' | 'recommend' | 'train-challenger-through-gates';
	reasons: string[];
}

/**
 * Raises `retrain_recommended` when dataset drift persisted for N consecutive runs AND the
 * latest measured performance degraded past the threshold relative to the baseline. Both are
 * needed: drift without degradation does not justify a new model, and degradation without
 * persistent drift is more likely noise or a label problem. It never retrains or promotes.
 *
 * @example
 * recommendRetrain(runs, { baseline: 0.42, higherIsBetter: false });
 * // { retrain_recommended: true, drift_streak: 4, degradation: 0.31, action: 'recommend', reasons: [...] }
 */
export function recommendRetrain(
	runs: readonly MonitoringRunSummary[],
	options: RecommendOptions
): RetrainRecommendation {
	const n = options.consecutiveDriftRuns ?? 3;
	const maxDegradation = options.maxDegradation ?? 0.1;
	if (!Number.isInteger(n) || n < 1)
		throw new RangeError('consecutiveDriftRuns must be a positive integer');
	if (!Number.isFinite(options.baseline)) throw new RangeError('baseline must be a finite number');
	if (!(maxDegradation >= 0)) throw new RangeError('maxDegradation must be ≥ 0');
	let streak = 0;
	for (let i = runs.length - 1; i >= 0 && runs[i].drifted; i--) streak++;
	const latest = [...runs].reverse().find((r) => r.metric !== null && Number.isFinite(r.metric));
	let degradation: number | null = null;
	if (latest) {
		const worse = options.higherIsBetter
			? options.baseline - latest.metric!
			: latest.metric! - options.baseline;
		degradation = options.baseline !== 0 ? worse / Math.abs(options.baseline) : worse > 0 ? 1 : 0;
	}
	const drift = streak >= n;
	const degraded = degradation !== null && degradation > maxDegradation;
	const reasons = [
		drift
			? `dataset drift in the last ${streak} runs (at least ${n} in a row)`
			: `dataset drift in ${streak} consecutive runs (${n} needed)`,
		degradation === null
			? 'no labelled performance yet'
			: `performance ${(degradation * 100).toFixed(1)}% ${degradation >= 0 ? 'worse' : 'better'} than the baseline (more than ${(maxDegradation * 100).toFixed(1)}% worse needed)`
	];
	const recommended = drift && degraded;
	return {
		retrain_recommended: recommended,
		drift_streak: streak,
		degradation: degradation === null ? null : Number(degradation.toPrecision(8)),
		action: !recommended
			? 'none'
			: options.autoRetrain
				? 'train-challenger-through-gates'
				: 'recommend',
		reasons
	};
}
