import { resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { monotonicFactory } from 'ulid';
import type { PredictionRecord } from '../../src/lib/contracts/prediction';
import type { ColumnData } from '../../src/lib/drift/types';
import type { TabularModel } from '../../src/lib/ml/model-session';
import { CliError, EXIT, type Command, type CommandContext } from '../command.ts';
import { ApiClient, apiCliError } from '../lib/api.ts';
import { asCliError } from '../lib/errors.ts';
import { loadModel } from '../lib/model.ts';
import { cardPathFor, demoDataFor } from '../lib/model-lookup.ts';
import { numberOption, stringOption, strings } from '../lib/options.ts';
import { ProgressBar } from '../lib/progress.ts';
import { loadTable } from '../lib/tables.ts';
import {
	DriftInjector,
	DriftSpecError,
	parseDriftSpec,
	type ColumnStats,
	type FeatureValue
} from '../simulate/inject.ts';
import { Spool } from '../simulate/spool.ts';

/** Values of one column as feature values: numbers (NaN → null) or category strings. */
function featureValues(col: ColumnData, numeric: boolean): FeatureValue[] {
	if (col.type === 'numerical')
		return Array.from(col.values, (v) => (Number.isFinite(v) ? v : null));
	const cats = col.categories.map((c) =>
		numeric && c.trim() !== '' && Number.isFinite(Number(c)) ? Number(c) : c
	);
	return Array.from(col.codes, (k) => (k < 0 ? null : cats[k]));
}

function statsOf(values: FeatureValue[]): ColumnStats & { fallback: FeatureValue } {
	const nums = values.filter((v): v is number => typeof v === 'number');
	if (nums.length > 0 && nums.length === values.filter((v) => v !== null).length) {
		const mean = nums.reduce((a, b) => a + b, 0) / nums.length;
		const std = Math.sqrt(nums.reduce((a, b) => a + (b - mean) ** 2, 0) / nums.length);
		const sorted = [...nums].sort((a, b) => a - b);
		return { type: 'numerical', mean, std, fallback: sorted[Math.floor(sorted.length / 2)] };
	}
	const counts = new Map<FeatureValue, number>();
	for (const v of values) if (v !== null) counts.set(v, (counts.get(v) ?? 0) + 1);
	const mode = [...counts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? null;
	return { type: 'categorical', fallback: mode };
}

/**
 * The model's input for a batch of (possibly drifted) records. A device guards its model the same
 * way: a missing value the card rejects gets the replayed data's median (or most frequent
 * category), a number outside the card's range is clamped, an unknown category becomes the most
 * frequent one. The records keep the drifted values; only the model call sees the guarded ones.
 */
function guardedInput(
	model: TabularModel,
	rows: Record<string, FeatureValue>[],
	fallback: Record<string, FeatureValue>
): Record<string, (number | string | null)[]> {
	const out: Record<string, (number | string | null)[]> = {};
	for (const f of model.card.features) {
		const known = f.categories ? new Set(f.categories) : undefined;
		out[f.name] = rows.map((r) => {
			let v = r[f.name];
			if (typeof v === 'boolean') v = String(v);
			if (v === null || v === undefined)
				return f.missing === 'reject' ? (fallback[f.name] as number | string) : null;
			if (typeof v === 'number' && f.range) return Math.min(f.range.max, Math.max(f.range.min, v));
			if (typeof v === 'string' && known && !known.has(v.trim())) return fallback[f.name] as string;
			return v;
		});
	}
	return out;
}

async function runSimulate(values: Record<string, unknown>, ctx: CommandContext): Promise<number> {
	const apiUrl = stringOption(values, 'api');
	const token = stringOption(values, 'token');
	const modelName = stringOption(values, 'model');
	if (!apiUrl) throw new CliError('--api URL is required');
	if (!token) throw new CliError('--token is required');
	if (!modelName) throw new CliError('--model NAME is required');
	const api = new ApiClient(apiUrl, token);
	const spool = await Spool.open(
		resolve(stringOption(values, 'spool') ?? `.vigil/spool/${modelName}`)
	);
	const drainTimeout = numberOption(values, 'drain-timeout') ?? 60;
	const progress = (m: string) => ctx.stderr(`… ${m}\n`);

	const drain = async (deadlineMs: number) => {
		let totals = { sent: 0, records: 0, replayed: 0 };
		let last;
		for (;;) {
			last = await spool.flush(api).catch((err) => {
				throw apiCliError(err);
			});
			totals = {
				sent: totals.sent + last.sent,
				records: totals.records + last.records,
				replayed: totals.replayed + last.replayed
			};
			if (last.waiting === 0 || Date.now() >= deadlineMs) break;
			await sleep(1000);
		}
		if (last.waiting > 0)
			throw new CliError(
				`${last.lastError}; ${last.waiting} unsent batch${last.waiting > 1 ? 'es' : ''} kept in ${spool.dir}, run again with --resend to send them`
			);
		return totals;
	};

	if (values.resend) {
		const waiting = (await spool.pending()).length;
		progress(`resending ${waiting} spooled batches from ${spool.dir}`);
		const t = await drain(Date.now() + drainTimeout * 1000);
		if (ctx.format === 'json') ctx.stdout(`${JSON.stringify({ resent: t })}\n`);
		else
			ctx.stdout(`resent ${t.sent} batches (${t.records} records, ${t.replayed} already stored)\n`);
		return EXIT.ok;
	}

	const rate = numberOption(values, 'rate') ?? 50;
	const duration = numberOption(values, 'duration') ?? 600;
	const speed = numberOption(values, 'speed') ?? 1;
	const seed = numberOption(values, 'seed') ?? 1;
	if (!(rate > 0)) throw new CliError(`--rate must be > 0 records per second, got ${rate}`);
	if (!(duration > 0)) throw new CliError(`--duration must be > 0 seconds, got ${duration}`);
	if (!(speed > 0)) throw new CliError(`--speed must be > 0, got ${speed}`);
	let specs;
	try {
		specs = strings(values, 'drift').map(parseDriftSpec);
	} catch (err) {
		if (err instanceof DriftSpecError) throw new CliError(err.message);
		throw err;
	}
	for (const s of specs)
		if (s.at >= duration)
			throw new CliError(`--drift at=${s.at} is not within --duration ${duration} s`);
	const device = stringOption(values, 'device') ?? 'vigil-simulate';

	const model = await loadModel(cardPathFor(modelName, stringOption(values, 'card')), '--card');
	const card = model.card;
	const dataPath = stringOption(values, 'data') ?? demoDataFor(card.reference.location);
	progress(`reading ${dataPath}`);
	const probe = await loadTable('--data', dataPath);
	const featureNames = card.features.map((f) => f.name);
	const hasTarget = probe.info.columns.some((c) => c.name === card.target.name);
	const names = [...featureNames, ...(hasTarget ? [card.target.name] : [])];
	const table = await loadTable('--data', dataPath, names);
	const numeric = new Set(card.features.filter((f) => f.dtype !== 'string').map((f) => f.name));
	const columns = Object.fromEntries(
		table.columns.map((c) => [
			c.name,
			featureValues(c, numeric.has(c.name) || c.name === card.target.name)
		])
	);
	const rows = table.info.rows;
	if (rows === 0) throw new CliError(`--data: '${dataPath}' has no rows`);
	const stats = Object.fromEntries(featureNames.map((n) => [n, statsOf(columns[n])]));
	const fallback = Object.fromEntries(featureNames.map((n) => [n, stats[n].fallback]));
	let injector;
	try {
		injector = new DriftInjector(specs, stats, seed);
	} catch (err) {
		if (err instanceof DriftSpecError) throw new CliError(err.message);
		throw err;
	}

	const total = Math.max(1, Math.round(rate * duration));
	const perBatch = Math.max(1, Math.min(1000, Math.round(rate)));
	const nextId = monotonicFactory();
	const t0 = Date.now();
	if (ctx.format === 'human')
		ctx.stdout(
			`replaying ${rows} rows of ${dataPath} through ${model.id}: ${total} records at ${rate}/s for ${duration} s${speed !== 1 ? ` (${speed}× faster)` : ''} into ${api.base}\n`
		);
	const bar = new ProgressBar(ctx.stderr, ctx.interactive, total);
	let announced = 0;
	let waiting = 0;
	let lastError: string | undefined;
	let sentRecords = 0;
	let batches = 0;
	for (let start = 0; start < total; start += perBatch) {
		const end = Math.min(total, start + perBatch);
		// Real-time pacing: a batch leaves when its last record's (scaled) time has come.
		const due = t0 + ((end / rate) * 1000) / speed;
		const wait = due - Date.now();
		if (wait > 0) await sleep(wait);
		const batchRows: Record<string, FeatureValue>[] = [];
		const stamps: string[] = [];
		for (let i = start; i < end; i++) {
			const row = i % rows;
			const seconds = i / rate;
			const ts = new Date(t0 + seconds * 1000).toISOString();
			const features: Record<string, FeatureValue> = {};
			for (const n of featureNames) features[n] = columns[n][row];
			batchRows.push(injector.apply(i, seconds, ts, features));
			stamps.push(ts);
		}
		for (; announced < injector.events.length; announced++) {
			const e = injector.events[announced];
			if (ctx.format === 'human') {
				bar.done();
				ctx.stdout(
					`injected ${e.spec.kind} on '${e.spec.column}'${e.spec.kind === 'freeze' ? '' : ` (amount ${e.spec.amount}${e.spec.value ? `, value '${e.spec.value}'` : ''})`} from record ${e.record} at ${e.ts} (t=${e.spec.at} s)\n`
				);
			}
		}
		let scores;
		try {
			scores = await model.predict(guardedInput(model, batchRows, fallback));
		} catch (err) {
			throw asCliError(err, '--model');
		}
		const out = scores.outputs;
		const records: PredictionRecord[] = batchRows.map((features, k) => {
			const i = start + k;
			const record: PredictionRecord = {
				id: nextId(),
				model: card.name,
				model_version: card.version,
				device,
				ts: stamps[k],
				features,
				prediction: 0
			};
			if (card.task === 'regression') {
				record.prediction = Number((out[card.onnx.output_names[0]].data as Float32Array)[k]);
			} else {
				const label = Object.values(out).find((o) => o.data instanceof BigInt64Array);
				const probs = Object.values(out).find((o) => o.dims.length === 2 && o.dims[1] >= 2);
				if (probs) {
					const w = probs.dims[1];
					record.probability = Math.min(
						1,
						Math.max(0, (probs.data as Float32Array)[k * w + w - 1])
					);
				}
				record.prediction = label
					? Number((label.data as BigInt64Array)[k])
					: (record.probability ?? 0) > 0.5
						? 1
						: 0;
			}
			if (hasTarget) {
				const y = columns[card.target.name][i % rows];
				record.label = typeof y === 'boolean' ? String(y) : y;
			}
			return record;
		});
		await spool.add({ key: nextId(), records });
		batches++;
		const flushed = await spool.flush(api).catch((err) => {
			throw apiCliError(err);
		});
		sentRecords += flushed.records;
		waiting = flushed.waiting;
		lastError = flushed.lastError;
		bar.update(
			end,
			`${sentRecords} records sent${waiting ? `, ${waiting} batches spooled (${lastError})` : ''}`
		);
	}
	bar.done();
	if (waiting > 0)
		progress(`API unavailable; resending ${waiting} spooled batches for up to ${drainTimeout} s`);
	const rest = await drain(Date.now() + drainTimeout * 1000);
	sentRecords += rest.records;
	const injections = injector.events.map((e) => ({
		...e.spec,
		first_record: e.record,
		first_ts: e.ts
	}));
	if (ctx.format === 'json')
		ctx.stdout(
			`${JSON.stringify({ model: card.name, model_version: card.version, device, records: total, batches, sent_records: sentRecords, started_at: new Date(t0).toISOString(), injections })}\n`
		);
	else
		ctx.stdout(
			`sent ${sentRecords} records in ${batches} batches${rest.sent ? ` (${rest.sent} after the API came back)` : ''}${injections.length ? `; ${injections.length} injection${injections.length > 1 ? 's' : ''}` : ''}\n`
		);
	return EXIT.ok;
}

export const simulate: Command = {
	path: ['simulate'],
	summary: 'Replay demo data as live traffic through the model into the Worker, injecting drift',
	usage:
		'vigil simulate --api URL --token T --model NAME [--rate 50] [--duration 600] [--drift "at=300,column=C,kind=shift|scale|missing|freeze|new-category,amount=X"]… [--data FILE] [--seed N] [--spool DIR] [--speed X] [--resend]',
	help: `Replays rows of --data (default: the model's demo data in static/data) at --rate records per
second for --duration seconds, runs the model on each batch (onnxruntime-node) and POSTs the
prediction records (ULID ids, one Idempotency-Key per batch) to /api/v1/predictions.
--drift alters a column from 'at' seconds on: shift adds amount standard deviations, scale
multiplies the spread around the mean by amount, missing blanks a share amount of values, freeze
holds the value seen at 'at', new-category replaces a share amount with value= (default 'unseen').
Each injection is printed with its first record index and timestamp, to measure detection delay.
Every batch is written to --spool (default .vigil/spool/<model>) before it is sent and removed when
the API acknowledges it; while the API is unreachable batches wait there and are resent (for up to
--drain-timeout seconds, default 60, at the end). --resend sends what a previous run left.
--speed compresses time (records keep simulated timestamps). --card FILE for a non-demo model.`,
	options: {
		api: { type: 'string' },
		token: { type: 'string' },
		model: { type: 'string' },
		card: { type: 'string' },
		rate: { type: 'string' },
		duration: { type: 'string' },
		drift: { type: 'string', multiple: true },
		data: { type: 'string' },
		seed: { type: 'string' },
		spool: { type: 'string' },
		device: { type: 'string' },
		speed: { type: 'string' },
		'drain-timeout': { type: 'string' },
		resend: { type: 'boolean' }
	},
	run: (values, _positionals, ctx) => runSimulate(values, ctx)
};
