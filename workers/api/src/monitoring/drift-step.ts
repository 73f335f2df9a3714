import type { PredictionRecord } from '../../../../src/lib/contracts/prediction';

/** What the monitoring job hands the drift step for one model. */
export interface DriftStepInput {
	model: string;
	model_version: string;
	/** The model's frozen reference profile as stored with the model version. */
	profile: unknown;
	/** New prediction records since the model's last run, oldest first. */
	records: PredictionRecord[];
	now: Date;
}

/** A report to store, or why no report could be computed. */
export type DriftStepResult =
	| { status: 'report'; report: Record<string, unknown> }
	| { status: 'unavailable'; message: string };

export type DriftStep = (input: DriftStepInput) => Promise<DriftStepResult>;

/**
 * The drift step of the monitoring job: turns the new records into columns and asks the statistics
 * core (src/lib/drift) for a report against the frozen profile. The core's report builder is not
 * part of this build yet, so the step says so instead of computing anything itself.
 *
 * @example
 * const result = await driftStep({ model, model_version, profile, records, now: new Date() });
 */
export const driftStep: DriftStep = async () => ({
	status: 'unavailable',
	message: 'drift core unavailable: src/lib/drift has no report builder in this build'
});
