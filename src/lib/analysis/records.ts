import { ulid } from 'ulid';
import type { PredictionContext, PredictionRecord } from '../contracts/prediction';
import type { ModelCard } from '../contracts/model-card';
import type { InputColumns } from '../ml/validate-input';
import { recordScore, type PredictionLike, type PredictionTask } from '../pipeline';

/**
 * Prediction records (`vigil.prediction/1`) for the rows of a run, each with an id made on this
 * device so a retried upload is stored once. `context[i]`, when given, is row i's identifiers that
 * are not model inputs (e.g. `{ batch_id: 3 }`), kept so delayed labels can be matched to it.
 *
 * @example
 * const records = predictionRecords(card, input, predicted, { device: 'tablet-3' });
 * const withBatch = predictionRecords(card, input, predicted, {
 * 	device: 'tablet-3',
 * 	context: Array.from({ length: predicted.length }, () => ({ batch_id: 3 }))
 * });
 * const shadowed = predictionRecords(card, input, predicted, {
 * 	device: 'tablet-3',
 * 	shadow: { version: '1.1.0', predicted: challengerScores }
 * });
 */
export function predictionRecords(
	card: ModelCard,
	input: InputColumns,
	predicted: ArrayLike<number>,
	{
		device,
		now = new Date(),
		latencySeconds,
		context,
		shadow
	}: {
		device: string;
		now?: Date;
		latencySeconds?: number;
		context?: ArrayLike<PredictionContext | undefined>;
		/** A staged challenger's scores of the same rows (shadow scoring), kept beside each record. */
		shadow?: { version: string; predicted: ArrayLike<number> };
	}
): PredictionRecord[] {
	const ts = now.toISOString();
	const out: PredictionRecord[] = [];
	for (let i = 0; i < predicted.length; i++) {
		// A row the model could not score has nothing to upload.
		if (!Number.isFinite(predicted[i])) continue;
		const features: Record<string, number | string | null> = {};
		for (const f of card.features) {
			const v = input[f.name]?.[i];
			features[f.name] =
				typeof v === 'number' ? (Number.isFinite(v) ? v : null) : typeof v === 'string' ? v : null;
		}
		const rowContext = context?.[i];
		const shadowScore = shadow?.predicted[i];
		out.push({
			id: ulid(now.getTime()),
			model: card.name,
			model_version: card.version,
			device,
			ts,
			features,
			prediction: predicted[i],
			...(rowContext && Object.keys(rowContext).length > 0 ? { context: { ...rowContext } } : {}),
			...(latencySeconds !== undefined ? { latency_seconds: latencySeconds } : {}),
			...(shadow && shadowScore !== undefined && Number.isFinite(shadowScore)
				? { shadow: { model_version: shadow.version, prediction: shadowScore } }
				: {})
		});
	}
	return out;
}

/**
 * Splits records into upload batches of at most `size`.
 *
 * @example
 * chunks(records, 500).length; // 3 for 1,150 records
 */
export function chunks<T>(items: T[], size: number): T[][] {
	const out: T[][] = [];
	for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
	return out;
}

/**
 * Offers bytes or text as a file download.
 *
 * @example
 * download('report.json', JSON.stringify(report), 'application/json');
 */
export function download(name: string, content: BlobPart, type: string): void {
	const url = URL.createObjectURL(new Blob([content], { type }));
	const a = document.createElement('a');
	a.href = url;
	a.download = name;
	document.body.append(a);
	a.click();
	a.remove();
	setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/**
 * A message for the user from any failure: what happened, never a stack trace.
 *
 * @example
 * error = describeError(err);
 */
export function describeError(err: unknown): string {
	if (err instanceof Error) return err.message;
	return String(err);
}

function csvField(v: unknown): string {
	if (v === null || v === undefined) return '';
	if (typeof v === 'number') return Number.isFinite(v) ? String(v) : '';
	const s = String(v);
	return /[",\n\r]/.test(s) || s.trim() !== s ? `"${s.replaceAll('"', '""')}"` : s;
}

/**
 * Prediction records (as the Worker stores them, one JSON object per NDJSON line) turned into a
 * CSV table of their features and the stored prediction (its monitored score for the model's task,
 * read by src/lib/pipeline), ordered by `orderBy` when every record
 * has it (e.g. the time in batch), so the data library can load them like any file.
 *
 * @example
 * const csv = storedRecordsCsv(ndjsonText, card.features.map((f) => f.name), 'Time (h)');
 */
export function storedRecordsCsv(
	ndjson: string,
	features: string[],
	orderBy?: string,
	task: PredictionTask = 'regression'
): string {
	const records: {
		id?: string;
		features?: Record<string, unknown>;
		prediction?: unknown;
		probability?: number;
	}[] = [];
	for (const [i, line] of ndjson.split('\n').entries()) {
		if (!line.trim()) continue;
		try {
			records.push(JSON.parse(line));
		} catch {
			throw new Error(`Line ${i + 1} of the stored predictions is not JSON.`);
		}
	}
	if (records.length === 0) throw new Error('The stored prediction object holds no records.');
	if (orderBy && records.every((r) => typeof r.features?.[orderBy] === 'number'))
		records.sort((a, b) => (a.features![orderBy] as number) - (b.features![orderBy] as number));
	const header = [...features, 'stored_prediction'];
	const lines = [header.map(csvField).join(',')];
	for (const r of records) {
		const stored = typeof r.prediction === 'number' || Array.isArray(r.prediction);
		const p = stored ? recordScore(r as PredictionLike, task) : undefined;
		lines.push([...features.map((f) => csvField(r.features?.[f])), csvField(p)].join(','));
	}
	return `${lines.join('\n')}\n`;
}
