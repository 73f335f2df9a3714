import type { Report } from '../../src/lib/contracts/report';
import { CliError } from '../command.ts';
import { CHECK_METRICS } from './fail-on-checks.ts';

export type Comparison = '<' | '<=' | '>' | '>=' | '==' | '!=';

/** One `--fail-on` condition: `metric op value`, e.g. `f1<0.85`. */
export interface Condition {
	text: string;
	metric: string;
	op: Comparison;
	value: number;
}

/** What each metric name reads from a report, and what it needs to exist. */
export type MetricSpec = { read: (r: Report) => number | null | undefined; needs: string };

const METRICS: Record<string, MetricSpec> = {
	drift_share: { read: (r) => r.dataset.drift_share, needs: '' },
	drifted_columns: { read: (r) => r.dataset.drifted_columns, needs: '' },
	dataset_drift: { read: (r) => (r.dataset.drifted ? 1 : 0), needs: '' },
	prediction_drift: {
		read: (r) =>
			r.prediction_drift?.status === 'tested' ? (r.prediction_drift.drifted ? 1 : 0) : undefined,
		needs: '--model (or --prediction COL)'
	},
	target_drift: {
		read: (r) =>
			r.target_drift?.status === 'tested' ? (r.target_drift.drifted ? 1 : 0) : undefined,
		needs: '--target COL'
	},
	missing_share: {
		read: (r) => Math.max(0, ...r.quality.columns.map((c) => c.current.missing_share)),
		needs: ''
	},
	...CHECK_METRICS,
	...Object.fromEntries(
		['rmse', 'mae', 'mape', 'r2'].map((m) => [
			m,
			{
				read: (r: Report) =>
					r.performance?.task === 'regression'
						? ((r.performance as Record<string, unknown>)[m] as number | null)
						: undefined,
				needs: 'a regression model and --target COL'
			}
		])
	),
	...Object.fromEntries(
		['accuracy', 'precision', 'recall', 'f1', 'roc_auc', 'log_loss'].map((m) => [
			m,
			{
				read: (r: Report) =>
					r.performance?.task === 'classification'
						? ((r.performance as Record<string, unknown>)[m] as number | null)
						: undefined,
				needs: 'a classification model and --target COL'
			}
		])
	)
};

/** Metric names a `--fail-on` condition may use. */
export const FAIL_ON_METRICS = Object.keys(METRICS);

const PATTERN =
	/^\s*([a-z_][a-z0-9_]*)\s*(<=|>=|==|!=|<|>)\s*([-+]?(?:\d+\.?\d*|\.\d+)(?:e[-+]?\d+)?)\s*$/i;

/**
 * Parses one `--fail-on` expression (`metric<op>number`, op one of < <= > >= == !=). Throws a
 * CliError saying what is wrong: a missing operator, an unknown metric, a value that is not a number.
 *
 * @example
 * parseCondition('f1<0.85'); // { metric: 'f1', op: '<', value: 0.85, text: 'f1<0.85' }
 */
export function parseCondition(text: string): Condition {
	const m = PATTERN.exec(text);
	if (!m) {
		const op = /(<=|>=|==|!=|<|>)/.exec(text);
		const why = !op
			? 'no comparison operator (use <, <=, >, >=, == or !=)'
			: !/^\s*[a-z_][a-z0-9_]*\s*$/i.test(text.slice(0, op.index))
				? 'no metric name before the operator'
				: `'${text.slice(op.index + op[0].length).trim()}' is not a number`;
		throw new CliError(
			`--fail-on '${text}': ${why}; expected e.g. 'f1<0.85' or 'drift_share>=0.5'`
		);
	}
	const metric = m[1].toLowerCase();
	if (!METRICS[metric])
		throw new CliError(
			`--fail-on '${text}': unknown metric '${m[1]}'; known: ${FAIL_ON_METRICS.join(', ')}`
		);
	return { text: text.trim(), metric, op: m[2] as Comparison, value: Number(m[3]) };
}

function compare(a: number, op: Comparison, b: number): boolean {
	switch (op) {
		case '<':
			return a < b;
		case '<=':
			return a <= b;
		case '>':
			return a > b;
		case '>=':
			return a >= b;
		case '==':
			return a === b;
		case '!=':
			return a !== b;
	}
}

/** A condition with the value it was checked against. */
export interface ConditionResult extends Condition {
	actual: number | null;
	holds: boolean;
}

/**
 * Checks conditions against a report. A metric the report lacks (performance without a target) is
 * a usage error; a metric the report has but could not compute (null) counts as holding, so a
 * gate never passes on a value it could not see.
 *
 * @example
 * evaluateConditions(report, [parseCondition('drift_share>=0.5')])[0].holds; // true or false
 */
export function evaluateConditions(report: Report, conditions: Condition[]): ConditionResult[] {
	return conditions.map((c) => {
		const spec = METRICS[c.metric];
		const actual = spec.read(report);
		if (actual === undefined)
			throw new CliError(
				`--fail-on '${c.text}': the report has no ${c.metric}; it needs ${spec.needs}`
			);
		return { ...c, actual, holds: actual === null ? true : compare(actual, c.op, c.value) };
	});
}
