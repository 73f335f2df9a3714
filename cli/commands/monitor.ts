import { existsSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type {
	PredictionList,
	PredictionRecord,
	StoredPredictionObject
} from '../../src/lib/contracts/prediction';
import type { ModelCard } from '../../src/lib/contracts/model-card';
import type { Report } from '../../src/lib/contracts/report';
import type { ReferenceProfile } from '../../src/lib/drift/profile';
import { buildReport } from '../../src/lib/drift/report';
import { recordWindow } from '../../src/lib/pipeline';
import { renderReportHtml } from '../../src/lib/drift/report-html';
import { CliError, EXIT, type Command, type CommandContext } from '../command.ts';
import { ApiClient, ApiStatusError, ApiUnreachableError, apiCliError } from '../lib/api.ts';
import { asCliError } from '../lib/errors.ts';
import { writeAtomic } from '../lib/files.ts';
import { loadModel } from '../lib/model.ts';
import { cardPathFor, demoDataFor } from '../lib/model-lookup.ts';
import { numberOption, stringOption } from '../lib/options.ts';
import { loadReference } from '../lib/reference.ts';

interface MonitorState {
	schema: 'vigil.monitor-state/1';
	model: string;
	/** Keys of prediction objects already covered by a stored report. */
	processed: string[];
}

async function readState(path: string, model: string): Promise<MonitorState> {
	if (!existsSync(path)) return { schema: 'vigil.monitor-state/1', model, processed: [] };
	try {
		const state = JSON.parse(await readFile(path, 'utf8')) as MonitorState;
		if (state.schema !== 'vigil.monitor-state/1' || !Array.isArray(state.processed))
			throw new Error('not a vigil.monitor-state/1 file');
		return state;
	} catch (err) {
		throw new CliError(`--state: '${path}' cannot be used (${(err as Error).message})`);
	}
}

/** Every stored prediction object of a model, following the listing's cursor. */
async function listObjects(api: ApiClient, model: string): Promise<StoredPredictionObject[]> {
	const objects: StoredPredictionObject[] = [];
	let cursor: string | undefined;
	do {
		const page = await api.json<PredictionList>(
			'GET',
			`/api/v1/predictions?model=${encodeURIComponent(model)}&limit=1000${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`
		);
		objects.push(...page.objects);
		cursor = page.cursor;
	} while (cursor);
	return objects;
}

async function fetchRecords(api: ApiClient, key: string): Promise<PredictionRecord[]> {
	const path = key.split('/').map(encodeURIComponent).join('/');
	const text = await (await api.request('GET', `/api/v1/${path}`)).text();
	return text
		.split('\n')
		.filter((l) => l.trim() !== '')
		.map((l) => JSON.parse(l) as PredictionRecord);
}

/** What one iteration did. */
type Iteration =
	| { status: 'waiting'; new_records: number; min_samples: number }
	| {
			status: 'report';
			id: string;
			url: string;
			records: number;
			drifted: boolean;
			drift_share: number;
			report: Report;
	  };

interface MonitorSetup {
	api: ApiClient;
	model: string;
	profile: ReferenceProfile;
	/** Says how the records' predictions and labels are read (see src/lib/pipeline). */
	card: ModelCard;
	minSamples: number;
	maxRecords: number;
	statePath: string;
	html: boolean;
}

/**
 * The drift report of a window of stored records against the reference: the records read by the
 * pipeline (src/lib/pipeline, the same reading as the Worker's job and the browser), monitored as the
 * version most of them come from.
 *
 * @example
 * const report = monitorReport({ model, profile, card }, records);
 */
export function monitorReport(
	setup: Pick<MonitorSetup, 'model' | 'profile' | 'card'>,
	records: PredictionRecord[],
	createdAt?: string
): Report {
	const versions = new Map<string, number>();
	for (const r of records) versions.set(r.model_version, (versions.get(r.model_version) ?? 0) + 1);
	const version = [...versions.entries()].sort((a, b) => b[1] - a[1])[0][0];
	const window = recordWindow(records, setup.profile, {
		card: setup.card,
		model: setup.model,
		version,
		label: 'vigil monitor'
	});
	try {
		return buildReport({ reference: setup.profile, ...window, createdAt });
	} catch (err) {
		throw asCliError(err);
	}
}

async function iterate(setup: MonitorSetup, progress: (m: string) => void): Promise<Iteration> {
	const { api, model } = setup;
	const state = await readState(setup.statePath, model);
	const done = new Set(state.processed);
	const fresh = (await listObjects(api, model))
		.filter((o) => !done.has(o.key))
		.sort(
			(a, b) => (a.uploaded ?? '').localeCompare(b.uploaded ?? '') || a.key.localeCompare(b.key)
		);
	const listed = fresh.reduce((n, o) => n + o.records, 0);
	if (listed < setup.minSamples)
		return { status: 'waiting', new_records: listed, min_samples: setup.minSamples };
	progress(`reading ${fresh.length} prediction objects (${listed} records)`);
	let records: PredictionRecord[] = [];
	for (const o of fresh) records.push(...(await fetchRecords(api, o.key)));
	records.sort((a, b) => a.ts.localeCompare(b.ts) || a.id.localeCompare(b.id));
	// The newest records bound the work, as the Worker's job does.
	if (records.length > setup.maxRecords) records = records.slice(records.length - setup.maxRecords);
	const report = monitorReport(setup, records);
	const form = new FormData();
	form.set(
		'report',
		new Blob([JSON.stringify(report)], { type: 'application/json' }),
		'report.json'
	);
	if (setup.html)
		form.set('html', new Blob([renderReportHtml(report)], { type: 'text/html' }), 'report.html');
	const stored = await api.json<{ id: string; url: string }>('POST', '/api/v1/reports', {
		body: form
	});
	state.processed.push(...fresh.map((o) => o.key));
	await mkdir(dirname(setup.statePath), { recursive: true });
	await writeAtomic(setup.statePath, JSON.stringify(state));
	return {
		status: 'report',
		id: stored.id,
		url: stored.url,
		records: records.length,
		drifted: report.dataset.drifted,
		drift_share: report.dataset.drift_share,
		report
	};
}

function describe(it: Iteration): string {
	if (it.status === 'waiting')
		return `waiting: ${it.new_records} new records, ${it.min_samples} needed for a report\n`;
	return `report ${it.id}: ${it.drifted ? 'DRIFT' : 'no drift'} (share ${it.drift_share.toFixed(3)}) over ${it.records} records (${it.report.current.window?.start} … ${it.report.current.window?.end}); stored at ${it.url}\n`;
}

async function runMonitor(values: Record<string, unknown>, ctx: CommandContext): Promise<number> {
	const apiUrl = stringOption(values, 'api');
	const token = stringOption(values, 'token');
	const model = stringOption(values, 'model');
	if (!apiUrl) throw new CliError('--api URL is required');
	if (!token) throw new CliError('--token is required');
	if (!model) throw new CliError('--model NAME is required');
	const api = new ApiClient(apiUrl, token);
	const interval = numberOption(values, 'interval') ?? 300;
	const minSamples = numberOption(values, 'min-samples') ?? 200;
	const maxRecords = numberOption(values, 'max-records') ?? 50_000;
	if (!(interval > 0)) throw new CliError(`--interval must be > 0 seconds, got ${interval}`);
	if (!(minSamples >= 1)) throw new CliError(`--min-samples must be ≥ 1, got ${minSamples}`);
	if (!(maxRecords >= 1)) throw new CliError(`--max-records must be ≥ 1, got ${maxRecords}`);
	const iterations = values.once ? 1 : (numberOption(values, 'iterations') ?? Infinity);
	if (!(iterations >= 1)) throw new CliError(`--iterations must be ≥ 1, got ${iterations}`);
	const progress = (m: string) => ctx.stderr(`… ${m}\n`);

	const card = await loadModel(cardPathFor(model, stringOption(values, 'card')), '--card');
	const target = card.card.target.name;
	const referencePath = stringOption(values, 'reference');
	// Without --reference the card's own reference: the demo data's training rows, scored by the model.
	const { profile } = await loadReference(
		referencePath ?? demoDataFor(card.card.reference.location),
		{
			model: referencePath ? undefined : card,
			...(referencePath || !card.card.reference.filter
				? {
						columns: referencePath ? undefined : [...card.card.features.map((f) => f.name), target]
					}
				: {
						columns: [...card.card.features.map((f) => f.name), target],
						window: { kind: 'where', sql: card.card.reference.filter }
					}),
			onProgress: progress
		},
		referencePath ? '--reference' : 'model card reference'
	);
	const setup: MonitorSetup = {
		api,
		model,
		profile,
		card: card.card,
		minSamples,
		maxRecords,
		statePath: resolve(stringOption(values, 'state') ?? `.vigil/monitor/${model}.json`),
		html: !values['no-html']
	};
	await card.session.release().catch(() => undefined);

	let stop = false;
	const onSignal = () => (stop = true);
	process.once('SIGINT', onSignal);
	process.once('SIGTERM', onSignal);
	try {
		for (let n = 1; ; n++) {
			let it: Iteration | undefined;
			try {
				it = await iterate(setup, progress);
			} catch (err) {
				// A refusal (bad token, bad request) or any outage with --once ends the command; in the
				// loop an outage is reported and the next interval tries again.
				const transient =
					err instanceof ApiUnreachableError || (err instanceof ApiStatusError && err.retry);
				if (values.once || !transient) throw apiCliError(err);
				ctx.stderr(`vigil monitor: ${(err as Error).message}; retrying in ${interval} s\n`);
			}
			if (it) {
				if (ctx.format === 'json') {
					const { report: _report, ...rest } = it as Iteration & { report?: Report };
					ctx.stdout(`${JSON.stringify({ ...rest, at: new Date().toISOString() })}\n`);
				} else ctx.stdout(describe(it));
			}
			if (values.once) return it?.status === 'report' && it.drifted ? EXIT.drift : EXIT.ok;
			if (n >= iterations) return EXIT.ok;
			for (let waited = 0; waited < interval * 1000 && !stop; waited += 500) await sleep(500);
			if (stop) return EXIT.ok;
		}
	} finally {
		process.off('SIGINT', onSignal);
		process.off('SIGTERM', onSignal);
	}
}

export const monitor: Command = {
	path: ['monitor'],
	summary: "Monitoring loop: drift reports from the Worker's stored predictions, posted back",
	usage:
		'vigil monitor --api URL --token T --model NAME [--interval 300] [--min-samples 200] [--max-records 50000] [--reference FILE] [--card FILE] [--state FILE] [--no-html] [--iterations N] [--once]',
	help: `Every --interval seconds: lists the model's prediction objects (GET /api/v1/predictions), reads
those not yet covered by a report, and once at least --min-samples new records are there computes
the drift report against the reference with the same core as the browser and the Worker, and stores
it (POST /api/v1/reports, JSON and HTML; --no-html for JSON only), which updates the Worker's
gauges. The defaults are the Worker's job's: every 300 s, 200 new records, and at most the newest
--max-records (50,000) in one report.
The reference is --reference (a profile from 'vigil profile build' or a Parquet/CSV file) or, by
default, the model card's reference rows in static/data scored by the model (prediction drift).
The card is the demo model's (static/models) unless --card FILE is given; its target column, when
the records carry labels, gives target drift and performance.
Objects already reported are remembered in --state (default .vigil/monitor/<model>.json).
--iterations N stops after N iterations (default: run until SIGINT/SIGTERM).
--once runs one iteration: exit 1 when its report shows dataset drift, 0 otherwise, 2 on error.
In the loop an unreachable API is logged and retried; a refusing API (401, 403, 4xx) ends it with 2.`,
	options: {
		api: { type: 'string' },
		token: { type: 'string' },
		model: { type: 'string' },
		card: { type: 'string' },
		reference: { type: 'string' },
		interval: { type: 'string' },
		'min-samples': { type: 'string' },
		'max-records': { type: 'string' },
		state: { type: 'string' },
		'no-html': { type: 'boolean' },
		once: { type: 'boolean' },
		iterations: { type: 'string' }
	},
	run: (values, _positionals, ctx) => runMonitor(values, ctx)
};
