import { z } from 'zod';
import type { ModelCard } from '../../../../../src/lib/contracts/model-card';
import type { PredictionRecord } from '../../../../../src/lib/contracts/prediction';
import type { AdvancedDrift } from '../../../../../src/lib/drift/advanced/schemas';
import {
	advancedReferenceSchema,
	runAdvanced,
	streamStateSchema,
	type AdvancedReference
} from '../../../../../src/lib/drift/advanced/reference';
import {
	categoricalColumn,
	numericalColumn,
	type ColumnData
} from '../../../../../src/lib/drift/types';
import { recordScore } from '../../../../../src/lib/pipeline';
import { validate } from '../../http/body';
import { ApiError } from '../../errors';
import { storeFromEnv } from '../../store';
import { modelKey, streamStateKey } from '../../store/keys';

/**
 * Validates an uploaded `vigil.advanced-reference/1` against the model card: the PCA columns must
 * be features of the card, and CBPE needs a binary classifier.
 *
 * @example
 * const reference = checkAdvancedReference(JSON.parse(text), card);
 */
export function checkAdvancedReference(value: unknown, card: ModelCard): AdvancedReference {
	const reference = validate(advancedReferenceSchema, value, 'advanced reference');
	const features = new Set(card.features.map((f) => f.name));
	const unknown = (reference.pca?.columns ?? []).filter((c) => !features.has(c.name));
	if (unknown.length)
		throw new ApiError(
			422,
			'unprocessable',
			`The advanced reference's PCA columns ${unknown.map((c) => JSON.stringify(c.name)).join(', ')} are not features of ${card.name}@${card.version}`
		);
	if (reference.cbpe && card.task !== 'binary')
		throw new ApiError(
			422,
			'unprocessable',
			`CBPE needs a binary classifier; ${card.name}@${card.version} is ${card.task}`
		);
	if (!reference.pca && !reference.cbpe)
		throw new ApiError(422, 'unprocessable', 'The advanced reference holds neither pca nor cbpe');
	return reference;
}

function binaryLabel(v: PredictionRecord['label']): number | undefined {
	if (v === 0 || v === 1) return v;
	if (v === '0' || v === '1') return Number(v);
	if (typeof v === 'boolean') return v ? 1 : 0;
	return undefined;
}

/** Feature columns for the PCA model, typed as it was fitted; wrong kinds count as missing. */
function pcaColumns(reference: AdvancedReference, records: PredictionRecord[]): ColumnData[] {
	return (reference.pca?.columns ?? []).map((col) =>
		col.type === 'numerical'
			? numericalColumn(
					col.name,
					records.map((r) => {
						const v = r.features[col.name];
						return typeof v === 'number' ? v : typeof v === 'boolean' ? Number(v) : null;
					})
				)
			: categoricalColumn(
					col.name,
					records.map((r) => {
						const v = r.features[col.name];
						return v === null || v === undefined ? null : String(v);
					})
				)
	);
}

/**
 * The advanced part of the monitoring job for one model: when the model version has an advanced
 * reference, PCA reconstruction error and the CBPE estimate over the new records as one window, and
 * Page-Hinkley + ADWIN over the prediction stream (and the error stream where labels arrived),
 * continuing from the detector state saved by the previous run. Returns undefined without a
 * reference; `commit()` saves the detector state and is called once the report is stored, so a
 * failed run replays the same records from the same state.
 *
 * @example
 * const step = await advancedStep(env, { model, version, card, records });
 * if (step) { report.advanced = step.advanced; await storeReport(…); await step.commit(); }
 */
export async function advancedStep(
	env: Env,
	input: { model: string; version: string; card: ModelCard; records: PredictionRecord[] }
): Promise<
	{ advanced: AdvancedDrift; skipped: string[]; commit: () => Promise<void> } | undefined
> {
	const store = storeFromEnv(env);
	const object = await store.get(modelKey(input.model, input.version, 'reference-advanced.json'));
	if (!object) return undefined;
	let reference: AdvancedReference;
	try {
		reference = advancedReferenceSchema.parse(JSON.parse(await object.text()));
	} catch (err) {
		// Checked on upload; if it no longer reads, drift monitoring goes on without the advanced block.
		const why = (
			err instanceof z.ZodError
				? err.issues.map((i) => `${i.path.join('.') || 'document'}: ${i.message}`).join('; ')
				: err instanceof Error
					? err.message
					: 'unreadable'
		).slice(0, 200);
		return {
			advanced: {},
			skipped: [`advanced reference: ${why}`],
			commit: async () => {}
		};
	}
	const { records, card } = input;
	const stateObject = await store.get(streamStateKey(input.model));
	let previous;
	if (stateObject) {
		const parsed = streamStateSchema.safeParse(JSON.parse(await stateObject.text()));
		// Unreadable state restarts the detectors rather than stopping monitoring.
		if (parsed.success) previous = parsed.data;
	}
	// The monitored score, read the one way every host reads it (src/lib/pipeline).
	const predictions = records.map((r) => recordScore(r, card.task));
	const streams: Record<string, number[]> = {
		prediction: predictions.filter((v) => Number.isFinite(v))
	};
	const errors: number[] = [];
	const threshold = reference.cbpe?.model.threshold ?? 0.5;
	records.forEach((r, i) => {
		const p = predictions[i];
		if (!Number.isFinite(p) || r.label === undefined || r.label === null) return;
		if (card.task === 'binary') {
			const y = binaryLabel(r.label);
			if (y !== undefined) errors.push((p >= threshold ? 1 : 0) === y ? 0 : 1);
		} else if (card.task === 'regression' && typeof r.label === 'number') {
			errors.push(Math.abs(r.label - p));
		}
	});
	if (errors.length) streams.error = errors;
	const { advanced, state, skipped } = runAdvanced(
		reference,
		{
			window: { index: 0, start: 0, end: records.length, label: 'monitoring job' },
			columns: pcaColumns(reference, records),
			scores: reference.cbpe ? Float64Array.from(predictions) : undefined,
			streams,
			modelVersion: input.version
		},
		previous
	);
	return {
		advanced,
		skipped,
		commit: async () => {
			await store.put(streamStateKey(input.model), JSON.stringify(state), {
				contentType: 'application/json'
			});
		}
	};
}
