import {
	error,
	json,
	path,
	query,
	readErrors,
	ref,
	security,
	writeErrors as writeErrorsOf
} from '../openapi-parts';
import { Hono } from 'hono';
import { z } from 'zod';
import { apiErrorEnvelopeSchema } from '../../../../src/lib/contracts/api';
import { storedDatasetSchema } from '../../../../src/lib/contracts/dataset';
import {
	driftGaugesSchema,
	metricsSnapshotResultSchema,
	performanceGaugesSchema,
	metricsSnapshotSchema
} from '../../../../src/lib/contracts/metrics';
import { modelCardSchema } from '../../../../src/lib/contracts/model-card';
import {
	modelListSchema,
	modelUploadJsonSchema,
	modelVersionEntrySchema,
	promoteRequestSchema
} from '../../../../src/lib/contracts/models-registry';
import {
	predictionIngestResultSchema,
	predictionListSchema,
	predictionRecordSchema,
	storedPredictionObjectSchema
} from '../../../../src/lib/contracts/prediction';
import type { AppEnv } from '../env';
import { labelComponents, labelPaths } from '../labels/openapi-paths';
import { reportSchema } from '../report-envelope';

const components: Record<string, z.ZodType> = {
	ApiError: apiErrorEnvelopeSchema,
	PredictionRecord: predictionRecordSchema,
	PredictionIngestResult: predictionIngestResultSchema,
	PredictionList: predictionListSchema,
	StoredPredictionObject: storedPredictionObjectSchema,
	StoredDataset: storedDatasetSchema,
	DriftGauges: driftGaugesSchema,
	PerformanceGauges: performanceGaugesSchema,
	MetricsSnapshot: metricsSnapshotSchema,
	MetricsSnapshotResult: metricsSnapshotResultSchema,
	ModelCard: modelCardSchema,
	ModelUpload: modelUploadJsonSchema,
	ModelVersionEntry: modelVersionEntrySchema,
	ModelList: modelListSchema,
	PromoteRequest: promoteRequestSchema,
	Report: reportSchema,
	...labelComponents
};

const errors = readErrors('Malformed request (bad JSON, bad parameter, traversal in a key or id)');
const writeErrors = writeErrorsOf(
	'Malformed request (bad JSON, bad parameter, traversal in a key or id)',
	'Conflict (idempotency key replayed with a different body, immutable version)',
	'The body does not match its contract'
);

/**
 * The OpenAPI 3.1 document of the API. Component schemas come from the zod contracts through
 * `z.toJSONSchema`, so the document cannot drift from the validation the routes do.
 *
 * @example
 * const doc = openApiDocument('0.1.0'); // doc.components.schemas.PredictionRecord …
 */
export function openApiDocument(version: string) {
	const registry = z.registry<{ id: string }>();
	for (const [id, schema] of Object.entries(components)) registry.add(schema, { id });
	const { schemas } = z.toJSONSchema(registry, {
		io: 'input',
		unrepresentable: 'any',
		target: 'draft-2020-12',
		uri: (id) => `#/components/schemas/${id}`
	}) as { schemas: Record<string, Record<string, unknown>> };
	for (const schema of Object.values(schemas)) {
		delete schema.$schema;
		delete schema.$id;
	}
	return {
		openapi: '3.1.0',
		info: {
			title: 'Vigil API',
			version,
			description:
				'Predictions, reports and models in object storage; fleet metrics for Prometheus. Every failure answers { error: { code, message, details } }.'
		},
		servers: [{ url: '/' }],
		components: {
			schemas,
			securitySchemes: {
				bearer: {
					type: 'http',
					scheme: 'bearer',
					description:
						'Tokens carry scopes ingest, read, admin (all scopes) and metrics; only their SHA-256 is configured (VIGIL_TOKENS).'
				}
			}
		},
		paths: {
			'/api/v1/predictions': {
				post: {
					summary: 'Store a batch of prediction records once per Idempotency-Key',
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
										{ type: 'array', items: ref('PredictionRecord') },
										{
											type: 'object',
											properties: { records: { type: 'array', items: ref('PredictionRecord') } },
											required: ['records'],
											additionalProperties: false
										}
									]
								}
							},
							'application/x-ndjson': {
								schema: { type: 'string', description: 'One PredictionRecord per line' }
							},
							'application/vnd.apache.parquet': {
								schema: { type: 'string', contentMediaType: 'application/vnd.apache.parquet' }
							}
						}
					},
					responses: {
						'201': { description: 'Stored', content: json('PredictionIngestResult') },
						'200': {
							description: 'Replay of an already stored batch',
							content: json('PredictionIngestResult')
						},
						...writeErrors
					}
				},
				get: {
					summary: 'List stored prediction objects of a model',
					security: security('read'),
					parameters: [
						query('model', 'Model name', true),
						query('from', 'First date (ISO)'),
						query('to', 'Last date (ISO)'),
						query('cursor', 'From the previous page'),
						query('limit', '1–1000')
					],
					responses: {
						'200': { description: 'Objects', content: json('PredictionList') },
						...errors
					}
				}
			},
			'/api/v1/predictions/{key}': {
				get: {
					summary: 'One stored prediction object; honours Range: bytes=…',
					security: security('read'),
					parameters: [
						path('key', 'Object key as listed (predictions/model=…/date=…/device=…/<ULID>.ndjson)')
					],
					responses: {
						'200': { description: 'The object' },
						'206': { description: 'The requested range' },
						'404': error('No such object'),
						'416': error('Range not satisfiable'),
						...errors
					}
				}
			},
			'/api/v1/datasets/{name}': {
				put: {
					summary: 'Store a Parquet data set as uploaded (replaces one of the same name)',
					security: security('admin'),
					parameters: [path('name', '<name>.parquet: letters, digits, ".", "_" and "-"')],
					requestBody: {
						required: true,
						content: { 'application/vnd.apache.parquet': { schema: { type: 'string' } } }
					},
					responses: {
						'201': { description: 'Stored', content: json('StoredDataset') },
						...writeErrors
					}
				},
				get: {
					summary: 'A stored Parquet data set; honours Range: bytes=… (HEAD gives its size)',
					security: security('read'),
					parameters: [path('name', '<name>.parquet')],
					responses: {
						'200': { description: 'The file' },
						'206': { description: 'The requested range' },
						'404': error('No such data set'),
						'416': error('Range not satisfiable'),
						...errors
					}
				}
			},
			'/api/v1/reports': {
				post: {
					summary: 'Store a drift report (JSON, or multipart with report and html parts)',
					security: security('ingest'),
					requestBody: {
						required: true,
						content: {
							'application/json': { schema: ref('Report') },
							'multipart/form-data': {
								schema: {
									type: 'object',
									properties: { report: ref('Report'), html: { type: 'string' } },
									required: ['report']
								}
							}
						}
					},
					responses: {
						'201': { description: 'Stored' },
						'200': { description: 'Already stored (same report)' },
						...writeErrors
					}
				},
				get: {
					summary: 'List reports, newest first',
					security: security('read'),
					parameters: [
						query('model', 'Model name'),
						query('from', 'ISO time'),
						query('to', 'ISO time'),
						query('drifted', 'true or false'),
						query('limit', '1–500'),
						query('cursor', 'From the previous page')
					],
					responses: { '200': { description: 'A page of report summaries' }, ...errors }
				}
			},
			'/api/v1/reports/latest': {
				get: {
					summary: 'The newest report of a model',
					security: security('read'),
					parameters: [query('model', 'Model name', true)],
					responses: {
						'200': { description: 'Summary and report' },
						'404': error('No report'),
						...errors
					}
				}
			},
			'/api/v1/reports/{id}': {
				get: {
					summary:
						'One report as JSON, or its HTML page (Accept: text/html or ?format=html) under a CSP without scripts',
					security: security('read'),
					parameters: [path('id', 'Report id'), query('format', 'html for the page')],
					responses: {
						'200': {
							description: 'The report',
							content: { ...json('Report'), 'text/html': { schema: { type: 'string' } } }
						},
						'404': error('No report'),
						...errors
					}
				}
			},
			'/api/v1/monitoring/latest': {
				get: {
					summary: 'Latest drift and performance gauges of a model, with the report link',
					security: security('read'),
					parameters: [query('model', 'Model name', true)],
					responses: { '200': { description: 'Gauges' }, '404': error('Unknown model'), ...errors }
				}
			},
			'/api/v1/models': {
				get: {
					summary: 'List registered model versions',
					security: security('read'),
					parameters: [
						query('name', 'Model name'),
						query('stage', 'none, staging, production or archived')
					],
					responses: { '200': { description: 'Versions', content: json('ModelList') }, ...errors }
				}
			},
			'/api/v1/models/{name}/{version}': {
				put: {
					summary:
						'Register a model version (ONNX + card; SHA-256 checked against card.onnx.sha256)',
					security: security('admin'),
					parameters: [path('name', 'Model name'), path('version', 'Version')],
					requestBody: {
						required: true,
						content: {
							'multipart/form-data': {
								schema: {
									type: 'object',
									properties: {
										card: ref('ModelCard'),
										model: { type: 'string', contentMediaType: 'application/octet-stream' },
										reference_profile: { type: 'object' }
									},
									required: ['card', 'model']
								}
							},
							'application/json': { schema: ref('ModelUpload') }
						}
					},
					responses: {
						'201': { description: 'Registered', content: json('ModelVersionEntry') },
						'200': {
							description: 'Already registered with the same bytes',
							content: json('ModelVersionEntry')
						},
						...writeErrors
					}
				},
				get: {
					summary: 'A model version with its card',
					security: security('read'),
					parameters: [path('name', 'Model name'), path('version', 'Version')],
					responses: {
						'200': { description: 'Entry and card' },
						'404': error('Unknown model'),
						...errors
					}
				}
			},
			'/api/v1/models/{name}/{version}/model.onnx': {
				get: {
					summary: 'Download the ONNX file (Range supported)',
					security: security('read'),
					parameters: [path('name', 'Model name'), path('version', 'Version')],
					responses: {
						'200': { description: 'ONNX bytes' },
						'206': { description: 'Range' },
						'404': error('Unknown model'),
						...errors
					}
				}
			},
			'/api/v1/models/{name}/{version}/promote': {
				post: {
					summary:
						'Move a version to production, staging or archived; promoting to production archives the previous production version',
					security: security('admin'),
					parameters: [path('name', 'Model name'), path('version', 'Version')],
					requestBody: { required: true, content: json('PromoteRequest') },
					responses: {
						'200': { description: 'The entry and the archived versions' },
						'404': error('Unknown model'),
						...writeErrors
					}
				}
			},
			'/api/v1/models/{name}/{version}/reference-advanced': {
				put: {
					summary:
						'Store the fitted advanced reference (vigil.advanced-reference/1: PCA and, for binary classifiers, CBPE) the monitoring job uses; frozen once stored',
					security: security('admin'),
					parameters: [path('name', 'Model name'), path('version', 'Version')],
					requestBody: {
						required: true,
						content: {
							'application/json': {
								schema: {
									type: 'object',
									description:
										'vigil.advanced-reference/1, from vigil profile build --advanced-out',
									properties: { schema: { type: 'string', const: 'vigil.advanced-reference/1' } },
									required: ['schema']
								}
							}
						}
					},
					responses: {
						'200': { description: 'Stored (or the same document again)' },
						'404': error('Unknown model'),
						...writeErrors
					}
				},
				get: {
					summary: "A model version's advanced reference",
					security: security('read'),
					parameters: [path('name', 'Model name'), path('version', 'Version')],
					responses: {
						'200': { description: 'The vigil.advanced-reference/1 document' },
						'404': error('None stored'),
						...errors
					}
				}
			},
			'/api/v1/metrics/snapshots': {
				post: {
					summary: "Add a device's metrics snapshot (once per snapshot id)",
					security: security('ingest'),
					requestBody: { required: true, content: json('MetricsSnapshot') },
					responses: {
						'202': { description: 'Accepted', content: json('MetricsSnapshotResult') },
						'200': { description: 'Duplicate, ignored', content: json('MetricsSnapshotResult') },
						...writeErrors
					}
				}
			},
			'/metrics': {
				get: {
					summary: 'Prometheus text format 0.0.4 (metrics scope unless PUBLIC_METRICS=true)',
					security: security('metrics'),
					responses: {
						'200': {
							description: 'Exposition text',
							content: { 'text/plain': { schema: { type: 'string' } } }
						},
						...errors
					}
				}
			},
			'/api/health': {
				get: {
					summary: 'Version and storage reachability',
					responses: { '200': { description: 'ok' }, '503': { description: 'degraded' } }
				}
			},
			...labelPaths()
		}
	};
}

/** GET /api/openapi.json. */
export const openapi = new Hono<AppEnv>().get('/openapi.json', (c) =>
	c.json(openApiDocument(c.env.VIGIL_VERSION))
);
