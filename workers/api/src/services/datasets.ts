import type { StoredDataset } from '../../../../src/lib/contracts/dataset';
import { sha256Hex } from '../http/body';
import { ApiError } from '../errors';
import { storeFromEnv, type ByteRange } from '../store';
import { datasetKey } from '../store/keys';

/**
 * The object key of a data set name, or a 400 naming what a data set name is.
 *
 * @example
 * datasetKeyOf('reference.parquet'); // 'datasets/reference.parquet'
 */
export function datasetKeyOf(name: string): string {
	const key = datasetKey(name);
	if (!key)
		throw new ApiError(
			400,
			'bad_request',
			'A data set name is letters, digits, ".", "_" and "-" ending in .parquet (at most 128 characters)'
		);
	return key;
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
 * Stores a Parquet file as uploaded (a new upload replaces one of the same name), after checking
 * that it starts and ends with "PAR1".
 *
 * @example
 * const stored = await putDataset(env, 'reference.parquet', bytes);
 */
export async function putDataset(
	env: Env,
	name: string,
	bytes: Uint8Array
): Promise<StoredDataset> {
	const key = datasetKeyOf(name);
	if (!isParquet(bytes))
		throw new ApiError(
			400,
			'bad_request',
			`The body is not a Parquet file: it must start and end with "PAR1" (${bytes.byteLength} bytes)`
		);
	const sha256 = await sha256Hex(bytes);
	await storeFromEnv(env).put(key, bytes, {
		contentType: 'application/vnd.apache.parquet',
		custom: { sha256 }
	});
	return { schema: 'vigil.dataset-object/1', name, key, size: bytes.byteLength, sha256 };
}

/**
 * A stored data set (or the asked byte range of it), or null.
 *
 * @example
 * const object = await readDataset(env, 'reference.parquet', { suffix: 8 });
 */
export function readDataset(env: Env, name: string, range?: ByteRange) {
	return storeFromEnv(env).get(datasetKeyOf(name), { range });
}
