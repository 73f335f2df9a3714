import type { ModelCard } from '../contracts/model-card';
import type { Report } from '../contracts/report';
import type { DataEngine, DatasetInfo, Window } from '../data/types';
import type { DriftOptions } from '../drift/defaults';
import type { ColumnData } from '../drift/types';
import type { DemoFile, ModelChoice } from './catalog';
import { modelInput, modelScores } from '../pipeline';
import type { DriftClient } from './drift-client.svelte';
import type { ProfileInfo } from './protocol';

/** The column holding the model's output in profiles and reports. */
export const PREDICTION_COLUMN = 'prediction';

export interface DriftServices {
	data: DataEngine;
	drift: DriftClient;
	run: (
		choice: ModelChoice,
		columns: ReturnType<typeof modelInput>,
		options: { signal?: AbortSignal }
	) => Promise<{
		outputs: Record<string, { data: ArrayLike<number | bigint>; dims: readonly number[] }>;
	}>;
}

/** A reference frozen in the drift worker, and the data set it came from. */
export interface FrozenReference {
	key: string;
	info: ProfileInfo;
	/** SHA-256 of the reference data the profile must have been frozen from. */
	sha256: string;
	/** The loaded reference data set (absent for a profile loaded from a file). */
	dataset?: DatasetInfo;
	/** Why the model's output is missing from the profile, if it is. */
	predictionSkipped?: string;
}

/** The current window, ready to compare. */
export interface CurrentWindow {
	columns: ColumnData[];
	name: string;
	label: string;
	rows: number;
	predictionSkipped?: string;
}

function columnNames(card: ModelCard, dataset: DatasetInfo): string[] {
	const present = new Set(dataset.columns.map((c) => c.name));
	return [...card.features.map((f) => f.name), card.target.name].filter((n) => present.has(n));
}

async function withPrediction(
	services: DriftServices,
	choice: ModelChoice,
	columns: ColumnData[],
	signal?: AbortSignal
): Promise<{ columns: ColumnData[]; skipped?: string }> {
	try {
		const out = await services.run(choice, modelInput(choice.card, columns), { signal });
		const values = modelScores(choice.card, out.outputs);
		return {
			columns: [...columns, { name: PREDICTION_COLUMN, type: 'numerical', values }]
		};
	} catch (err) {
		if (err instanceof Error && err.name === 'AbortError') throw err;
		// Data drift is still worth computing when the model cannot score these rows.
		return { columns, skipped: err instanceof Error ? err.message : String(err) };
	}
}

/**
 * Freezes (or reuses) the reference profile of a model: the card's reference rows of the demo
 * file, checked against the manifest's SHA-256 when loaded, scored by the model (for prediction
 * drift), and profiled in the drift worker. A profile is reused only while the reference data
 * still has the SHA-256 it was frozen from.
 *
 * @example
 * const ref = await freezeReference(services, choice, file, known);
 */
export async function freezeReference(
	services: DriftServices,
	choice: ModelChoice,
	file: DemoFile,
	known: Map<string, FrozenReference>,
	options: { signal?: AbortSignal; onStage?: (stage: string) => void } = {}
): Promise<FrozenReference> {
	const { signal, onStage } = options;
	const id = `demo-${file.file}`;
	onStage?.(`Loading the reference ${file.file}`);
	const dataset =
		(await services.data.datasets()).find((d) => d.id === id) ??
		(await services.data.loadUrl(
			`/data/${file.file}`,
			{ id, expectedSha256: file.sha256 },
			{ signal }
		));
	const filter = choice.card.reference.filter;
	const key = `${choice.key}|${dataset.sha256}|${filter ?? ''}`;
	const held = known.get(key);
	if (held && held.info.sha256 === dataset.sha256) return held;
	const window: Window = filter ? { kind: 'where', sql: filter } : { kind: 'all' };
	onStage?.('Reading the reference rows');
	const raw = await services.data.columns(dataset.id, columnNames(choice.card, dataset), window, {
		signal
	});
	onStage?.('Scoring the reference with the model');
	const scored = await withPrediction(services, choice, raw, signal);
	onStage?.('Freezing the reference profile');
	const info = await services.drift.freeze(
		key,
		`${choice.card.name} ${choice.card.version} reference (${file.file}${filter ? `, ${filter}` : ''})`,
		dataset.sha256,
		scored.columns,
		{ multivariate: true, transfer: true }
	);
	const frozen: FrozenReference = {
		key,
		info,
		sha256: dataset.sha256,
		dataset,
		predictionSkipped: scored.skipped
	};
	known.set(key, frozen);
	return frozen;
}

/**
 * Reads a current window (of a demo file or a local file) and scores it with the model.
 *
 * @example
 * const cur = await currentWindow(services, choice, dataset, { kind: 'batch', values: [9] }, 'batch 9');
 */
export async function currentWindow(
	services: DriftServices,
	choice: ModelChoice,
	dataset: DatasetInfo,
	window: Window,
	label: string,
	options: { signal?: AbortSignal; onStage?: (stage: string) => void } = {}
): Promise<CurrentWindow> {
	const { signal, onStage } = options;
	onStage?.(`Reading ${label}`);
	const names = columnNames(choice.card, dataset);
	if (names.length === 0)
		throw new Error(
			`${dataset.source} has none of the columns of ${choice.card.name} (${choice.card.features
				.slice(0, 3)
				.map((f) => f.name)
				.join(', ')}, …): choose data for this model.`
		);
	const raw = await services.data.columns(dataset.id, names, window, { signal });
	const rows = raw.length
		? raw[0].type === 'numerical'
			? raw[0].values.length
			: raw[0].codes.length
		: 0;
	if (rows === 0) throw new Error(`The window ${label} has no rows: choose another window.`);
	onStage?.('Scoring the window with the model');
	const scored = await withPrediction(services, choice, raw, signal);
	return {
		columns: scored.columns,
		name: `${dataset.source} · ${label}`,
		label,
		rows,
		predictionSkipped: scored.skipped
	};
}

/**
 * Computes the report of a current window against a frozen reference in the drift worker.
 *
 * @example
 * const { report } = await compareWindow(services, choice, ref, current, overrides);
 */
export function compareWindow(
	services: DriftServices,
	choice: ModelChoice,
	reference: FrozenReference,
	current: CurrentWindow,
	options: DriftOptions,
	signal?: AbortSignal
): Promise<{ report: Report; seconds: number }> {
	const hasPrediction =
		reference.info.columns.some((c) => c.name === PREDICTION_COLUMN) &&
		current.columns.some((c) => c.name === PREDICTION_COLUMN);
	const target = choice.card.target.name;
	const hasTarget =
		reference.info.columns.some((c) => c.name === target) &&
		current.columns.some((c) => c.name === target);
	return services.drift.report(
		{
			key: reference.key,
			expectedSha256: reference.sha256,
			current: current.columns,
			currentName: current.name,
			window: { label: current.label },
			model: { name: choice.card.name, version: choice.card.version },
			prediction: hasPrediction ? PREDICTION_COLUMN : undefined,
			// Performance needs numeric or two-class labels (the second sorted class is positive).
			target:
				hasTarget &&
				(choice.card.task !== 'multiclass' || (choice.card.target.classes?.length ?? 3) <= 2)
					? target
					: undefined,
			task: choice.card.task === 'regression' ? 'regression' : 'classification',
			options,
			streams: hasPrediction ? [PREDICTION_COLUMN] : []
		},
		{ signal }
	);
}
