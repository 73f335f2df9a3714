// The shadow period of a staged challenger, from the labelled predictions the Worker joins: the
// records a device served with the champion while it also scored the challenger (`shadow`).
import type { LabelledPredictions } from '../contracts/label';
import type { ShadowPeriod } from './gates';
import { labelToNumber, predictionScore, type RetrainTask } from './join-labels';

/**
 * The labelled live predictions shadow-scored by `challengerVersion`, as a shadow period: the
 * served prediction is the champion's, the shadow score the challenger's. Records whose label or
 * scores are unusable are skipped (`skipped` counts them). Undefined when there are none.
 *
 * @example
 * const { period, skipped } = shadowPeriodOf(joined, 'regression', undefined, '1.1.0');
 */
export function shadowPeriodOf(
	joined: LabelledPredictions,
	task: RetrainTask,
	classes: readonly string[] | undefined,
	challengerVersion: string
): { period: ShadowPeriod | undefined; skipped: number } {
	const ids: string[] = [];
	const y: number[] = [];
	const champion: number[] = [];
	const challenger: number[] = [];
	const versions = new Set<string>();
	let from = '';
	let to = '';
	let skipped = 0;
	for (const r of joined.records) {
		if (r.shadow?.model_version !== challengerVersion || r.model_version === challengerVersion)
			continue;
		const label = labelToNumber(r.label, task, classes);
		const served = predictionScore(r, task);
		const shadow = predictionScore(r.shadow, task);
		if ('error' in label || served === undefined || shadow === undefined) {
			skipped += 1;
			continue;
		}
		ids.push(r.id);
		y.push(label.value);
		champion.push(served);
		challenger.push(shadow);
		versions.add(r.model_version);
		if (!from || r.ts < from) from = r.ts;
		if (!to || r.ts > to) to = r.ts;
	}
	if (ids.length === 0) return { period: undefined, skipped };
	return {
		period: {
			ids,
			y: Float64Array.from(y),
			champion: Float64Array.from(champion),
			challenger: Float64Array.from(challenger),
			from: new Date(from).toISOString(),
			to: new Date(to).toISOString(),
			championVersions: [...versions].sort()
		},
		skipped
	};
}
