import type { Report } from '../../src/lib/contracts/report';
import { QUALITY_CHECKS } from '../../src/lib/drift/quality/check';
import type { MetricSpec } from './fail-on.ts';

/** The checks a `--checks` list may name; `--fail-on` on one of their metrics turns it on. */
export const CHECK_NAMES = ['correlation', 'quality', 'domain-classifier'] as const;
export type CheckName = (typeof CHECK_NAMES)[number];

const violated = (r: Report, check?: string) =>
	r.quality_suite?.checks.filter(
		(c) => (c.status === 'warn' || c.status === 'fail') && (!check || c.check === check)
	).length;

const domain = (r: Report) => {
	const w = r.advanced?.domain_classifier?.windows[0]?.result;
	return w?.status === 'ok' ? w : w ? null : undefined;
};

/**
 * `--fail-on` metrics of the checks and segments, with the check each needs (`--checks NAME`, turned
 * on by the condition itself) or the option (`--segment-by COL`).
 */
export const CHECK_METRICS: Record<string, MetricSpec & { check?: CheckName }> = {
	domain_auc: {
		read: (r) => (domain(r) === null ? null : domain(r)?.auc),
		needs: '',
		check: 'domain-classifier'
	},
	domain_drift: {
		read: (r) => {
			const d = domain(r);
			return d === undefined ? undefined : d === null ? null : d.drifted ? 1 : 0;
		},
		needs: '',
		check: 'domain-classifier'
	},
	correlation_drift: {
		read: (r) => (r.correlation ? (r.correlation.drifted ? 1 : 0) : undefined),
		needs: '',
		check: 'correlation'
	},
	correlation_change: {
		read: (r) => (r.correlation ? Math.abs(r.correlation.largest?.delta ?? 0) : undefined),
		needs: '',
		check: 'correlation'
	},
	quality_failures: {
		read: (r) => r.quality_suite?.failed,
		needs: '',
		check: 'quality'
	},
	quality_warnings: {
		read: (r) => r.quality_suite?.warned,
		needs: '',
		check: 'quality'
	},
	...Object.fromEntries(
		QUALITY_CHECKS.map((c) => [
			`quality_${c}`,
			{ read: (r: Report) => violated(r, c), needs: '', check: 'quality' as const }
		])
	),
	segments_drifted: {
		read: (r) => r.segments?.segments.filter((s) => s.dataset_drifted).length,
		needs: '--segment-by COL'
	},
	segment_drift_share: {
		read: (r) =>
			r.segments ? Math.max(0, ...r.segments.segments.map((s) => s.drift_share)) : undefined,
		needs: '--segment-by COL'
	}
};
