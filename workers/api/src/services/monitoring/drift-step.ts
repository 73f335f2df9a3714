import type { ModelCard } from '../../../../../src/lib/contracts/model-card';
import type { PredictionRecord } from '../../../../../src/lib/contracts/prediction';
import type { Report } from '../../../../../src/lib/contracts/report';
import { buildReport, type ReferenceProfile } from '../../../../../src/lib/drift';
import { recordWindow } from '../../../../../src/lib/pipeline';

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

/**
 * The drift step of the monitoring job: the new records against the frozen reference profile with
 * the statistics core's `buildReport` over the window the pipeline reads from the records (the
 * same report the browser and the CLI make).
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
	// The pipeline reads the records exactly as the browser and `vigil monitor` do.
	const window = recordWindow(records, profile, {
		card,
		model,
		version: model_version,
		label: 'monitoring job'
	});
	const report = buildReport({ reference: profile, ...window, createdAt: now.toISOString() });
	return { status: 'report', report };
};
