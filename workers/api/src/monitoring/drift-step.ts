import type { ModelCard } from '../../../../src/lib/contracts/model-card';
import type { PredictionRecord } from '../../../../src/lib/contracts/prediction';
import type { Report } from '../../../../src/lib/contracts/report';
import {
	buildReport,
	categoricalColumn,
	numericalColumn,
	type ColumnData,
	type ReferenceProfile
} from '../../../../src/lib/drift';

/** What the monitoring job hands the drift step for one model. */
export interface DriftStepInput {
	model: string;
	model_version: string;
	/** The model's frozen reference profile, decoded. */
	profile: ReferenceProfile;
	/** The model card, for the target and output names and the task. */
	card?: ModelCard;
	/** New prediction records since the model's last run, oldest first. */
	records: PredictionRecord[];
	now: Date;
}

/** A report to store (with its HTML page when rendered), or why no report could be computed. */
export type DriftStepResult =
	{ status: 'report'; report: Report; html?: string } | { status: 'unavailable'; message: string };

export type DriftStep = (input: DriftStepInput) => Promise<DriftStepResult>;

function firstNumber(v: number | number[]): number {
	return Array.isArray(v) ? v[0] : v;
}

/**
 * Turns prediction records into the current window's columns, shaped like the profile's columns:
 * features by name, the model output under the profile's prediction column and the label under the
 * card's target. A value of the wrong kind (text in a numerical column) counts as missing, so it
 * shows up in the report's quality section instead of failing the run.
 *
 * @example
 * const { columns, prediction, target } = currentColumns(profile, records, card);
 */
export function currentColumns(
	profile: ReferenceProfile,
	records: PredictionRecord[],
	card?: ModelCard
): { columns: ColumnData[]; prediction?: string; target?: string } {
	const names = new Set(profile.columns.map((c) => c.name));
	const target = card && names.has(card.target.name) ? card.target.name : undefined;
	const predictionName = ['prediction', card?.outputs[0]?.name].find(
		(n): n is string => !!n && names.has(n) && n !== target
	);
	const columns: ColumnData[] = [];
	for (const col of profile.columns) {
		const value = (r: PredictionRecord): unknown =>
			col.name === target
				? r.label
				: col.name === predictionName
					? firstNumber(r.prediction)
					: r.features[col.name];
		if (
			col.name !== target &&
			col.name !== predictionName &&
			!records.some((r) => col.name in r.features)
		)
			continue;
		if (col.type === 'numerical')
			columns.push(
				numericalColumn(
					col.name,
					records.map((r) => {
						const v = value(r);
						return typeof v === 'number' ? v : typeof v === 'boolean' ? Number(v) : null;
					})
				)
			);
		else
			columns.push(
				categoricalColumn(
					col.name,
					records.map((r) => {
						const v = value(r);
						return v === null || v === undefined ? null : String(v);
					})
				)
			);
	}
	return { columns, prediction: predictionName, target };
}

/**
 * The drift step of the monitoring job: the new records against the frozen reference profile with
 * the statistics core's `buildReport` (the same report the browser and the CLI make).
 *
 * @example
 * const result = await driftStep({ model, model_version, profile, card, records, now: new Date() });
 */
export const driftStep: DriftStep = async ({
	model,
	model_version,
	profile,
	card,
	records,
	now
}) => {
	const { columns, prediction, target } = currentColumns(profile, records, card);
	const times = records.map((r) => Date.parse(r.ts)).filter(Number.isFinite);
	const report = buildReport({
		reference: profile,
		current: columns,
		currentName: `${model} predictions`,
		window:
			times.length > 0
				? {
						start: new Date(Math.min(...times)).toISOString(),
						end: new Date(Math.max(...times)).toISOString(),
						label: 'monitoring job'
					}
				: undefined,
		createdAt: now.toISOString(),
		model: { name: model, version: model_version },
		prediction,
		target:
			target && records.some((r) => r.label !== undefined && r.label !== null) ? target : undefined,
		task: card && card.task !== 'regression' ? 'classification' : 'regression'
	});
	return { status: 'report', report };
};
