import { DurableObject } from 'cloudflare:workers';
import { fleetOf } from '../env';

export type ClaimResult =
	| { status: 'new'; batch: string }
	| { status: 'replay'; response: string }
	| { status: 'conflict' }
	| { status: 'pending' };

/** An idempotency key as stored (also as handed over from the fleet object). */
export type KeyRow = {
	key: string;
	body_sha256: string;
	batch: string;
	response: string | null;
	claimed_at: number;
};

/**
 * How long a claimed idempotency key without a stored result answers retries with 409 (the upload
 * is probably still running). After that a retry takes the claim over with the same batch id, so it
 * rewrites the same objects instead of adding new ones.
 */
export const PENDING_CLAIM_MS = 10_000;
/** Idempotency keys are remembered this long, then pruned by the object's alarm. */
export const IDEMPOTENCY_TTL_MS = 7 * 24 * 3600 * 1000;
/** How often the alarm prunes expired keys while the object holds any. */
const PRUNE_EVERY_MS = 3600 * 1000;

/**
 * The idempotency keys of one API token, in a Durable Object of their own (named after the token),
 * so uploads of different tokens never wait for each other and no object sits on every upload of
 * the fleet. Keys expire after IDEMPOTENCY_TTL_MS; an alarm prunes them.
 */
export class IngestGate extends DurableObject<Env> {
	readonly #sql: SqlStorage;
	#adopted = false;

	constructor(ctx: DurableObjectState, env: Env) {
		super(ctx, env);
		this.#sql = ctx.storage.sql;
		this.#sql.exec(
			`CREATE TABLE IF NOT EXISTS idempotency_keys (key TEXT PRIMARY KEY, body_sha256 TEXT NOT NULL, batch TEXT NOT NULL, response TEXT, claimed_at INTEGER NOT NULL)`
		);
		this.#sql.exec(
			`CREATE INDEX IF NOT EXISTS idempotency_claimed ON idempotency_keys (claimed_at)`
		);
		this.#sql.exec(`CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY)`);
	}

	/**
	 * Once per object: takes over the keys the fleet object held for this token before keys moved
	 * here, so a retry of a batch acknowledged before the move still replays its answer.
	 */
	async #adoptLegacy(token: string): Promise<void> {
		if (this.#adopted) return;
		const done = this.#sql
			.exec<{ n: number }>("SELECT COUNT(*) AS n FROM meta WHERE name = 'legacy_adopted'")
			.one().n;
		if (done === 0) {
			const rows = await fleetOf(this.env).takeLegacyKeys(token);
			this.ctx.storage.transactionSync(() => {
				for (const r of rows)
					this.#sql.exec(
						'INSERT OR IGNORE INTO idempotency_keys (key, body_sha256, batch, response, claimed_at) VALUES (?, ?, ?, ?, ?)',
						r.key,
						r.body_sha256,
						r.batch,
						r.response,
						r.claimed_at
					);
				this.#sql.exec("INSERT OR IGNORE INTO meta (name) VALUES ('legacy_adopted')");
			});
		}
		this.#adopted = true;
	}

	async #schedulePrune(): Promise<void> {
		if ((await this.ctx.storage.getAlarm()) === null)
			await this.ctx.storage.setAlarm(Date.now() + PRUNE_EVERY_MS);
	}

	/**
	 * Claims an idempotency key of `token` for a body. A finished key with the same body replays its response; a
	 * different body is a conflict; a key being stored right now is pending.
	 */
	async claim(
		token: string,
		key: string,
		bodySha256: string,
		newBatch: string,
		now = Date.now()
	): Promise<ClaimResult> {
		await this.#adoptLegacy(token);
		const result = this.ctx.storage.transactionSync((): ClaimResult => {
			const row = this.#sql
				.exec<KeyRow>('SELECT * FROM idempotency_keys WHERE key = ?', key)
				.toArray()[0];
			if (row && row.claimed_at >= now - IDEMPOTENCY_TTL_MS) {
				if (row.body_sha256 !== bodySha256) return { status: 'conflict' };
				if (row.response !== null) return { status: 'replay', response: row.response };
				if (now - row.claimed_at < PENDING_CLAIM_MS) return { status: 'pending' };
				this.#sql.exec('UPDATE idempotency_keys SET claimed_at = ? WHERE key = ?', now, key);
				return { status: 'new', batch: row.batch };
			}
			this.#sql.exec(
				'INSERT OR REPLACE INTO idempotency_keys (key, body_sha256, batch, response, claimed_at) VALUES (?, ?, ?, NULL, ?)',
				key,
				bodySha256,
				newBatch,
				now
			);
			return { status: 'new', batch: newBatch };
		});
		await this.#schedulePrune();
		return result;
	}

	/**
	 * Records the answer of a claimed batch once; a retry that took over a stalled claim and
	 * finishes second changes nothing. Answers whether this call completed the batch.
	 */
	complete(key: string, response: string): boolean {
		return this.ctx.storage.transactionSync(() => {
			const row = this.#sql
				.exec<{ response: string | null }>(
					'SELECT response FROM idempotency_keys WHERE key = ?',
					key
				)
				.toArray()[0];
			if (!row || row.response !== null) return false;
			this.#sql.exec('UPDATE idempotency_keys SET response = ? WHERE key = ?', response, key);
			return true;
		});
	}

	/** Gives a claim back after a failed store, so a retry can try again at once. */
	release(key: string): void {
		this.#sql.exec('DELETE FROM idempotency_keys WHERE key = ? AND response IS NULL', key);
	}

	/** Number of keys held (for tests and the capacity figures). */
	size(): number {
		return this.#sql.exec<{ n: number }>('SELECT COUNT(*) AS n FROM idempotency_keys').one().n;
	}

	/** Prunes expired keys; runs again while keys remain. */
	async alarm(): Promise<void> {
		const now = Date.now();
		this.#sql.exec('DELETE FROM idempotency_keys WHERE claimed_at < ?', now - IDEMPOTENCY_TTL_MS);
		if (this.size() > 0) await this.ctx.storage.setAlarm(now + PRUNE_EVERY_MS);
	}
}
