/** One sample of a metric family. */
export interface Sample {
	labels?: Record<string, string>;
	value: number;
	/** Suffix for histogram/summary series such as `_bucket`, `_sum`, `_count`. */
	suffix?: string;
}

/** A metric family in the Prometheus text format 0.0.4. */
export interface MetricFamily {
	name: string;
	help: string;
	type: 'counter' | 'gauge' | 'histogram' | 'untyped';
	samples: Sample[];
}

function escapeLabelValue(value: string): string {
	return value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
}

function escapeHelp(value: string): string {
	return value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');
}

function formatValue(value: number): string {
	if (Number.isNaN(value)) return 'NaN';
	if (value === Infinity) return '+Inf';
	if (value === -Infinity) return '-Inf';
	return String(value);
}

/**
 * Renders metric families as Prometheus text exposition format 0.0.4.
 *
 * @example
 * renderExposition([{ name: 'vigil_up', help: 'Always 1.', type: 'gauge', samples: [{ value: 1 }] }]);
 * // '# HELP vigil_up Always 1.\n# TYPE vigil_up gauge\nvigil_up 1\n'
 */
export function renderExposition(families: MetricFamily[]): string {
	let out = '';
	for (const family of families) {
		out += `# HELP ${family.name} ${escapeHelp(family.help)}\n# TYPE ${family.name} ${family.type}\n`;
		for (const sample of family.samples) {
			const labels = Object.entries(sample.labels ?? {});
			const labelText =
				labels.length === 0
					? ''
					: `{${labels.map(([k, v]) => `${k}="${escapeLabelValue(v)}"`).join(',')}}`;
			out += `${family.name}${sample.suffix ?? ''}${labelText} ${formatValue(sample.value)}\n`;
		}
	}
	return out;
}
