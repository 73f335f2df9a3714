import type { PredictionRecord } from '../../../../../src/lib/contracts/prediction';
import { resolveLabels } from '../../../../../src/lib/retrain/join-labels';
import type { ObjectStore } from '../../store';
import { readLabelsFor } from '../label-store';

/** What applyDelayedLabels did to a run's records. */
export interface AppliedLabels {
	/** Records with a label after the join (their own or a delayed one). */
	labelled: number;
	coverage: number | null;
	/** Whether delayed labels were written into the records (coverage reached the minimum). */
	applied: boolean;
}

/**
 * Joins delayed labels into the records a monitoring run is about to report on, so the report's
 * performance section (and the performance gauges it feeds) uses the labels that have arrived.
 * They are applied only when labelled records would then cover at least `minCoverage` of the run;
 * below that the records are left as they came, because metrics on a small, self-selected share
 * would be misleading. Flags become 0/1; the label in force (latest `observed_at`) is used.
 *
 * @example
 * const { coverage, applied } = await applyDelayedLabels(store, records, { minCoverage: 0.3 });
 */
export async function applyDelayedLabels(
	store: ObjectStore,
	records: PredictionRecord[],
	{ minCoverage = 0.3 }: { minCoverage?: number } = {}
): Promise<AppliedLabels> {
	if (records.length === 0) return { labelled: 0, coverage: null, applied: false };
	const resolved = resolveLabels(
		await readLabelsFor(
			store,
			records.map((r) => r.id)
		)
	);
	let labelled = 0;
	for (const r of records)
		if (resolved.has(r.id) || (r.label !== undefined && r.label !== null)) labelled++;
	const coverage = labelled / records.length;
	if (coverage < minCoverage) return { labelled, coverage, applied: false };
	for (const r of records) {
		const label = resolved.get(r.id)?.current.label;
		if (label !== undefined) r.label = typeof label === 'boolean' ? Number(label) : label;
	}
	return { labelled, coverage, applied: true };
}
