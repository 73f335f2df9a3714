import type { PredictionRecord } from '../../../../../src/lib/contracts/prediction';

/** The extension key under which a report lists the versions behind its predictions. */
export const VERSIONS_EXTENSION = 'vigil.versions/1';

/** Predictions per model version in a report's window, and shadow scores per staged version. */
export interface PredictionVersions {
	predictions: Record<string, number>;
	shadow: Record<string, number>;
}

/**
 * Counts the window's predictions by the version that made them (`model_version`), and the
 * shadow scores of staged challengers (`shadow.model_version`) carried beside them.
 *
 * @example
 * predictionVersions(records); // { predictions: { '1.0.0': 150, '1.1.0': 50 }, shadow: { '1.2.0': 40 } }
 */
export function predictionVersions(records: readonly PredictionRecord[]): PredictionVersions {
	const predictions: Record<string, number> = {};
	const shadow: Record<string, number> = {};
	for (const r of records) {
		predictions[r.model_version] = (predictions[r.model_version] ?? 0) + 1;
		const s = (r as { shadow?: { model_version?: unknown } }).shadow;
		if (s && typeof s.model_version === 'string')
			shadow[s.model_version] = (shadow[s.model_version] ?? 0) + 1;
	}
	return { predictions, shadow };
}
