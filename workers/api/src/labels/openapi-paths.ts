import type { z } from 'zod';
import {
	error,
	json,
	path,
	query,
	readErrors as readErrorsOf,
	ref,
	security,
	writeErrors as writeErrorsOf
} from '../openapi-parts';
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

/**
 * OpenAPI path items of /api/v1/labels, /api/v1/performance and the model evaluations, to be
 * spread into the API document's `paths`.
 *
 * @example
 * paths: { ...otherPaths, ...labelPaths() }
 */
export function labelPaths(): Record<string, unknown> {
	return {
		'/api/v1/labels': {
			post: {
				summary:
					'Store a batch of delayed labels once per Idempotency-Key; labels of unknown ids are kept and joined when the prediction arrives',
				security: security('ingest'),
				parameters: [
					{
						name: 'Idempotency-Key',
						in: 'header',
						required: true,
						schema: { type: 'string', pattern: '^[A-Za-z0-9._:-]{1,128}$' }
					}
				],
				requestBody: {
					required: true,
					content: {
						'application/json': {
							schema: {
								oneOf: [
									{ type: 'array', items: ref('Label') },
									{
										type: 'object',
										properties: { labels: { type: 'array', items: ref('Label') } },
										required: ['labels'],
										additionalProperties: false
									}
								]
							}
						},
						'application/x-ndjson': {
							schema: { type: 'string', description: 'One Label per line' }
						}
					}
				},
				responses: {
					'201': { description: 'Stored', content: json('LabelIngestResult') },
					'200': {
						description: 'Replayed (same key and body)',
						content: json('LabelIngestResult')
					},
					...writeErrors
				}
			}
		},
		'/api/v1/labels/coverage': {
			get: {
				summary: 'Label coverage (labelled predictions / predictions) per model version and window',
				security: security('read'),
				parameters: [
					...range,
					query('window', 'Window length: 30m, 12h, 1d… (default the whole range)')
				],
				responses: {
					'200': { description: 'Coverage', content: json('LabelCoverage') },
					...readErrors
				}
			}
		},
		'/api/v1/labels/joined': {
			get: {
				summary: 'The labelled predictions of a model in time order, with the label in force',
				security: security('read'),
				parameters: range,
				responses: {
					'200': { description: 'Labelled predictions', content: json('LabelledPredictions') },
					...readErrors
				}
			}
		},
		'/api/v1/labels/{id}': {
			get: {
				summary: 'The label in force for a prediction record and every label received for it',
				security: security('read'),
				parameters: [path('id', 'The record id (ULID)')],
				responses: {
					'200': { description: 'Label and history', content: json('LabelHistory') },
					'404': error('No label for this record'),
					...readErrors
				}
			}
		},
		'/api/v1/performance': {
			get: {
				summary:
					'Performance per window (RMSE/MAE/R² or accuracy/F1/ROC AUC/Brier) with confidence intervals, once labels cover min_coverage',
				security: security('read'),
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
		},
		'/api/v1/models/{name}/{version}/evaluation': {
			put: {
				summary:
					'Store the evaluation of a registered challenger; promotion to production over another version needs a passing one',
				security: security('admin'),
				parameters: [path('name', 'Model name'), path('version', 'Version')],
				requestBody: { required: true, content: json('Evaluation') },
				responses: {
					'201': { description: 'Stored, with the failed gates' },
					'404': error('Unknown model version'),
					...writeErrors
				}
			},
			get: {
				summary: 'The stored evaluation of a model version',
				security: security('read'),
				parameters: [path('name', 'Model name'), path('version', 'Version')],
				responses: {
					'200': { description: 'Evaluation', content: json('Evaluation') },
					'404': error('No evaluation'),
					...readErrors
				}
			}
		}
	};
}
