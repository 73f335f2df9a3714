import { mkdir, readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { PredictionIngestResult, PredictionRecord } from '../../src/lib/contracts/prediction';
import { ApiStatusError, ApiUnreachableError, type ApiClient } from '../lib/api.ts';
import { writeAtomic } from '../lib/files.ts';

/** A batch waiting to be acknowledged: its idempotency key (a ULID) and its records. */
export interface SpooledBatch {
	key: string;
	records: PredictionRecord[];
}

/**
 * Unsent batches on disk, one JSON file per batch named by its key. A batch is written before it is
 * sent and removed only once the API has acknowledged it, so a crash or an outage loses nothing;
 * the key (the Idempotency-Key header) makes a resend of an acknowledged-but-unrecorded batch safe.
 *
 * @example
 * const spool = await Spool.open('.vigil/spool');
 * await spool.add({ key: ulid(), records });
 * await spool.flush(api);
 */
export class Spool {
	private constructor(readonly dir: string) {}

	static async open(dir: string): Promise<Spool> {
		await mkdir(dir, { recursive: true });
		return new Spool(dir);
	}

	async add(batch: SpooledBatch): Promise<void> {
		await writeAtomic(join(this.dir, `${batch.key}.json`), JSON.stringify(batch));
	}

	/** Keys waiting, oldest first (ULIDs sort by time). */
	async pending(): Promise<string[]> {
		return (await readdir(this.dir))
			.filter((f) => /^[0-9A-HJKMNP-TV-Z]{26}\.json$/.test(f))
			.map((f) => f.slice(0, -5))
			.sort();
	}

	async read(key: string): Promise<SpooledBatch> {
		return JSON.parse(await readFile(join(this.dir, `${key}.json`), 'utf8')) as SpooledBatch;
	}

	async remove(key: string): Promise<void> {
		await rm(join(this.dir, `${key}.json`), { force: true });
	}

	/**
	 * Sends waiting batches oldest first until one cannot be delivered now (unreachable, 5xx, 429):
	 * then it stops and leaves the rest for later. A refusal (other 4xx) is thrown: retrying the
	 * same bytes cannot succeed, and the batch stays on disk.
	 */
	async flush(api: ApiClient): Promise<{
		sent: number;
		records: number;
		replayed: number;
		waiting: number;
		lastError?: string;
	}> {
		const keys = await this.pending();
		let sent = 0;
		let records = 0;
		let replayed = 0;
		for (let i = 0; i < keys.length; i++) {
			const batch = await this.read(keys[i]);
			try {
				const result = await api.json<PredictionIngestResult>('POST', '/api/v1/predictions', {
					body: JSON.stringify(batch.records),
					headers: { 'content-type': 'application/json', 'idempotency-key': batch.key }
				});
				if (result.replayed) replayed++;
			} catch (err) {
				if (err instanceof ApiUnreachableError || (err instanceof ApiStatusError && err.retry))
					return { sent, records, replayed, waiting: keys.length - i, lastError: err.message };
				throw err;
			}
			await this.remove(batch.key);
			sent++;
			records += batch.records.length;
		}
		return { sent, records, replayed, waiting: 0 };
	}
}
