// The OpenAPI operations and component schemas of the label and performance routes
// (routes/labels.ts).
import type { z } from 'zod';
import type { Operation } from '../routes/route';
import {
	batchBody,
	error,
	idempotencyHeader,
	json,
	path,
	query,
	readErrors as readErrorsOf,
	writeErrors as writeErrorsOf
} from './parts';
import {
	evaluationSchema,
	performanceSeriesSchema
} from '../../../../src/lib/contracts/evaluation';
import {
	labelChangeSchema,
	labelCoverageSchema,
	labelHistorySchema,
	labelIngestResultSchema,
	labelledPredictionSchema,
	labelledPredictionsSchema,
	labelSchema,
	storedLabelSchema
} from '../../../../src/lib/contracts/label';

/** Component schemas of the label, performance and evaluation routes (by their OpenAPI name). */
export const labelComponents: Record<string, z.ZodType> = {
	Label: labelSchema,
	StoredLabel: storedLabelSchema,
	LabelChange: labelChangeSchema,
	LabelledPrediction: labelledPredictionSchema,
	LabelIngestResult: labelIngestResultSchema,
	LabelHistory: labelHistorySchema,
	LabelCoverage: labelCoverageSchema,
	LabelledPredictions: labelledPredictionsSchema,
	PerformanceSeries: performanceSeriesSchema,
	Evaluation: evaluationSchema
};

const readErrors = readErrorsOf('Bad parameter (model name, timestamp, window, share)');
const writeErrors = writeErrorsOf(
	'Bad parameter (model name, timestamp, window, share)',
	'Idempotency key replayed with a different body, or a batch being stored',
	'The body does not match its contract (wrong label type, repeated id…)'
);
const range = [
	query('model', 'Model name', true),
	query('from', 'Start (ISO date or timestamp; default 7 days before to)'),
	query('to', 'End, exclusive (default now)')
];

/** The operations of /api/v1/labels and /api/v1/performance, by route. */
export const labelDocs = {
	ingest: {
		summary:
			'Store a batch of delayed labels once per Idempotency-Key; labels of unknown ids are kept and joined when the prediction arrives',
		parameters: [idempotencyHeader],
		requestBody: batchBody('Label', 'labels'),
		responses: {
			'201': { description: 'Stored', content: json('LabelIngestResult') },
			'200': {
				description: 'Replayed (same key and body)',
				content: json('LabelIngestResult')
			},
			...writeErrors
		}
	},
	coverage: {
		summary: 'Label coverage (labelled predictions / predictions) per model version and window',
		parameters: [
			...range,
			query('window', 'Window length: 30m, 12h, 1d… (default the whole range)')
		],
		responses: {
			'200': { description: 'Coverage', content: json('LabelCoverage') },
			...readErrors
		}
	},
	joined: {
		summary: 'The labelled predictions of a model in time order, with the label in force',
		parameters: range,
		responses: {
			'200': { description: 'Labelled predictions', content: json('LabelledPredictions') },
			...readErrors
		}
	},
	history: {
		summary: 'The label in force for a prediction record and every label received for it',
		parameters: [path('id', 'The record id (ULID)')],
		responses: {
			'200': { description: 'Label and history', content: json('LabelHistory') },
			'404': error('No label for this record'),
			...readErrors
		}
	},
	performance: {
		summary:
			'Performance per window (RMSE/MAE/R² or accuracy/F1/ROC AUC/Brier) with confidence intervals, once labels cover min_coverage',
		parameters: [
			...range,
			query('window', 'Window length: 30m, 12h, 1d… (default 1d)'),
			query('min_coverage', 'Minimum label coverage per window, 0–1 (default 0.3)'),
			query('interval', 'bootstrap (default) or analytic'),
			query('task', 'regression or binary (default from the model card)')
		],
		responses: {
			'200': { description: 'Performance over time', content: json('PerformanceSeries') },
			...readErrors
		}
	}
} satisfies Record<string, Operation>;
