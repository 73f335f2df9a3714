import type { Handler, Hono } from 'hono';
import type { TokenScope } from '../../../../src/lib/contracts/api';
import { requireScope } from '../http/auth';
import type { AppEnv } from '../env';

/** An OpenAPI operation without `security`, which the route's scope decides. */
export interface Operation {
	summary: string;
	parameters?: unknown[];
	requestBody?: unknown;
	responses: Record<string, unknown>;
}

/**
 * One row of the route table: the router is built from these rows and so is the OpenAPI document,
 * so a route cannot exist without its documentation, nor the other way round.
 */
export interface Route {
	method: 'get' | 'post' | 'put';
	/** Hono's path pattern, e.g. `/api/v1/models/:name/:version`. */
	path: string;
	/**
	 * The scope a bearer token must hold; absent for public routes. `metrics` routes are public when
	 * the var PUBLIC_METRICS is "true".
	 */
	scope?: TokenScope;
	handler: Handler<AppEnv>;
	doc: Operation;
}

/**
 * The OpenAPI form of a Hono path: `:name` and `:key{.+}` become `{name}` and `{key}`.
 *
 * @example
 * openApiPath('/api/v1/predictions/:key{.+}'); // '/api/v1/predictions/{key}'
 */
export function openApiPath(path: string): string {
	return path.replace(/:([A-Za-z_]\w*)(\{[^}]*\})?/g, '{$1}');
}

/**
 * Registers every route of the table on the app, each behind its scope check.
 *
 * @example
 * mountRoutes(app, apiRoutes);
 */
export function mountRoutes(app: Hono<AppEnv>, routes: readonly Route[]): void {
	for (const route of routes) {
		if (route.scope)
			app.on(route.method.toUpperCase(), route.path, requireScope(route.scope), route.handler);
		else app.on(route.method.toUpperCase(), route.path, route.handler);
	}
}
