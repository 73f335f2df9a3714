import { describe, expect, it } from 'vitest';
import { app } from '../src/index';
import { call } from './helpers';

interface Doc {
	openapi: string;
	paths: Record<string, Record<string, unknown>>;
	components: {
		schemas: Record<string, { properties?: Record<string, unknown>; required?: string[] }>;
	};
}

describe('GET /api/openapi.json', () => {
	it('is OpenAPI 3.1 with every route and the contracts as component schemas', async () => {
		const res = await call('/api/openapi.json');
		expect(res.status).toBe(200);
		const doc = await res.json<Doc>();
		expect(doc.openapi).toBe('3.1.0');
		for (const path of [
			'/api/v1/predictions',
			'/api/v1/predictions/{key}',
			'/api/v1/reports',
			'/api/v1/reports/latest',
			'/api/v1/reports/{id}',
			'/api/v1/monitoring/latest',
			'/api/v1/models',
			'/api/v1/models/{name}/{version}',
			'/api/v1/models/{name}/{version}/promote',
			'/api/v1/models/{name}/{version}/reference-advanced',
			'/api/v1/metrics/snapshots',
			'/metrics'
		])
			expect(doc.paths[path], path).toBeDefined();
		const record = doc.components.schemas.PredictionRecord;
		expect(Object.keys(record.properties!)).toEqual(
			expect.arrayContaining([
				'id',
				'model',
				'model_version',
				'device',
				'ts',
				'features',
				'prediction',
				'probability',
				'label',
				'latency_seconds'
			])
		);
		expect(record.required).toEqual(
			expect.arrayContaining([
				'id',
				'model',
				'model_version',
				'device',
				'ts',
				'features',
				'prediction'
			])
		);
		expect(doc.components.schemas.MetricsSnapshot.properties!.schema).toEqual({
			type: 'string',
			const: 'vigil.metrics-snapshot/1'
		});
		expect(doc.components.schemas.ApiError.properties!.error).toBeDefined();
		expect(doc.components.schemas.ModelCard.properties!.onnx).toBeDefined();
		// Every $ref points at a component that exists.
		const refs = JSON.stringify(doc).match(/"\$ref":"#\/components\/schemas\/[^"]+"/g) ?? [];
		for (const ref of refs)
			expect(doc.components.schemas[ref.split('/').pop()!.slice(0, -1)]).toBeDefined();
	});
});

describe('the OpenAPI document and the router', () => {
	it('document exactly the routes the router answers (both come from one route table)', async () => {
		const doc = await (await call('/api/openapi.json')).json<Doc>();
		const documented = Object.entries(doc.paths)
			.flatMap(([path, item]) =>
				Object.keys(item).map((method) => `${method.toUpperCase()} ${path}`)
			)
			.sort();
		// Middleware (ALL) and the catch-all 404 are not routes of the API.
		const routed = [
			...new Set(
				app.routes
					.filter((r) => r.method !== 'ALL' && !r.path.endsWith('*'))
					.map((r) => `${r.method} ${r.path.replace(/:(\w+)(\{[^}]*\})?/g, '{$1}')}`)
			)
		].sort();
		expect(documented).toEqual(routed);
		// The two that an earlier, hand-written document missed.
		expect(documented).toContain('PUT /api/v1/models/{name}/{version}/reference-profile');
		expect(documented).toContain('GET /api/v1/monitoring/runs');
		// Every route that needs a token says which scope.
		for (const [path, item] of Object.entries(doc.paths))
			for (const [method, op] of Object.entries(item as Record<string, { security?: unknown }>))
				if (!['/api/health', '/api/openapi.json'].includes(path))
					expect(op.security, `${method} ${path}`).toBeDefined();
	});
});
