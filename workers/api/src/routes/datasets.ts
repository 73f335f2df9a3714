import { readBody } from '../http/body';
import { serveObject } from '../http/serve-object';
import { limits } from '../env';
import { error, json, path, readErrors, writeErrors } from '../openapi/parts';
import { putDataset, readDataset } from '../services/datasets';
import type { Route } from './route';

const badRequest = 'Not a data set name, or not a Parquet file';

/**
 * /api/v1/datasets: Parquet data sets (reference data, exported selections) stored as uploaded, so
 * the app's data engine can read just the footer and the column chunks it needs with HTTP range
 * requests (GET with `Range`, 206, ETag; HEAD for the size).
 */
export const datasetRoutes: Route[] = [
	{
		method: 'put',
		path: '/api/v1/datasets/:name',
		scope: 'admin',
		handler: async (c) => {
			const name = c.req.param('name') ?? '';
			const bytes = await readBody(c, limits(c.env).maxBodyBytes);
			return c.json(await putDataset(c.env, name, bytes), 201);
		},
		doc: {
			summary: 'Store a Parquet data set as uploaded (replaces one of the same name)',
			parameters: [path('name', '<name>.parquet: letters, digits, ".", "_" and "-"')],
			requestBody: {
				required: true,
				content: { 'application/vnd.apache.parquet': { schema: { type: 'string' } } }
			},
			responses: {
				'201': { description: 'Stored', content: json('StoredDataset') },
				...writeErrors(badRequest)
			}
		}
	},
	{
		method: 'get',
		path: '/api/v1/datasets/:name',
		scope: 'read',
		handler: (c) => serveObject(c, (range) => readDataset(c.env, c.req.param('name') ?? '', range)),
		doc: {
			summary: 'A stored Parquet data set; honours Range: bytes=… (HEAD gives its size)',
			parameters: [path('name', '<name>.parquet')],
			responses: {
				'200': { description: 'The file' },
				'206': { description: 'The requested range' },
				'404': error('No such data set'),
				'416': error('Range not satisfiable'),
				...readErrors(badRequest)
			}
		}
	}
];
