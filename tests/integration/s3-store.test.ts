import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
// @ts-expect-error s3rver ships no types
import S3rver from 's3rver';
import { afterAll, beforeAll } from 'vitest';
import { freePort } from '../../scripts/lib/dev-server.js';
import { S3Store } from '../../workers/api/src/store/s3-store';
import { objectStoreSuite } from '../../workers/api/test/object-store-suite';

let server: { close(): Promise<void> } | undefined;
let dir: string;
let endpoint: string;
let run = 0;

beforeAll(async () => {
	dir = mkdtempSync(join(tmpdir(), 'vigil-s3rver-'));
	const port = await freePort();
	const instance = new S3rver({
		port,
		address: '127.0.0.1',
		silent: true,
		directory: dir,
		configureBuckets: [{ name: 'vigil-test' }]
	});
	await instance.run();
	server = instance;
	endpoint = `http://127.0.0.1:${port}`;
});

afterAll(async () => {
	await server?.close();
	if (dir) rmSync(dir, { recursive: true, force: true });
});

// The S3 adapter signs with SigV4 (aws4fetch) against a local S3 server: the same code path as GCS's
// XML API with HMAC keys, MinIO and AWS.
objectStoreSuite('S3 (s3rver)', async () => ({
	store: new S3Store({
		endpoint,
		bucket: 'vigil-test',
		accessKeyId: 'S3RVER',
		secretAccessKey: 'S3RVER',
		region: 'us-east-1'
	}),
	prefix: `suite-${++run}/`
}));
