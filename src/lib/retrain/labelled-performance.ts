// Performance over time from the Worker's labelled predictions, so a client (the Monitoring page)
// shows RMSE / accuracy / F1 … per window with intervals, as the monitoring job does.
import type { PerformanceWindow } from '../contracts/evaluation';
import type { LabelCoverage, LabelledPredictions } from '../contracts/label';
import { labelToNumber, predictionScore, type RetrainTask } from './join-labels';
import { performanceOverTime, type ScoredRow } from './performance-window';

export interface AppPerformanceOptions {
	task: RetrainTask;
	classes?: readonly string[];
	from: number;
	to: number;
	windowMs: number;
	minCoverage: number;
}

/**
 * Per-window performance of a model from its labelled predictions (`/labels/joined`) and the
 * predictions per window (`/labels/coverage`, same range and window): the unlabelled predictions
 * count toward each window's coverage, so a window is scored only once labels cover
 * `minCoverage` of it. Labels of the wrong type are counted in `unusable`, not scored.
 *
 * @example
 * const { windows } = appPerformance(joined, coverage, { task: 'regression', from, to, windowMs: 86_400_000, minCoverage: 0.3 });
 */
export function appPerformance(
	joined: LabelledPredictions,
	coverage: LabelCoverage,
	options: AppPerformanceOptions
): { windows: PerformanceWindow[]; unusable: number } {
	const rows: ScoredRow[] = [];
	let unusable = 0;
	const labelledPerWindow = new Map<number, number>();
	const windowOf = (at: number) => Math.floor((at - options.from) / options.windowMs);
	for (const r of joined.records) {
		const at = Date.parse(r.ts);
		if (!(at >= options.from && at < options.to)) continue;
		const y = labelToNumber(r.label, options.task, options.classes);
		const score = predictionScore(r, options.task);
		labelledPerWindow.set(windowOf(at), (labelledPerWindow.get(windowOf(at)) ?? 0) + 1);
		if ('error' in y || score === undefined) {
			unusable += 1;
			rows.push({ at, score: NaN, y: NaN });
		} else rows.push({ at, score, y: y.value });
	}
	// The predictions without a label, placed at the start of their window.
	for (const w of coverage.windows) {
		const start = Date.parse(w.start);
		const index = windowOf(start);
		const missing = w.predictions - (labelledPerWindow.get(index) ?? 0);
		for (let i = 0; i < missing; i++) rows.push({ at: start, score: NaN, y: NaN });
	}
	return {
		windows: performanceOverTime(rows, {
			task: options.task,
			from: options.from,
			to: options.to,
			windowMs: options.windowMs,
			minCoverage: options.minCoverage
		}),
		unusable
	};
}
