import type { Report } from '../../src/lib/contracts/report';
import { fitChecksReference, runChecks } from '../../src/lib/drift/advanced/checks-reference';
import type { ReferenceProfile } from '../../src/lib/drift/profile';
import { qualityReferenceOfProfile } from '../../src/lib/drift/quality/quality-reference';
import { qualitySuite } from '../../src/lib/drift/quality/suite';
import type { ColumnData } from '../../src/lib/drift/types';
import { CliError } from '../command.ts';
import { CHECK_METRICS, CHECK_NAMES, type CheckName } from './fail-on-checks.ts';
import type { Condition } from './fail-on.ts';
import { list } from './options.ts';

/**
 * The checks to run: those named by `--checks` (`all` for every one) and those a `--fail-on`
 * condition reads.
 *
 * @example
 * checksToRun({ checks: 'quality' }, [parseCondition('domain_auc>0.7')]); // Set { 'quality', 'domain-classifier' }
 */
export function checksToRun(
	values: Record<string, unknown>,
	conditions: Condition[]
): Set<CheckName> {
	const named = list(values, 'checks') ?? [];
	const out = new Set<CheckName>();
	for (const n of named) {
		if (n === 'all') CHECK_NAMES.forEach((c) => out.add(c));
		else if ((CHECK_NAMES as readonly string[]).includes(n)) out.add(n as CheckName);
		else
			throw new CliError(`--checks: unknown check '${n}'; valid: ${CHECK_NAMES.join(', ')}, all`);
	}
	for (const c of conditions) {
		const check = CHECK_METRICS[c.metric]?.check;
		if (check) out.add(check);
	}
	return out;
}

/**
 * Runs the chosen checks of the current feature columns against the reference and adds their
 * blocks to the report: correlation drift and the domain classifier need the reference rows (a
 * data file); the quality suite also runs against a profile, without its row-level checks.
 *
 * @example
 * addChecks(report, new Set(['quality']), { profile, referenceColumns, current });
 */
export function addChecks(
	report: Report,
	checks: Set<CheckName>,
	input: { profile: ReferenceProfile; referenceColumns?: ColumnData[]; current: ColumnData[] }
): void {
	if (checks.size === 0) return;
	const features = new Set(report.columns.map((c) => c.name));
	const current = input.current.filter((c) => features.has(c.name));
	const window = { index: 0, start: 0, end: report.current.rows };
	if (!input.referenceColumns) {
		const rowLevel = [...checks].filter((c) => c !== 'quality');
		if (rowLevel.length)
			throw new CliError(
				`--checks ${rowLevel.join(', ')} needs the reference rows: give --reference a Parquet or CSV file, not a profile`
			);
		const qref = qualityReferenceOfProfile(input.profile);
		qref.columns = qref.columns.filter((c) => features.has(c.name));
		report.quality_suite = qualitySuite(qref, current);
		return;
	}
	const reference = fitChecksReference(input.referenceColumns.filter((c) => features.has(c.name)));
	const blocks = runChecks(reference, current, window, {
		correlation: checks.has('correlation'),
		quality: checks.has('quality'),
		domainClassifier: checks.has('domain-classifier')
	});
	if (blocks.correlation) report.correlation = blocks.correlation;
	if (blocks.quality_suite) report.quality_suite = blocks.quality_suite;
	if (blocks.domain_classifier)
		report.advanced = { ...report.advanced, domain_classifier: blocks.domain_classifier };
}
