import { DurableObject } from 'cloudflare:workers';
import type { MetricsSnapshot } from '../../../../src/lib/contracts/metrics';
import { INFERENCE_LATENCY_BUCKETS } from '../../../../src/lib/contracts/metrics';
import type { ModelStage, ModelVersionEntry } from '../../../../src/lib/contracts/models-registry';
import type { KeyRow } from './ingest-gate';

type Labels = Record<string, string>;

export type CounterRow = {
	name: string;
	labels: Labels;
	value: number;
};

export type HistogramRow = {
	name: string;
	labels: Labels;
	bounds: number[];
	/** Non-cumulative counts per bucket, the last one being +Inf. */
	counts: number[];
	sum: number;
};

export type ModelGauges = {
	model: string;
	drift_share: number | null;
	drifted: number | null;
	rmse: number | null;
	mae: number | null;
	accuracy: number | null;
	f1: number | null;
	updated_at: number;
	last_report_at: number | null;
	last_prediction_at: number | null;
};

export type FeatureScore = {
	model: string;
	feature: string;
	method: string;
	score: number;
};

/** Fields of a report kept in the index for filtering, paging and the monitoring gauges. */
export type ReportIndexEntry = {
	id: string;
	model: string;
	model_version: string | null;
	created_at: number;
	drifted: boolean;
	drift_share: number;
	has_html: boolean;
	rmse?: number | null;
	mae?: number | null;
	accuracy?: number | null;
	f1?: number | null;
	features?: { feature: string; method: string; score: number }[];
	/** Gauges of the report's advanced block (multivariate, CBPE, streaming). */
	advanced?: { name: string; labels: Labels; value: number }[];
};

/** A row of the report index (times in epoch milliseconds, flags as 0/1). */
export type ReportRow = {
	id: string;
	model: string;
	model_version: string | null;
	created_at: number;
	drifted: number;
	drift_share: number;
	has_html: number;
};

/** Which reports to list, newest first. */
export type ReportFilter = {
	model?: string;
	since?: number;
	until?: number;
	drifted?: boolean;
	/** `created_at:id` of the last report of the previous page. */
	after?: { created_at: number; id: string };
	limit: number;
};

/** One advanced gauge of a model's newest report; `labels` excludes `model`. */
export type AdvancedGaugeRow = { model: string; name: string; labels: Labels; value: number };

export type StoredBatchRow = {
	key: string;
	model: string;
	model_version: string;
	device: string;
	date: string;
	records: number;
};

function labelKey(labels: Labels): string {
	return JSON.stringify(Object.entries(labels).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

function parseLabels(key: string): Labels {
	return Object.fromEntries(JSON.parse(key) as [string, string][]);
}

/**
 * The fleet's registry in one Durable Object with SQLite storage: the model registry (one
 * serialized writer is what makes "promote archives the previous production" atomic), the index of
 * stored batches and reports, the monitoring job's cursors, device counters and histograms and the
 * latest gauges per model. Idempotency keys live per token (IngestGate), the API's request counts
 * in metrics shards (MetricsShard) and the rate limit in Cloudflare's Rate Limiting binding, so
 * nothing here is on the path of every request.
 */
export class FleetAggregator extends DurableObject<Env> {
	readonly #sql: SqlStorage;

	constructor(ctx: DurableObjectState, env: Env) {
		super(ctx, env);
		this.#sql = ctx.storage.sql;
		ctx.blockConcurrencyWhile(async () => {
			for (const ddl of [
				`CREATE TABLE IF NOT EXISTS counters (name TEXT NOT NULL, labels TEXT NOT NULL, value REAL NOT NULL, PRIMARY KEY (name, labels))`,
				`CREATE TABLE IF NOT EXISTS histograms (name TEXT NOT NULL, labels TEXT NOT NULL, bounds TEXT NOT NULL, counts TEXT NOT NULL, sum REAL NOT NULL, PRIMARY KEY (name, labels))`,
				`CREATE TABLE IF NOT EXISTS devices (device TEXT PRIMARY KEY, last_seen INTEGER NOT NULL)`,
				`CREATE TABLE IF NOT EXISTS snapshot_ids (id TEXT PRIMARY KEY, at INTEGER NOT NULL)`,
				`CREATE TABLE IF NOT EXISTS model_gauges (model TEXT PRIMARY KEY, drift_share REAL, drifted INTEGER, rmse REAL, mae REAL, accuracy REAL, f1 REAL, updated_at INTEGER NOT NULL, last_report_at INTEGER, last_prediction_at INTEGER)`,
				`CREATE TABLE IF NOT EXISTS feature_scores (model TEXT NOT NULL, feature TEXT NOT NULL, method TEXT NOT NULL, score REAL NOT NULL, PRIMARY KEY (model, feature, method))`,
				`CREATE TABLE IF NOT EXISTS idempotency_keys (key TEXT PRIMARY KEY, body_sha256 TEXT NOT NULL, batch TEXT NOT NULL, response TEXT, claimed_at INTEGER NOT NULL)`,
				`CREATE TABLE IF NOT EXISTS batches (seq INTEGER PRIMARY KEY AUTOINCREMENT, key TEXT NOT NULL UNIQUE, model TEXT NOT NULL, model_version TEXT NOT NULL, device TEXT NOT NULL, date TEXT NOT NULL, records INTEGER NOT NULL, stored_at INTEGER NOT NULL)`,
				`CREATE INDEX IF NOT EXISTS batches_model ON batches (model, seq)`,
				`CREATE TABLE IF NOT EXISTS reports (id TEXT PRIMARY KEY, model TEXT NOT NULL, model_version TEXT, created_at INTEGER NOT NULL, drifted INTEGER NOT NULL, drift_share REAL NOT NULL, has_html INTEGER NOT NULL)`,
				`CREATE INDEX IF NOT EXISTS reports_model ON reports (model, created_at)`,
				`CREATE TABLE IF NOT EXISTS models (name TEXT NOT NULL, version TEXT NOT NULL, stage TEXT NOT NULL, sha256 TEXT NOT NULL, size_bytes INTEGER NOT NULL, created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL, has_reference_profile INTEGER NOT NULL, PRIMARY KEY (name, version))`,
				`CREATE TABLE IF NOT EXISTS monitor_cursors (model TEXT PRIMARY KEY, last_seq INTEGER NOT NULL, last_run_at INTEGER NOT NULL, last_outcome TEXT NOT NULL, last_message TEXT NOT NULL)`,
				`CREATE TABLE IF NOT EXISTS advanced_gauges (model TEXT NOT NULL, name TEXT NOT NULL, labels TEXT NOT NULL, value REAL NOT NULL, PRIMARY KEY (model, name, labels))`,
				// The rate limit moved to the Rate Limiting binding; its buckets are not kept.
				`DROP TABLE IF EXISTS rate_buckets`
			])
				this.#sql.exec(ddl);
		});
	}

	// ── counters and histograms ────────────────────────────────────────────────────────────────

	/** Adds `delta` to a counter; labels are serialized in a stable order. */
	increment(name: string, labels: Labels, delta = 1): void {
		this.#sql.exec(
			`INSERT INTO counters (name, labels, value) VALUES (?, ?, ?)
			 ON CONFLICT (name, labels) DO UPDATE SET value = value + excluded.value`,
			name,
			labelKey(labels),
			delta
		);
	}

	#observe(name: string, labels: Labels, bounds: readonly number[], counts: number[], sum: number) {
		const key = labelKey(labels);
		const row = this.#sql
			.exec<{ counts: string; sum: number }>(
				'SELECT counts, sum FROM histograms WHERE name = ? AND labels = ?',
				name,
				key
			)
			.toArray()[0];
		const merged = row
			? (JSON.parse(row.counts) as number[]).map((c, i) => c + (counts[i] ?? 0))
			: counts;
		this.#sql.exec(
			`INSERT INTO histograms (name, labels, bounds, counts, sum) VALUES (?, ?, ?, ?, ?)
			 ON CONFLICT (name, labels) DO UPDATE SET counts = excluded.counts, sum = excluded.sum`,
			name,
			key,
			JSON.stringify(bounds),
			JSON.stringify(merged),
			(row?.sum ?? 0) + sum
		);
	}

	/** Every counter as `{ name, labels, value }`. */
	counters(): CounterRow[] {
		return this.#sql
			.exec<{ name: string; labels: string; value: number }>(
				'SELECT name, labels, value FROM counters ORDER BY name, labels'
			)
			.toArray()
			.map((row) => ({ name: row.name, labels: parseLabels(row.labels), value: row.value }));
	}

	histograms(): HistogramRow[] {
		return this.#sql
			.exec<{ name: string; labels: string; bounds: string; counts: string; sum: number }>(
				'SELECT name, labels, bounds, counts, sum FROM histograms ORDER BY name, labels'
			)
			.toArray()
			.map((row) => ({
				name: row.name,
				labels: parseLabels(row.labels),
				bounds: JSON.parse(row.bounds) as number[],
				counts: JSON.parse(row.counts) as number[],
				sum: row.sum
			}));
	}

	// ── fleet snapshots and gauges ─────────────────────────────────────────────────────────────

	#gauges(
		model: string,
		at: number,
		set: Partial<Omit<ModelGauges, 'model' | 'updated_at'>>
	): void {
		const columns = Object.keys(set) as (keyof typeof set)[];
		this.#sql.exec(
			`INSERT INTO model_gauges (model, updated_at${columns.map((c) => `, ${c}`).join('')})
			 VALUES (?, ?${columns.map(() => ', ?').join('')})
			 ON CONFLICT (model) DO UPDATE SET updated_at = MAX(updated_at, excluded.updated_at)${columns
					.map((c) => `, ${c} = excluded.${c}`)
					.join('')}`,
			model,
			at,
			...columns.map((c) => set[c] ?? null)
		);
	}

	#featureScores(
		model: string,
		features: { feature: string; method: string; score: number }[]
	): void {
		// The latest computation replaces the previous one: a feature that is no longer scored disappears.
		this.#sql.exec('DELETE FROM feature_scores WHERE model = ?', model);
		for (const f of features)
			this.#sql.exec(
				'INSERT OR REPLACE INTO feature_scores (model, feature, method, score) VALUES (?, ?, ?, ?)',
				model,
				f.feature,
				f.method,
				f.score
			);
	}

	/** Adds a device's snapshot once (by id); answers whether it was new. */
	ingestSnapshot(snapshot: MetricsSnapshot, now = Date.now()): { duplicate: boolean } {
		return this.ctx.storage.transactionSync(() => {
			const seen = this.#sql.exec('SELECT 1 FROM snapshot_ids WHERE id = ?', snapshot.id).toArray();
			if (seen.length > 0) return { duplicate: true };
			this.#sql.exec('INSERT INTO snapshot_ids (id, at) VALUES (?, ?)', snapshot.id, now);
			this.#sql.exec(
				'INSERT INTO devices (device, last_seen) VALUES (?, ?) ON CONFLICT (device) DO UPDATE SET last_seen = MAX(last_seen, excluded.last_seen)',
				snapshot.device,
				now
			);
			const labels = { model: snapshot.model, model_version: snapshot.model_version };
			const c = snapshot.counters;
			this.increment('vigil_predictions_total', labels, c.predictions);
			this.increment('vigil_inference_errors_total', labels, c.inference_errors);
			this.increment('vigil_input_validation_errors_total', labels, c.validation_errors);
			const h = snapshot.inference_latency;
			if (h)
				this.#observe(
					'vigil_inference_latency_seconds',
					labels,
					INFERENCE_LATENCY_BUCKETS,
					h.counts,
					h.sum_seconds
				);
			const at = Date.parse(snapshot.ts);
			const set: Partial<ModelGauges> = {};
			if (snapshot.drift) {
				set.drift_share = snapshot.drift.drift_share;
				set.drifted = snapshot.drift.drifted ? 1 : 0;
				this.#featureScores(snapshot.model, snapshot.drift.features);
			}
			const p = snapshot.performance;
			if (p)
				for (const k of ['rmse', 'mae', 'accuracy', 'f1'] as const)
					if (p[k] !== undefined) set[k] = p[k];
			if (c.predictions > 0) set.last_prediction_at = at;
			this.#gauges(snapshot.model, at, set);
			return { duplicate: false };
		});
	}

	/** Everything GET /metrics renders, in one round trip. */
	metricsState(devicesSince: number): {
		counters: CounterRow[];
		histograms: HistogramRow[];
		gauges: ModelGauges[];
		features: FeatureScore[];
		advanced: AdvancedGaugeRow[];
		devicesSeen: number;
	} {
		return {
			counters: this.counters(),
			histograms: this.histograms(),
			gauges: this.modelGauges(),
			features: this.featureScores(),
			advanced: this.advancedGauges(),
			devicesSeen: this.devicesSeenSince(devicesSince)
		};
	}

	devicesSeenSince(since: number): number {
		return this.#sql
			.exec<{ n: number }>('SELECT COUNT(*) AS n FROM devices WHERE last_seen >= ?', since)
			.one().n;
	}

	modelGauges(): ModelGauges[] {
		return this.#sql.exec<ModelGauges>('SELECT * FROM model_gauges ORDER BY model').toArray();
	}

	advancedGauges(): AdvancedGaugeRow[] {
		return this.#sql
			.exec<{ model: string; name: string; labels: string; value: number }>(
				'SELECT model, name, labels, value FROM advanced_gauges ORDER BY name, model, labels'
			)
			.toArray()
			.map((r) => ({
				model: r.model,
				name: r.name,
				labels: parseLabels(r.labels),
				value: r.value
			}));
	}

	featureScores(model?: string): FeatureScore[] {
		return model === undefined
			? this.#sql
					.exec<FeatureScore>('SELECT * FROM feature_scores ORDER BY model, feature, method')
					.toArray()
			: this.#sql
					.exec<FeatureScore>(
						'SELECT * FROM feature_scores WHERE model = ? ORDER BY feature, method',
						model
					)
					.toArray();
	}

	// ── stored batches ─────────────────────────────────────────────────────────────────────────

	/**
	 * Indexes the stored objects of a batch for the monitoring job and counts its records, once: a
	 * retry that rewrote the same objects under the same batch id adds nothing.
	 */
	recordBatches(
		rows: StoredBatchRow[],
		versions: { model: string; model_version: string; records: number }[],
		now = Date.now()
	): void {
		this.ctx.storage.transactionSync(() => {
			let inserted = 0;
			for (const row of rows) {
				inserted += this.#sql.exec(
					'INSERT OR IGNORE INTO batches (key, model, model_version, device, date, records, stored_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
					row.key,
					row.model,
					row.model_version,
					row.device,
					row.date,
					row.records,
					now
				).rowsWritten;
				this.#gauges(row.model, now, { last_prediction_at: now });
			}
			if (inserted === 0) return;
			for (const v of versions)
				this.increment(
					'vigil_prediction_records_stored_total',
					{ model: v.model, model_version: v.model_version },
					v.records
				);
		});
	}

	/**
	 * Hands over the idempotency keys this object held for one token before keys moved to a
	 * Durable Object per token (IngestGate), and forgets them here.
	 */
	takeLegacyKeys(token: string): KeyRow[] {
		const prefix = `${token}\u0000`;
		// Filtered here, not in SQL: the keys hold a NUL, which SQLite's text functions stop at.
		const rows = this.#sql
			.exec<KeyRow>('SELECT key, body_sha256, batch, response, claimed_at FROM idempotency_keys')
			.toArray()
			.filter((r) => r.key.startsWith(prefix));
		for (const r of rows) this.#sql.exec('DELETE FROM idempotency_keys WHERE key = ?', r.key);
		return rows;
	}

	// ── monitoring job bookkeeping ─────────────────────────────────────────────────────────────

	/** Models with at least `min` records stored after their cursor, with the batches to read. */
	pendingModels(
		min: number
	): { model: string; after_seq: number; up_to_seq: number; records: number }[] {
		return this.#sql
			.exec<{ model: string; after_seq: number; up_to_seq: number; records: number }>(
				`SELECT b.model AS model, COALESCE(c.last_seq, 0) AS after_seq, MAX(b.seq) AS up_to_seq, SUM(b.records) AS records
				 FROM batches b LEFT JOIN monitor_cursors c ON c.model = b.model
				 WHERE b.seq > COALESCE(c.last_seq, 0)
				 GROUP BY b.model HAVING SUM(b.records) >= ? ORDER BY b.model`,
				min
			)
			.toArray();
	}

	batchesBetween(
		model: string,
		afterSeq: number,
		upToSeq: number
	): (StoredBatchRow & { seq: number })[] {
		return this.#sql
			.exec<StoredBatchRow & { seq: number }>(
				'SELECT seq, key, model, model_version, device, date, records FROM batches WHERE model = ? AND seq > ? AND seq <= ? ORDER BY seq',
				model,
				afterSeq,
				upToSeq
			)
			.toArray();
	}

	/** Moves a model's cursor and counts the run by outcome (`report`, `skipped`, `failed`). */
	recordMonitorRun(
		model: string,
		upToSeq: number,
		outcome: string,
		message: string,
		now = Date.now()
	): void {
		this.ctx.storage.transactionSync(() => {
			this.#sql.exec(
				`INSERT INTO monitor_cursors (model, last_seq, last_run_at, last_outcome, last_message) VALUES (?, ?, ?, ?, ?)
				 ON CONFLICT (model) DO UPDATE SET last_seq = excluded.last_seq, last_run_at = excluded.last_run_at, last_outcome = excluded.last_outcome, last_message = excluded.last_message`,
				model,
				upToSeq,
				now,
				outcome,
				message
			);
			this.increment('vigil_monitoring_runs_total', { model, outcome });
		});
	}

	monitorCursors(): {
		model: string;
		last_seq: number;
		last_run_at: number;
		last_outcome: string;
		last_message: string;
	}[] {
		return this.#sql
			.exec<{
				model: string;
				last_seq: number;
				last_run_at: number;
				last_outcome: string;
				last_message: string;
			}>('SELECT * FROM monitor_cursors ORDER BY model')
			.toArray();
	}

	// ── reports ────────────────────────────────────────────────────────────────────────────────

	/** Indexes a stored report once; updates the model's gauges when it is the newest. */
	recordReport(entry: ReportIndexEntry): { duplicate: boolean } {
		return this.ctx.storage.transactionSync(() => {
			if (this.#sql.exec('SELECT 1 FROM reports WHERE id = ?', entry.id).toArray().length > 0)
				return { duplicate: true };
			this.#sql.exec(
				'INSERT INTO reports (id, model, model_version, created_at, drifted, drift_share, has_html) VALUES (?, ?, ?, ?, ?, ?, ?)',
				entry.id,
				entry.model,
				entry.model_version,
				entry.created_at,
				entry.drifted ? 1 : 0,
				entry.drift_share,
				entry.has_html ? 1 : 0
			);
			this.increment('vigil_reports_stored_total', { model: entry.model });
			const newest = this.#sql
				.exec<{ id: string }>(
					'SELECT id FROM reports WHERE model = ? ORDER BY created_at DESC, id DESC LIMIT 1',
					entry.model
				)
				.one();
			if (newest.id === entry.id) {
				const set: Partial<ModelGauges> = {
					drift_share: entry.drift_share,
					drifted: entry.drifted ? 1 : 0,
					last_report_at: entry.created_at
				};
				for (const k of ['rmse', 'mae', 'accuracy', 'f1'] as const)
					if (typeof entry[k] === 'number') set[k] = entry[k];
				this.#gauges(entry.model, entry.created_at, set);
				if (entry.features) this.#featureScores(entry.model, entry.features);
				// Like the feature scores, the newest report replaces the model's advanced gauges.
				this.#sql.exec('DELETE FROM advanced_gauges WHERE model = ?', entry.model);
				for (const g of entry.advanced ?? [])
					this.#sql.exec(
						'INSERT OR REPLACE INTO advanced_gauges (model, name, labels, value) VALUES (?, ?, ?, ?)',
						entry.model,
						g.name,
						labelKey(g.labels),
						g.value
					);
			}
			return { duplicate: false };
		});
	}

	listReports(filter: ReportFilter): ReportRow[] {
		const where: string[] = [];
		const args: (string | number)[] = [];
		if (filter.model !== undefined) {
			where.push('model = ?');
			args.push(filter.model);
		}
		if (filter.since !== undefined) {
			where.push('created_at >= ?');
			args.push(filter.since);
		}
		if (filter.until !== undefined) {
			where.push('created_at < ?');
			args.push(filter.until);
		}
		if (filter.drifted !== undefined) {
			where.push('drifted = ?');
			args.push(filter.drifted ? 1 : 0);
		}
		if (filter.after) {
			where.push('(created_at < ? OR (created_at = ? AND id < ?))');
			args.push(filter.after.created_at, filter.after.created_at, filter.after.id);
		}
		return this.#sql
			.exec<ReportRow>(
				`SELECT id, model, model_version, created_at, drifted, drift_share, has_html FROM reports
				 ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY created_at DESC, id DESC LIMIT ?`,
				...args,
				filter.limit
			)
			.toArray();
	}

	// ── model registry ─────────────────────────────────────────────────────────────────────────

	#modelRow(name: string, version: string): ModelVersionEntry | null {
		const row = this.#sql
			.exec<{
				name: string;
				version: string;
				stage: string;
				sha256: string;
				size_bytes: number;
				created_at: number;
				updated_at: number;
				has_reference_profile: number;
			}>('SELECT * FROM models WHERE name = ? AND version = ?', name, version)
			.toArray()[0];
		return row ? toEntry(row) : null;
	}

	/** Registers a version; a version already registered with other bytes is refused (versions are immutable). */
	registerModel(
		entry: {
			name: string;
			version: string;
			sha256: string;
			size_bytes: number;
			has_reference_profile: boolean;
		},
		now = Date.now()
	): { status: 'created' | 'same' | 'conflict'; entry: ModelVersionEntry } {
		return this.ctx.storage.transactionSync(() => {
			const existing = this.#modelRow(entry.name, entry.version);
			if (existing)
				return {
					status: existing.sha256 === entry.sha256 ? 'same' : 'conflict',
					entry: existing
				} as const;
			this.#sql.exec(
				'INSERT INTO models (name, version, stage, sha256, size_bytes, created_at, updated_at, has_reference_profile) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
				entry.name,
				entry.version,
				'none',
				entry.sha256,
				entry.size_bytes,
				now,
				now,
				entry.has_reference_profile ? 1 : 0
			);
			return { status: 'created', entry: this.#modelRow(entry.name, entry.version)! } as const;
		});
	}

	markReferenceProfile(name: string, version: string, now = Date.now()): void {
		this.#sql.exec(
			'UPDATE models SET has_reference_profile = 1, updated_at = ? WHERE name = ? AND version = ?',
			now,
			name,
			version
		);
	}

	getModel(name: string, version: string): ModelVersionEntry | null {
		return this.#modelRow(name, version);
	}

	listModels(filter: { name?: string; stage?: ModelStage } = {}): ModelVersionEntry[] {
		const where: string[] = [];
		const args: string[] = [];
		if (filter.name) {
			where.push('name = ?');
			args.push(filter.name);
		}
		if (filter.stage) {
			where.push('stage = ?');
			args.push(filter.stage);
		}
		return this.#sql
			.exec<{
				name: string;
				version: string;
				stage: string;
				sha256: string;
				size_bytes: number;
				created_at: number;
				updated_at: number;
				has_reference_profile: number;
			}>(
				`SELECT * FROM models ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY name, created_at, version`,
				...args
			)
			.toArray()
			.map(toEntry);
	}

	/** Moves a version to a stage; promoting to production archives the previous production version. */
	promote(
		name: string,
		version: string,
		stage: 'production' | 'staging' | 'archived',
		now = Date.now()
	): { entry: ModelVersionEntry; archived: string[] } | null {
		return this.ctx.storage.transactionSync(() => {
			if (!this.#modelRow(name, version)) return null;
			const archived: string[] = [];
			if (stage === 'production') {
				for (const row of this.#sql
					.exec<{ version: string }>(
						"SELECT version FROM models WHERE name = ? AND stage = 'production' AND version != ?",
						name,
						version
					)
					.toArray())
					archived.push(row.version);
				this.#sql.exec(
					"UPDATE models SET stage = 'archived', updated_at = ? WHERE name = ? AND stage = 'production' AND version != ?",
					now,
					name,
					version
				);
			}
			this.#sql.exec(
				'UPDATE models SET stage = ?, updated_at = ? WHERE name = ? AND version = ?',
				stage,
				now,
				name,
				version
			);
			return { entry: this.#modelRow(name, version)!, archived };
		});
	}
}

function toEntry(row: {
	name: string;
	version: string;
	stage: string;
	sha256: string;
	size_bytes: number;
	created_at: number;
	updated_at: number;
	has_reference_profile: number;
}): ModelVersionEntry {
	return {
		schema: 'vigil.model-version/1',
		name: row.name,
		version: row.version,
		stage: row.stage as ModelStage,
		sha256: row.sha256,
		size_bytes: row.size_bytes,
		created_at: new Date(row.created_at).toISOString(),
		updated_at: new Date(row.updated_at).toISOString(),
		has_reference_profile: row.has_reference_profile === 1
	};
}
