import { openApiDocument } from '../openapi/document';
import type { Route } from './route';

/**
 * GET /api/openapi.json, documenting the routes that `routes()` answers (the whole table,
 * itself included).
 *
 * @example
 * const table = [...otherRoutes, openApiRoute(() => table)];
 */
export function openApiRoute(routes: () => readonly Route[]): Route {
	return {
		method: 'get',
		path: '/api/openapi.json',
		handler: (c) => c.json(openApiDocument(c.env.VIGIL_VERSION, routes())),
		doc: {
			summary: 'This OpenAPI 3.1 document',
			responses: { '200': { description: 'The document' } }
		}
	};
}
