import type { ZodType } from 'zod';
import type { OutboxKind } from '$lib/sync/outbox';

export interface ParsedUpload {
	kind: OutboxKind;
	body: unknown;
	summary: string;
	model?: string;
}

/**
 * Reads a file the user picked for upload: prediction records (JSON array, `{ records }` or NDJSON)
 * or one report (`schema: 'vigil.report/1'`). Errors name the line or record and the field.
 *
 * @example
 * parseUploadFile('batch.json', text, predictionRecordSchema);
 */
export function parseUploadFile(name: string, text: string, recordSchema: ZodType): ParsedUpload {
	const trimmed = text.trim();
	if (trimmed === '') throw new Error(`${name} is empty.`);
	let value: unknown;
	if (trimmed.startsWith('[') || trimmed.startsWith('{')) {
		try {
			value = JSON.parse(trimmed);
		} catch (err) {
			if (!trimmed.startsWith('{') || !trimmed.includes('\n')) {
				throw new Error(`${name} is not valid JSON: ${err instanceof Error ? err.message : err}`, {
					cause: err
				});
			}
			value = parseNdjson(name, trimmed);
		}
	} else {
		throw new Error(`${name} is neither JSON nor NDJSON (it should start with "[" or "{").`);
	}

	if (!Array.isArray(value) && isObject(value) && value.schema === 'vigil.report/1') {
		const named = isObject(value.model) ? value.model.name : value.model;
		const model = typeof named === 'string' ? named : undefined;
		return { kind: 'report', body: value, summary: `report${model ? ` of ${model}` : ''}`, model };
	}
	const records = Array.isArray(value)
		? value
		: isObject(value) && Array.isArray(value.records)
			? value.records
			: isObject(value) && 'id' in value
				? [value]
				: null;
	if (!records) {
		throw new Error(
			`${name} holds neither prediction records nor a report (expected an array of records or "schema": "vigil.report/1").`
		);
	}
	if (records.length === 0) throw new Error(`${name} holds no records.`);
	records.forEach((record, i) => {
		const result = recordSchema.safeParse(record);
		if (!result.success) {
			const issue = result.error.issues[0];
			const where = issue.path.length ? ` field "${issue.path.join('.')}"` : '';
			throw new Error(`${name}: record ${i + 1}${where}: ${issue.message}`);
		}
	});
	const models = [...new Set(records.map((r) => (r as { model: string }).model))];
	return {
		kind: 'predictions',
		body: records,
		summary: `${records.length} prediction${records.length === 1 ? '' : 's'} of ${models.join(', ')}`,
		model: models.length === 1 ? models[0] : undefined
	};
}

function parseNdjson(name: string, text: string): unknown[] {
	return text
		.split('\n')
		.map((line, i) => ({ line: line.trim(), n: i + 1 }))
		.filter(({ line }) => line !== '')
		.map(({ line, n }) => {
			try {
				return JSON.parse(line) as unknown;
			} catch (err) {
				throw new Error(
					`${name} line ${n} is not valid JSON: ${err instanceof Error ? err.message : err}`,
					{ cause: err }
				);
			}
		});
}

function isObject(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null;
}
