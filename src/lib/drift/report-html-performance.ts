import type { MulticlassPerformance, Performance } from '../contracts/report';
import { escapeHtml, fmt, table } from './report-html-parts';

/** Rows of actual classes, columns of predicted classes; the diagonal in bold. */
function confusionTable(m: MulticlassPerformance): string {
	const head = ['actual \\ predicted', ...m.classes];
	return `<table><thead><tr>${head.map((h) => `<th>${escapeHtml(h)}</th>`).join('')}</tr></thead><tbody>${m.confusion_matrix
		.map(
			(row, a) =>
				`<tr><th>${escapeHtml(m.classes[a])}</th>${row
					.map((v, p) =>
						a === p ? `<td><b>${escapeHtml(v)}</b></td>` : `<td>${escapeHtml(v)}</td>`
					)
					.join('')}</tr>`
		)
		.join('')}</tbody></table>`;
}

function multiclassSection(m: MulticlassPerformance): string {
	return `${table(
		['metric', 'value'],
		[
			['accuracy', fmt(m.accuracy)],
			['log loss', fmt(m.log_loss)]
		]
	)}
<h3>By label</h3>
${table(
	['class', 'support', 'precision', 'recall', 'F1', 'ROC AUC (one vs rest)'],
	[
		...m.per_class.map((c) => [
			c.class,
			c.support,
			fmt(c.precision),
			fmt(c.recall),
			fmt(c.f1),
			fmt(c.roc_auc)
		]),
		[
			'macro average',
			m.rows,
			fmt(m.macro.precision),
			fmt(m.macro.recall),
			fmt(m.macro.f1),
			fmt(m.macro.roc_auc)
		],
		[
			'weighted average',
			m.rows,
			fmt(m.weighted.precision),
			fmt(m.weighted.recall),
			fmt(m.weighted.f1),
			fmt(m.weighted.roc_auc)
		],
		['micro average', m.rows, fmt(m.micro.precision), fmt(m.micro.recall), fmt(m.micro.f1), '—']
	]
)}
<h3>Confusion matrix</h3>
${confusionTable(m)}`;
}

/**
 * The report's "Model performance" section for any task: regression errors, binary metrics with
 * their 2 × 2 confusion matrix, or multiclass metrics by label with the K × K confusion matrix.
 *
 * @example
 * performanceSection(report.performance!); // '<h2>Model performance (multiclass, 700 rows)</h2>…'
 */
export function performanceSection(perf: Performance): string {
	const title = `<h2>Model performance (${escapeHtml(perf.task)}, ${escapeHtml(perf.rows)} rows)</h2>`;
	if (perf.task === 'multiclass') return title + multiclassSection(perf);
	if (perf.task === 'regression')
		return (
			title +
			table(
				['metric', 'value'],
				[
					['RMSE', fmt(perf.rmse)],
					['MAE', fmt(perf.mae)],
					['MAPE', fmt(perf.mape)],
					['R²', fmt(perf.r2)]
				]
			)
		);
	return (
		title +
		table(
			['metric', 'value'],
			[
				['accuracy', fmt(perf.accuracy)],
				['precision', fmt(perf.precision)],
				['recall', fmt(perf.recall)],
				['F1', fmt(perf.f1)],
				['ROC AUC', fmt(perf.roc_auc)],
				['log loss', fmt(perf.log_loss)]
			]
		) +
		table(
			['', 'predicted 1', 'predicted 0'],
			[
				['actual 1', perf.confusion_matrix.tp, perf.confusion_matrix.fn],
				['actual 0', perf.confusion_matrix.fp, perf.confusion_matrix.tn]
			]
		)
	);
}
