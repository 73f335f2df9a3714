import { datasetRoutes } from './datasets';
import { healthRoutes } from './health';
import { labelRoutes } from './labels';
import { metricsRoutes } from './metrics';
import { modelRoutes } from './models';
import { openApiRoute } from './openapi';
import { predictionRoutes } from './predictions';
import { reportRoutes } from './reports';
import type { Route } from './route';

/**
 * The route table: every route the Worker answers, in registration order. The router and the
 * OpenAPI document are both built from it.
 */
export const apiRoutes: readonly Route[] = [
	...healthRoutes,
	openApiRoute(() => apiRoutes),
	...predictionRoutes,
	...datasetRoutes,
	...reportRoutes,
	...modelRoutes,
	...metricsRoutes,
	...labelRoutes
];
