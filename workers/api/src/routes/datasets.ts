import { Hono, type Context } from 'hono';
import type { StoredDataset } from '../../../../src/lib/contracts/dataset';
import { requireScope } from '../auth';
import { readBody, sha256Hex } from '../body';
import { ApiError } from '../errors';
import { limits, type AppEnv } from '../env';
import { serveObject } from '../serve-object';
import { storeFromEnv, StorageError } from '../storage';

const DATASET_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,119}\.parquet$/;

function datasetName(c: Context<AppEnv>): string {
	const name = c.req.param('name') ?? '';
	if (!DATASET_NAME.test(name) || name.includes('..'))
		throw new ApiError(
			400,
			'bad_request',
			'A data set name is letters, digits, ".", "_" and "-" ending in .parquet (at most 128 characters)'
		);
	return name;
}

function isParquet(bytes: Uint8Array): boolean {
	const par1 = (at: number) =>
		bytes[at] === 0x50 &&
		bytes[at + 1] === 0x41 &&
		bytes[at + 2] === 0x52 &&
		bytes[at + 3] === 0x31;
	return bytes.byteLength >= 12 && par1(0) && par1(bytes.byteLength - 4);
}

/**
 * /api/v1/datasets: Parquet data sets (reference data, exported selections) stored as uploaded, so
 * the app's data engine can read just the footer and the column chunks it needs with HTTP range
 * requests (GET with `Range`, 206, ETag; HEAD for the size).
 */
export const datasets = new Hono<AppEnv>()
	.put('/datasets/:name', requireScope('admin'), async (c) => {
		const name = datasetName(c);
		const bytes = await readBody(c, limits(c.env).maxBodyBytes);
		if (!isParquet(bytes))
			throw new ApiError(
				400,
				'bad_request',
				`The body is not a Parquet file: it must start and end with "PAR1" (${bytes.byteLength} bytes)`
			);
		const sha256 = await sha256Hex(bytes);
		const key = `datasets/${name}`;
		try {
			await storeFromEnv(c.env).put(key, bytes, {
				contentType: 'application/vnd.apache.parquet',
				custom: { sha256 }
			});
		} catch (err) {
			if (err instanceof StorageError)
				throw new ApiError(
					503,
					'storage_unavailable',
					'Object storage did not accept the data set; retry later'
				);
			throw err;
		}
		const stored: StoredDataset = {
			schema: 'vigil.dataset-object/1',
			name,
			key,
			size: bytes.byteLength,
			sha256
		};
		return c.json(stored, 201);
	})
	.get('/datasets/:name', requireScope('read'), (c) =>
		serveObject(c, storeFromEnv(c.env), `datasets/${datasetName(c)}`)
	);
