// Every object key the Worker writes or reads, and the parsers of the keys it serves back. No other
// module spells a key out, so a layout change (and its retention rule) happens here alone.

const NAME = '[A-Za-z0-9][A-Za-z0-9._-]{0,127}';
const ULID = '[0-9A-HJKMNP-TV-Z]{26}';

/** The kinds of stored data, each with its own prefix and retention (docs/api.md, "Retention"). */
export const PREFIXES = {
	predictions: 'predictions/',
	labels: 'labels/',
	reports: 'reports/',
	models: 'models/',
	datasets: 'datasets/',
	monitoring: 'monitoring/'
} as const;

const PREDICTION_KEY = new RegExp(
	`^predictions/model=(${NAME})/date=(\\d{4}-\\d{2}-\\d{2})/device=(${NAME})/(${ULID})\\.(ndjson|parquet)$`
);

/** Where one stored prediction object belongs. */
export interface PredictionKeyParts {
	model: string;
	/** UTC date of the records' `ts`, YYYY-MM-DD. */
	date: string;
	device: string;
	/** The batch ULID the object was written under. */
	batch: string;
}

/**
 * Key of the prediction object of one batch, model, UTC date and device (Hive-style partitions).
 *
 * @example
 * predictionKey({ model: 'm', date: '2026-11-22', device: 'd', batch: '01J…' });
 * // 'predictions/model=m/date=2026-11-22/device=d/01J….ndjson'
 */
export function predictionKey({ model, date, device, batch }: PredictionKeyParts): string {
	return `predictions/model=${model}/date=${date}/device=${device}/${batch}.ndjson`;
}

/**
 * Parses the key of a stored prediction object, or undefined when it is not one (traversal,
 * markup, another prefix…).
 *
 * @example
 * parsePredictionKey('predictions/model=m/date=2026-11-22/device=d/01J….ndjson')?.model; // 'm'
 */
export function parsePredictionKey(key: string): PredictionKeyParts | undefined {
	const m = PREDICTION_KEY.exec(key);
	if (!m || key.includes('..')) return undefined;
	return { model: m[1], date: m[2], device: m[3], batch: m[4] };
}

/**
 * Prefix of every prediction object of a model.
 *
 * @example
 * predictionPrefix('m'); // 'predictions/model=m/'
 */
export function predictionPrefix(model: string): string {
	return `predictions/model=${model}/`;
}

/**
 * Key of one stored label batch's partition: labels are partitioned by the UTC date of the record
 * id they label (see labelDate in services/label-store.ts).
 *
 * @example
 * labelKey('2026-11-22', '01J…'); // 'labels/date=2026-11-22/01J….ndjson'
 */
export function labelKey(date: string, batch: string): string {
	return `${labelPrefix(date)}${batch}.ndjson`;
}

/**
 * Prefix of one date partition of labels.
 *
 * @example
 * labelPrefix('2026-11-22'); // 'labels/date=2026-11-22/'
 */
export function labelPrefix(date: string): string {
	return `labels/date=${date}/`;
}

/**
 * Key of a stored report as JSON, or of its HTML page.
 *
 * @example
 * reportKey('01J…'); // 'reports/01J….json'
 * reportKey('01J…', 'html'); // 'reports/01J….html'
 */
export function reportKey(id: string, format: 'json' | 'html' = 'json'): string {
	return `reports/${id}.${format}`;
}

/** The files kept per model version. */
export type ModelFile =
	| 'model.onnx'
	| 'card.json'
	| 'reference-profile.vgpf'
	| 'reference-advanced.json'
	| 'evaluation.json';

/**
 * Key of one file of a registered model version.
 *
 * @example
 * modelKey('adult', '1.0.0', 'card.json'); // 'models/adult/1.0.0/card.json'
 */
export function modelKey(name: string, version: string, file: ModelFile): string {
	return `models/${name}/${version}/${file}`;
}

const DATASET_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,119}\.parquet$/;

/**
 * Key of a stored Parquet data set, or undefined when the name is not one (letters, digits, ".",
 * "_" and "-", ending in .parquet, at most 128 characters, no "..").
 *
 * @example
 * datasetKey('reference.parquet'); // 'datasets/reference.parquet'
 */
export function datasetKey(name: string): string | undefined {
	if (!DATASET_NAME.test(name) || name.includes('..')) return undefined;
	return `datasets/${name}`;
}

/**
 * Key of a model's streaming detector state, carried between monitoring runs.
 *
 * @example
 * streamStateKey('adult'); // 'monitoring/adult/stream-state.json'
 */
export function streamStateKey(model: string): string {
	return `monitoring/${model}/stream-state.json`;
}
