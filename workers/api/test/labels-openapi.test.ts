import { describe, expect, it } from 'vitest';
import { call } from './helpers';

interface Doc {
	paths: Record<string, Record<string, { responses: Record<string, unknown> }>>;
	components: { schemas: Record<string, { properties?: Record<string, unknown> }> };
}

describe('OpenAPI document of the label, performance and evaluation routes', () => {
	it('documents every route with the contracts as component schemas', async () => {
		const doc = await (await call('/api/openapi.json')).json<Doc>();
		expect(Object.keys(doc.paths['/api/v1/labels'])).toEqual(['post']);
		for (const [path, method] of [
			['/api/v1/labels/coverage', 'get'],
			['/api/v1/labels/joined', 'get'],
			['/api/v1/labels/{id}', 'get'],
			['/api/v1/performance', 'get'],
			['/api/v1/models/{name}/{version}/evaluation', 'put'],
			['/api/v1/models/{name}/{version}/evaluation', 'get']
		] as const)
			expect(doc.paths[path]?.[method]?.responses, `${method} ${path}`).toBeDefined();
		for (const name of [
			'Label',
			'LabelIngestResult',
			'LabelHistory',
			'LabelCoverage',
			'LabelledPredictions',
			'PerformanceSeries',
			'Evaluation'
		])
			expect(doc.components.schemas[name], name).toBeDefined();
		expect(Object.keys(doc.components.schemas.Label.properties!)).toEqual(
			expect.arrayContaining(['id', 'label', 'observed_at', 'model'])
		);
		expect(Object.keys(doc.components.schemas.Evaluation.properties!)).toEqual(
			expect.arrayContaining(['gates', 'segments', 'shadow', 'passed'])
		);
	});
});
