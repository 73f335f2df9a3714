import { z } from 'zod';
import { apiErrorEnvelopeSchema } from '../../../../src/lib/contracts/api';
import { storedDatasetSchema } from '../../../../src/lib/contracts/dataset';
import {
	driftGaugesSchema,
	metricsSnapshotResultSchema,
	metricsSnapshotSchema,
	performanceGaugesSchema
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
import { reportSchema } from '../../../../src/lib/contracts/report';
import { openApiPath, type Route } from '../routes/route';
import { labelComponents } from './label-docs';
import { security } from './parts';

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

/**
 * The OpenAPI 3.1 document of the API. Its paths come from the route table the router is built
 * from (each route's operation, with the security its scope implies), and its component schemas
 * from the zod contracts through `z.toJSONSchema`, so the document can drift neither from the
 * routes nor from the validation they do.
 *
 * @example
 * const doc = openApiDocument('0.1.0', apiRoutes); // doc.paths['/api/v1/predictions'].post …
 */
export function openApiDocument(version: string, routes: readonly Route[]) {
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
	const paths: Record<string, Record<string, unknown>> = {};
	for (const route of routes) {
		const item = (paths[openApiPath(route.path)] ??= {});
		item[route.method] = route.scope
			? { ...route.doc, security: security(route.scope) }
			: route.doc;
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
		paths
	};
}
