import { modelCardSchema, type ModelCard } from '../../../../../src/lib/contracts/model-card';
import type { PredictionRecord } from '../../../../../src/lib/contracts/prediction';
import { renderReportHtml } from '../../../../../src/lib/drift';
import { versionsByPreference } from '../../../../../src/lib/pipeline';
import { checkReferenceProfile } from '../reference-profile';
import { fleetOf, numberVar } from '../../env';
import { storeReport } from '../reports';
import { storeFromEnv } from '../../store';
import { modelKey } from '../../store/keys';
import { applyDelayedLabels } from './apply-labels';
import { advancedStep } from './advanced-step';
import { retrainRecommendation, RETRAIN_EXTENSION } from './retrain-step';
import { predictionVersions, VERSIONS_EXTENSION } from './versions';
import { driftStep as defaultDriftStep, type DriftStep } from './drift-step';

/** One line of the job's run log (also written to the Worker log as JSON). */
export interface MonitorRunEntry {
	model: string;
	outcome: 'report' | 'skipped' | 'unavailable' | 'failed';
	records: number;
	message: string;
	report_id?: string;
}

/** At most this many records (the newest) are analysed per model and run, to bound CPU time. */
export const MAX_RECORDS_PER_RUN = 50_000;

async function referenceFor(env: Env, model: string) {
	const fleet = fleetOf(env);
	const versions = await fleet.listModels({ name: model });
	// The version every host would pick (src/lib/pipeline), among those with a profile.
	const chosen = versionsByPreference(versions).find(
		(v) => v.stage !== 'archived' && v.has_reference_profile
	);
	if (!chosen) return undefined;
	const store = storeFromEnv(env);
	const [profileObject, cardObject] = await Promise.all([
		store.get(modelKey(model, chosen.version, 'reference-profile.vgpf')),
		store.get(modelKey(model, chosen.version, 'card.json'))
	]);
	if (!profileObject || !cardObject) return undefined;
	const card: ModelCard = modelCardSchema.parse(JSON.parse(await cardObject.text()));
	// Checked again on every run: a profile that no longer matches its card is never used.
	const profile = checkReferenceProfile(await profileObject.bytes(), card);
	return { version: chosen.version, profile, card };
}

/**
 * The scheduled monitoring job: for every model with at least MONITOR_MIN_PREDICTIONS records stored
 * since its last run, reads those records, computes drift against the model's frozen reference
 * profile with the drift step, stores the report (which updates the gauges) and moves the model's
 * cursor. The cursor moves only when a report was stored, so records are never skipped while the
 * reference or the drift core is missing.
 *
 * @example
 * ctx.waitUntil(runMonitoringJob(env));
 */
export async function runMonitoringJob(
	env: Env,
	{ now = new Date(), driftStep = defaultDriftStep }: { now?: Date; driftStep?: DriftStep } = {}
): Promise<MonitorRunEntry[]> {
	const fleet = fleetOf(env);
	const min = numberVar(env.MONITOR_MIN_PREDICTIONS, 200);
	const log: MonitorRunEntry[] = [];
	for (const pending of await fleet.pendingModels(min)) {
		const entry: MonitorRunEntry = {
			model: pending.model,
			outcome: 'failed',
			records: pending.records,
			message: ''
		};
		let moveTo = pending.after_seq;
		try {
			const reference = await referenceFor(env, pending.model);
			if (!reference) {
				entry.outcome = 'skipped';
				entry.message = `no reference profile registered for model ${pending.model}`;
			} else {
				const batches = await fleet.batchesBetween(
					pending.model,
					pending.after_seq,
					pending.up_to_seq
				);
				const store = storeFromEnv(env);
				const records: PredictionRecord[] = [];
				for (const batch of batches.reverse()) {
					if (records.length >= MAX_RECORDS_PER_RUN) break;
					const object = await store.get(batch.key);
					if (!object) continue;
					const lines = (await object.text()).split('\n').filter((l) => l !== '');
					records.unshift(...lines.map((l) => JSON.parse(l) as PredictionRecord));
				}
				entry.records = records.length;
				// Delayed labels that have arrived feed the report's performance (LABEL_MIN_COVERAGE, 0.3).
				await applyDelayedLabels(store, records, {
					minCoverage: Math.min(
						1,
						numberVar((env as { LABEL_MIN_COVERAGE?: string }).LABEL_MIN_COVERAGE, 0.3)
					)
				});
				const result = await driftStep({
					model: pending.model,
					model_version: reference.version,
					profile: reference.profile,
					card: reference.card,
					records,
					now
				});
				if (result.status === 'unavailable') {
					entry.outcome = 'unavailable';
					entry.message = result.message;
				} else {
					// Multivariate, CBPE and streaming results when the version has an advanced reference.
					const advanced = await advancedStep(env, {
						model: pending.model,
						version: reference.version,
						card: reference.card,
						records
					});
					let report = result.report;
					let html = result.html;
					if (advanced && Object.keys(advanced.advanced).length > 0) {
						report = { ...report, advanced: advanced.advanced };
						html = undefined;
					}
					// Persistent drift together with degraded performance: recommend retraining
					// (a gauge and an alert); this job never trains or promotes by itself.
					const previous = await fleet.listReports({ model: pending.model, limit: 50 });
					const retrain = retrainRecommendation(env, reference.card, report, previous);
					if (retrain) {
						report = {
							...report,
							extensions: { ...report.extensions, [RETRAIN_EXTENSION]: retrain }
						};
						html = undefined;
					}
					// Which model version produced the window's predictions (a promotion mid-window shows
					// as two versions), and how many also carry a staged challenger's shadow score.
					report = {
						...report,
						extensions: { ...report.extensions, [VERSIONS_EXTENSION]: predictionVersions(records) }
					};
					html = undefined;
					const { id } = await storeReport(env, report, html ?? renderReportHtml(report));
					await advanced?.commit();
					entry.outcome = 'report';
					entry.report_id = id;
					entry.message = `report ${id} from ${records.length} records${
						advanced?.skipped.length ? `; not computed: ${advanced.skipped.join('; ')}` : ''
					}`.slice(0, 500);
					moveTo = pending.up_to_seq;
				}
			}
		} catch (err) {
			entry.outcome = 'failed';
			entry.message =
				err instanceof Error ? `${err.name}: ${err.message}`.slice(0, 500) : 'unknown error';
		}
		await fleet.recordMonitorRun(pending.model, moveTo, entry.outcome, entry.message);
		console.log(JSON.stringify({ event: 'monitoring-run', ...entry }));
		log.push(entry);
	}
	return log;
}
