// Labels from a file: which prediction each row labels, whether its value fits the model, and
// the batches sent to POST /api/v1/labels. Kept apart from LabelUpload.svelte so the rules can be
// tested without a browser or a Worker.
import { PENICILLIN } from '$lib/analysis/catalog';
import type { Label } from '$lib/contracts/label';
import type { ModelCard } from '$lib/contracts/model-card';
import type { PredictionRecord } from '$lib/contracts/prediction';
import type { ColumnData } from '$lib/drift/types';

/** The Worker takes up to 10,000 labels per request by default; 5,000 keeps bodies small. */
export const MAX_LABELS_PER_REQUEST = 5000;
/** How many examples of each problem the preview lists. */
export const EXAMPLES = 5;

const ULID = /^[0-9A-HJKMNP-TV-Z]{26}$/;
const NUMBER_TEXT = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** The parts of a model card the label checks read. */
export type LabelCard = Pick<ModelCard, 'name' | 'task' | 'target' | 'features'>;

/** A cell of a loaded column: a number, a text, or missing. */
export type Cell = number | string | null;

/**
 * The value of row `i` of a column as the data library returns it: NaN and code -1 are missing.
 *
 * @example
 * cellAt({ name: 't', type: 'numerical', values: Float64Array.from([1, NaN]) }, 1); // null
 */
export function cellAt(column: ColumnData, i: number): Cell {
	if (column.type === 'numerical') {
		const v = column.values[i];
		return Number.isFinite(v) ? v : null;
	}
	const code = column.codes[i];
	return code < 0 ? null : column.categories[code];
}

/**
 * A key value in the form two values are compared in: numbers (and texts that are numbers) by
 * their parsed value, so `12.2`, `"12.2"` and `"12.20"` are equal; other texts trimmed; missing
 * values give `null`.
 *
 * @example
 * keyText('12.20') === keyText(12.2); // true
 * keyText(' B-3 '); // 'B-3'
 */
export function keyText(value: unknown): string | null {
	if (value === null || value === undefined) return null;
	if (typeof value === 'number') return Number.isFinite(value) ? `n:${value}` : null;
	if (typeof value === 'boolean') return `s:${value}`;
	if (typeof value !== 'string') return null;
	const text = value.trim();
	if (text === '') return null;
	if (NUMBER_TEXT.test(text)) {
		const n = Number(text);
		if (Number.isFinite(n)) return `n:${n}`;
	}
	return `s:${text}`;
}

/** What a label file's columns are used for. */
export interface LabelColumns {
	label: string;
	/** When the truth was observed; missing means "now" for every row. */
	observedAt?: string;
	/** A column of record ids (ULIDs): used directly, no matching. */
	id?: string;
	/** Otherwise: columns whose values identify the prediction (context or features). */
	keys: string[];
}

/**
 * Default column choices for a file: the label is the penicillin lab column (P_offline) when
 * present, else the card's target, else a column named `label`; ids come from an `id` column;
 * otherwise the keys are the penicillin batch and time, or the file's columns that are features of
 * the card (or `batch_id`).
 *
 * @example
 * guessColumns(card, ['batch_id', 'Time (h)', PENICILLIN.offline]);
 * // { label: PENICILLIN.offline, keys: ['batch_id', 'Time (h)'] }
 */
export function guessColumns(card: LabelCard, names: string[]): LabelColumns {
	const has = (n: string) => names.includes(n);
	const lower = new Map(names.map((n) => [n.toLowerCase(), n]));
	const label =
		(has(PENICILLIN.offline) ? PENICILLIN.offline : undefined) ??
		(has(card.target.name) ? card.target.name : undefined) ??
		lower.get('label') ??
		names[0] ??
		'';
	const observedAt = ['observed_at', 'observed', 'observed at']
		.map((n) => lower.get(n))
		.find(Boolean);
	const id = ['id', 'record_id', 'record id'].map((n) => lower.get(n)).find(Boolean);
	if (id) return { label, ...(observedAt ? { observedAt } : {}), id, keys: [] };
	const taken = new Set([label, observedAt]);
	let keys: string[];
	if (has(PENICILLIN.batch) && has(PENICILLIN.time)) keys = [PENICILLIN.batch, PENICILLIN.time];
	else {
		const features = new Set([...card.features.map((f) => f.name), PENICILLIN.batch]);
		keys = names.filter((n) => features.has(n) && !taken.has(n) && n !== card.target.name);
	}
	return { label, ...(observedAt ? { observedAt } : {}), keys };
}

/**
 * A label cell checked against the card: a finite number for regression; for classifiers one of
 * the card's classes or a class index (0/1 for binary). Returns the value to send or an error.
 *
 * @example
 * checkLabel({ task: 'regression' } as LabelCard, '12.5'); // { value: 12.5 }
 * checkLabel(binaryCard, 'maybe'); // { error: 'is not one of the classes ">50K", "<=50K" or 0/1' }
 */
export function checkLabel(
	card: Pick<LabelCard, 'task' | 'target'>,
	cell: Cell
): { value: number | string } | { error: string } {
	const number =
		typeof cell === 'number'
			? cell
			: typeof cell === 'string' && NUMBER_TEXT.test(cell.trim())
				? Number(cell.trim())
				: undefined;
	if (card.task === 'regression') {
		if (number !== undefined && Number.isFinite(number)) return { value: number };
		return { error: 'is not a finite number (the model is a regression)' };
	}
	const classes = card.target.classes ?? [];
	if (typeof cell === 'string' && classes.includes(cell.trim())) return { value: cell.trim() };
	const maxIndex = card.task === 'binary' ? 1 : classes.length - 1;
	if (
		number !== undefined &&
		Number.isInteger(number) &&
		number >= 0 &&
		(number <= maxIndex || (card.task === 'multiclass' && classes.length === 0))
	)
		return { value: number };
	const names = classes.map((c) => JSON.stringify(c));
	const index = card.task === 'binary' ? '0/1' : `a class index 0–${Math.max(0, maxIndex)}`;
	return {
		error:
			names.length > 0
				? `is not one of the classes ${names.join(', ')} or ${index}`
				: `is not ${card.task === 'binary' ? '0 or 1' : 'a class index'}`
	};
}

/**
 * An observed_at cell as an ISO timestamp: epoch milliseconds (a datetime column) or a text that
 * starts with a date. Returns undefined when it is not a time.
 *
 * @example
 * observedAtText('2026-11-22 06:00:00'); // '2026-11-22T06:00:00.000Z'
 */
export function observedAtText(cell: Cell, isDatetime = true): string | undefined {
	if (cell === null) return undefined;
	if (typeof cell === 'number')
		return isDatetime && Number.isFinite(cell) ? new Date(cell).toISOString() : undefined;
	const text = cell.trim();
	if (!/^\d{4}-\d{2}-\d{2}/.test(text)) return undefined;
	// A time without a zone is read as UTC, so every device gives the same answer.
	const zoned = /([zZ]|[+-]\d{2}:?\d{2})$/.test(text) || text.length === 10 ? text : `${text}Z`;
	const t = Date.parse(zoned.replace(' ', 'T'));
	return Number.isNaN(t) ? undefined : new Date(t).toISOString();
}

/** The values of one record under a key column: context first, then features. */
function recordValue(record: Pick<PredictionRecord, 'features' | 'context'>, key: string): unknown {
	if (record.context && key in record.context) return record.context[key];
	if (key in record.features) return record.features[key];
	return undefined;
}

/**
 * Record ids by their key values (context ∪ features), for matching label rows. Records without
 * one of the keys are left out.
 *
 * @example
 * const index = indexRecords(records, ['batch_id', 'Time (h)']);
 * index.get(rowKey(['3', '12.2'])); // ['01J…']
 */
export function indexRecords(
	records: Pick<PredictionRecord, 'id' | 'features' | 'context'>[],
	keys: string[]
): Map<string, string[]> {
	const index = new Map<string, string[]>();
	const seen = new Set<string>();
	for (const r of records) {
		if (seen.has(r.id)) continue;
		seen.add(r.id);
		const parts = keys.map((k) => keyText(recordValue(r, k)));
		if (parts.some((p) => p === null)) continue;
		const key = JSON.stringify(parts);
		const ids = index.get(key);
		if (ids) ids.push(r.id);
		else index.set(key, [r.id]);
	}
	return index;
}

/**
 * The lookup key of a row's key values (same form as {@link indexRecords}), or null when one is
 * missing.
 *
 * @example
 * rowKey([3, '12.2']) === rowKey(['3', 12.2]); // true
 */
export function rowKey(values: unknown[]): string | null {
	const parts = values.map(keyText);
	return parts.some((p) => p === null) ? null : JSON.stringify(parts);
}

/** A row of the file that is not uploaded, for the preview's examples. */
export interface RowProblem {
	/** 1-based data row of the file (the header is not counted). */
	row: number;
	text: string;
}

/** What a label file gives once matched: the labels to upload and what was left out, and why. */
export interface LabelPreview {
	labels: Label[];
	rows: number;
	matched: number;
	/** Rows whose label cell is empty. */
	skipped: number;
	unmatched: number;
	ambiguous: number;
	/** Rows that label a record an earlier row already labelled; the last row wins. */
	duplicates: number;
	/** Labels or ids or times of the wrong type: while there are any, nothing is uploaded. */
	invalid: number;
	examples: {
		unmatched: RowProblem[];
		ambiguous: RowProblem[];
		duplicates: RowProblem[];
		invalid: RowProblem[];
	};
}

/** A loaded label file: its columns by name and which ones hold datetimes. */
export interface LabelTable {
	rows: number;
	columns: ColumnData[];
	/** Names of columns the data library typed as datetime (epoch milliseconds). */
	datetime?: string[];
}

function show(cell: Cell): string {
	return cell === null ? 'empty' : typeof cell === 'number' ? String(cell) : JSON.stringify(cell);
}

/**
 * Matches the rows of a label file to prediction records and checks each label against the card.
 * With an id column, ids (ULIDs) are used as they are; otherwise a row's key values must equal
 * exactly one record's (context ∪ features; numbers compared after parsing). Rows without a
 * label are skipped; rows matching no record or several are reported, not uploaded.
 *
 * @example
 * const preview = matchLabels(card, table, { label: 'P_offline', keys: ['batch_id', 'Time (h)'] }, records);
 * preview.labels; // [{ id, label: 12.4, observed_at, model }]
 */
export function matchLabels(
	card: LabelCard,
	table: LabelTable,
	columns: LabelColumns,
	records: Pick<PredictionRecord, 'id' | 'features' | 'context'>[],
	{ now = new Date() }: { now?: Date } = {}
): LabelPreview {
	const byName = new Map(table.columns.map((c) => [c.name, c]));
	const need = (name: string | undefined, role: string) => {
		if (name === undefined) return undefined;
		const c = byName.get(name);
		if (!c) throw new Error(`The file has no column "${name}" (chosen as the ${role}).`);
		return c;
	};
	const labelColumn = need(columns.label, 'label')!;
	const observedColumn = need(columns.observedAt, 'observed_at column');
	const idColumn = need(columns.id, 'id column');
	const keyColumns = idColumn ? [] : columns.keys.map((k) => need(k, 'key column')!);
	if (!idColumn && keyColumns.length === 0)
		throw new Error('Choose an id column of record ids, or at least one key column.');
	const observedIsDatetime = columns.observedAt
		? (table.datetime ?? []).includes(columns.observedAt)
		: false;
	const index = idColumn ? undefined : indexRecords(records, columns.keys);
	const nowText = now.toISOString();

	const preview: LabelPreview = {
		labels: [],
		rows: table.rows,
		matched: 0,
		skipped: 0,
		unmatched: 0,
		ambiguous: 0,
		duplicates: 0,
		invalid: 0,
		examples: { unmatched: [], ambiguous: [], duplicates: [], invalid: [] }
	};
	const note = (kind: keyof LabelPreview['examples'], row: number, text: string) => {
		if (preview.examples[kind].length < EXAMPLES) preview.examples[kind].push({ row, text });
	};
	const position = new Map<string, number>();
	for (let i = 0; i < table.rows; i++) {
		const row = i + 1;
		const cell = cellAt(labelColumn, i);
		if (cell === null || (typeof cell === 'string' && cell.trim() === '')) {
			preview.skipped++;
			continue;
		}
		const checked = checkLabel(card, cell);
		if ('error' in checked) {
			preview.invalid++;
			note('invalid', row, `label ${show(cell)} ${checked.error}`);
			continue;
		}
		let observed = nowText;
		if (observedColumn) {
			const o = cellAt(observedColumn, i);
			const text = observedAtText(o, observedIsDatetime);
			if (text === undefined) {
				preview.invalid++;
				note(
					'invalid',
					row,
					`observed_at ${show(o)} is not a date and time (e.g. 2026-11-22T06:00:00Z)`
				);
				continue;
			}
			observed = text;
		}
		let id: string;
		if (idColumn) {
			const raw = cellAt(idColumn, i);
			const text = typeof raw === 'string' ? raw.trim().toUpperCase() : '';
			if (!ULID.test(text)) {
				preview.invalid++;
				note('invalid', row, `id ${show(raw)} is not a record id (a ULID of 26 characters)`);
				continue;
			}
			id = text;
		} else {
			const values = keyColumns.map((c) => cellAt(c, i));
			const described = columns.keys.map((k, j) => `${k} = ${show(values[j])}`).join(', ');
			const key = rowKey(values);
			const ids = key === null ? undefined : index!.get(key);
			if (!ids) {
				preview.unmatched++;
				note('unmatched', row, key === null ? `${described} (a key is empty)` : described);
				continue;
			}
			if (ids.length > 1) {
				preview.ambiguous++;
				note('ambiguous', row, `${described} matches ${ids.length} predictions`);
				continue;
			}
			id = ids[0];
		}
		const label: Label = { id, label: checked.value, observed_at: observed, model: card.name };
		const earlier = position.get(id);
		if (earlier !== undefined) {
			preview.duplicates++;
			note('duplicates', row, `labels the same prediction (${id}) as an earlier row`);
			preview.labels[earlier] = label;
			continue;
		}
		position.set(id, preview.labels.length);
		preview.labels.push(label);
	}
	preview.matched = preview.labels.length + preview.duplicates;
	return preview;
}

/**
 * One sentence per kind of problem of a preview, with its first examples, for the page.
 *
 * @example
 * problemLines(preview); // ['3 rows match no prediction: row 4 (batch_id = 11, Time (h) = 12) …']
 */
export function problemLines(preview: LabelPreview): string[] {
	const lines: string[] = [];
	const list = (items: RowProblem[]) => items.map((p) => `row ${p.row} (${p.text})`).join('; ');
	const plural = (n: number, one: string, many: string) =>
		`${n.toLocaleString('en')} ${n === 1 ? one : many}`;
	if (preview.invalid)
		lines.push(
			`${plural(preview.invalid, 'row has', 'rows have')} a value of the wrong type, so nothing can be uploaded until the file is fixed: ${list(preview.examples.invalid)}${preview.invalid > EXAMPLES ? ' …' : ''}`
		);
	if (preview.unmatched)
		lines.push(
			`${plural(preview.unmatched, 'row matches', 'rows match')} no stored prediction (not uploaded): ${list(preview.examples.unmatched)}${preview.unmatched > EXAMPLES ? ' …' : ''}`
		);
	if (preview.ambiguous)
		lines.push(
			`${plural(preview.ambiguous, 'row matches', 'rows match')} more than one prediction (ambiguous, not uploaded; add a key column or narrow the date range): ${list(preview.examples.ambiguous)}${preview.ambiguous > EXAMPLES ? ' …' : ''}`
		);
	if (preview.duplicates)
		lines.push(
			`${plural(preview.duplicates, 'row labels', 'rows label')} a prediction an earlier row already labels (the last one is uploaded): ${list(preview.examples.duplicates)}${preview.duplicates > EXAMPLES ? ' …' : ''}`
		);
	return lines;
}

/** One request of an upload: its labels and the Idempotency-Key it is always sent with. */
export interface LabelBatch {
	key: string;
	/** Position of its first label in the upload. */
	start: number;
	labels: Label[];
}

/**
 * Splits the labels from `start` on into requests of at most `size`. Each Idempotency-Key names
 * the upload and the slice it holds, so a retried batch is stored once, and a retry with a smaller
 * size (after a 413) sends only what was not stored, under keys no earlier body used.
 *
 * @example
 * labelBatches(labels, '01JD…', { size: 5000 }); // [{ key: 'labels-01JD…-0-5000', start: 0, labels }, …]
 */
export function labelBatches(
	labels: Label[],
	uploadId: string,
	{ size = MAX_LABELS_PER_REQUEST, start = 0 }: { size?: number; start?: number } = {}
): LabelBatch[] {
	const step = Math.max(1, Math.min(MAX_LABELS_PER_REQUEST, Math.floor(size) || 1));
	const out: LabelBatch[] = [];
	for (let i = start; i < labels.length; i += step) {
		const part = labels.slice(i, i + step);
		out.push({ key: `labels-${uploadId}-${i}-${part.length}`, start: i, labels: part });
	}
	return out;
}

/**
 * An upload id made from the labels themselves (SHA-256, hex), so previewing the same file again
 * gives the same Idempotency-Keys and labels already stored are not stored a second time.
 *
 * @example
 * const id = await uploadIdOf(preview.labels); // '9f2c…' (32 hex characters)
 */
export async function uploadIdOf(labels: Label[]): Promise<string> {
	const bytes = new TextEncoder().encode(JSON.stringify(labels));
	const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
	return Array.from(digest.subarray(0, 16), (b) => b.toString(16).padStart(2, '0')).join('');
}

/** The part of the API client the record reader needs. */
export interface RecordSource {
	request<T>(path: string): Promise<T>;
	requestText(path: string): Promise<string>;
}

/**
 * Every stored prediction record of a model in a date range (UTC days, inclusive), read through
 * GET /api/v1/predictions (listing, followed by cursor) and GET /api/v1/predictions/{key}.
 *
 * @example
 * const { records } = await readModelRecords(apiClient(), 'penicillin-soft-sensor', '2026-10-23', '2026-11-22');
 */
export async function readModelRecords(
	api: RecordSource,
	model: string,
	from: string,
	to: string,
	{
		onProgress,
		signal,
		concurrency = 4
	}: {
		onProgress?: (done: number, total: number) => void;
		signal?: AbortSignal;
		concurrency?: number;
	} = {}
): Promise<{ records: PredictionRecord[]; objects: number; skipped: number }> {
	const keys: string[] = [];
	let cursor: string | undefined;
	do {
		const search = new URLSearchParams({ model, from, to, limit: '1000' });
		if (cursor) search.set('cursor', cursor);
		const page = await api.request<{ objects?: { key: string }[]; cursor?: string }>(
			`/api/v1/predictions?${search}`
		);
		for (const o of page.objects ?? []) keys.push(o.key);
		cursor = page.cursor;
		signal?.throwIfAborted();
	} while (cursor);
	// Only NDJSON objects are read as text; other formats are counted, not guessed at.
	const readable = keys.filter((k) => k.endsWith('.ndjson'));
	const records: PredictionRecord[] = [];
	let done = 0;
	onProgress?.(0, readable.length);
	let next = 0;
	const worker = async () => {
		while (next < readable.length) {
			const key = readable[next++];
			signal?.throwIfAborted();
			const text = await api.requestText(`/api/v1/predictions/${key}`);
			for (const line of text.split('\n')) {
				if (!line.trim()) continue;
				try {
					const r = JSON.parse(line) as PredictionRecord;
					if (typeof r.id === 'string' && r.features && typeof r.features === 'object')
						records.push(r);
				} catch {
					// A damaged line cannot be matched; the object's other records still can.
				}
			}
			onProgress?.(++done, readable.length);
		}
	};
	await Promise.all(Array.from({ length: Math.max(1, concurrency) }, worker));
	return { records, objects: readable.length, skipped: keys.length - readable.length };
}

/**
 * The last `days` days as UTC dates (YYYY-MM-DD), for the default range of the record reader.
 *
 * @example
 * defaultRange(new Date('2026-11-22T10:00:00Z')); // { from: '2026-10-23', to: '2026-11-22' }
 */
export function defaultRange(now = new Date(), days = 30): { from: string; to: string } {
	const day = (t: number) => new Date(t).toISOString().slice(0, 10);
	return { from: day(now.getTime() - days * 86_400_000), to: day(now.getTime()) };
}

/**
 * Advice for a failed label request, by status: what happened and what to do.
 *
 * @example
 * uploadAdvice(403, 'Token lacks scope ingest'); // 'The token may read but not upload…'
 */
export function uploadAdvice(status: number, message: string): string {
	if (status === 0)
		return `The Worker cannot be reached (${message}). The batches already stored stay stored; press Retry when it is back.`;
	if (status === 401)
		return `The Worker refused the token (${message}). Set a valid token in Settings, then press Retry.`;
	if (status === 403)
		return `The token lacks the ingest scope needed to upload labels (${message}). Set a token with the ingest scope in Settings, then press Retry.`;
	if (status === 413)
		return `The batch was too large for the Worker (${message}). Lower "Labels per request" and press Retry.`;
	if (status === 422)
		return `The Worker refused a label (${message}). Fix the file, preview again and upload; batches already stored are not sent twice.`;
	if (status === 409)
		return `The Worker is still storing this batch or its key was used for other labels (${message}). Press Retry in a few seconds.`;
	if (status === 429 || status >= 500)
		return `The Worker could not take the batch now (${status}: ${message}). Press Retry; batches already stored are kept.`;
	return `The Worker rejected the batch (${status}): ${message}`;
}
