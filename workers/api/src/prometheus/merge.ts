import type { CounterRow, HistogramRow } from '../fleet/fleet-aggregator';

/** Labels as a stable key: sorted by name. */
function labelKey(name: string, labels: Record<string, string>): string {
	return `${name}\u0000${JSON.stringify(Object.entries(labels).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))}`;
}

/**
 * Adds up counter rows of the same name and labels (from several shards), in a stable order.
 *
 * @example
 * mergeCounters([{ name: 'c', labels: {}, value: 1 }, { name: 'c', labels: {}, value: 2 }]); // value 3
 */
export function mergeCounters(rows: CounterRow[]): CounterRow[] {
	const out = new Map<string, CounterRow>();
	for (const r of rows) {
		const key = labelKey(r.name, r.labels);
		const kept = out.get(key);
		if (kept) kept.value += r.value;
		else out.set(key, { ...r });
	}
	return [...out.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, r]) => r);
}

/**
 * Adds up histogram rows of the same name, labels and bounds (from several shards): bucket by
 * bucket, and their sums.
 *
 * @example
 * mergeHistograms(shardA.concat(shardB));
 */
export function mergeHistograms(rows: HistogramRow[]): HistogramRow[] {
	const out = new Map<string, HistogramRow>();
	for (const r of rows) {
		const key = `${labelKey(r.name, r.labels)}\u0000${r.bounds.join(',')}`;
		const kept = out.get(key);
		if (kept) {
			kept.counts = kept.counts.map((c, i) => c + (r.counts[i] ?? 0));
			kept.sum += r.sum;
		} else out.set(key, { ...r, counts: [...r.counts] });
	}
	return [...out.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, r]) => r);
}
