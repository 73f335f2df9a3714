import { basename } from 'node:path';
import { BatchInputError, splitBatches, type BatchSeries } from '../../src/lib/batch';
import type { ColumnData } from '../../src/lib/drift/types';
import { CliError } from '../command.ts';
import { loadTable } from './tables.ts';

/** The batches of one data file, with the file's digest and the columns it had. */
export interface BatchFile {
	path: string;
	sha256: string;
	rows: number;
	batches: BatchSeries[];
	/** Names of the value arrays of every batch. */
	variables: string[];
	/** Batches whose rows were not in time order (sorted on reading). */
	sortedBatches: string[];
}

function idsOf(c: ColumnData): (string | number | null)[] {
	if (c.type === 'numerical') return Array.from(c.values, (v) => (Number.isFinite(v) ? v : null));
	return Array.from(c.codes, (k) => (k < 0 ? null : c.categories[k]));
}

/**
 * A column the engine typed categorical because it has few distinct values (a set-point with six
 * levels, a 0/1 flag) is numeric when every category is a number: batch monitoring needs it as one.
 */
function asNumbers(c: ColumnData): ColumnData {
	if (c.type === 'numerical') return c;
	const nums = c.categories.map((v) => (v.trim() === '' ? Number.NaN : Number(v)));
	if (nums.some((v) => !Number.isFinite(v))) return c;
	return {
		name: c.name,
		type: 'numerical',
		values: Float64Array.from(c.codes, (k) => (k < 0 ? Number.NaN : nums[k]))
	};
}

/**
 * Reads a Parquet or CSV file of batches through the data engine and splits it by the batch
 * column: `variables` are the given columns, or every numerical column but the batch and time
 * columns. Bad input (no such column, a non-numeric time, a duplicate time) is a CliError naming
 * the option, the file, the batch and the column.
 *
 * @example
 * const f = await readBatchFile('--data', 'golden.csv', { batchColumn: 'batch_id', timeColumn: 'Time (h)' });
 */
export async function readBatchFile(
	option: string,
	path: string,
	o: { batchColumn: string; timeColumn: string; columns?: string[]; extra?: string[] }
): Promise<BatchFile> {
	const wanted = o.columns
		? [...new Set([o.batchColumn, o.timeColumn, ...o.columns, ...(o.extra ?? [])])]
		: undefined;
	const table = await loadTable(option, path, wanted, {
		types: { [o.timeColumn]: 'numerical' }
	}).catch((err) => {
		throw err instanceof CliError && /has no column/.test(err.message)
			? new CliError(
					`${err.message} (--batch-column, --time-column and --columns name the columns)`
				)
			: err;
	});
	const byName = new Map(table.columns.map((c) => [c.name, asNumbers(c)]));
	const batchCol = byName.get(o.batchColumn);
	const timeCol = byName.get(o.timeColumn);
	const known = table.info.columns.map((c) => c.name);
	if (!batchCol)
		throw new CliError(
			`${option}: '${path}' has no batch column '${o.batchColumn}' (columns: ${known.join(', ')})`
		);
	if (!timeCol || timeCol.type !== 'numerical')
		throw new CliError(
			`${option}: '${path}' has no numeric time column '${o.timeColumn}' (columns: ${known.join(', ')})`
		);
	const chosen = o.columns
		? [...o.columns, ...(o.extra ?? []).filter((e) => !o.columns!.includes(e))]
		: [...byName.values()]
				.filter(
					(c) => c.type === 'numerical' && c.name !== o.batchColumn && c.name !== o.timeColumn
				)
				.map((c) => c.name);
	const columns = chosen.map((n) => byName.get(n)).filter((c): c is ColumnData => c !== undefined);
	const notNumeric = columns.filter((c) => c.type !== 'numerical').map((c) => c.name);
	if (o.columns && notNumeric.some((n) => o.columns!.includes(n)))
		throw new CliError(
			`${option}: column${notNumeric.length > 1 ? 's' : ''} ${notNumeric.map((n) => `'${n}'`).join(', ')} of '${path}' ${notNumeric.length > 1 ? 'are' : 'is'} not numeric`
		);
	const numeric = columns.filter(
		(c): c is Extract<ColumnData, { type: 'numerical' }> => c.type === 'numerical'
	);
	try {
		const { batches, notes } = splitBatches({
			batchIds: idsOf(batchCol),
			time: timeCol.values,
			columns: numeric.map((c) => ({ name: c.name, values: c.values })),
			batchColumn: o.batchColumn,
			timeColumn: o.timeColumn,
			rowOffset: /\.csv$/i.test(path) ? 2 : 0
		});
		return {
			path,
			sha256: table.info.sha256,
			rows: timeCol.values.length,
			batches,
			variables: numeric.map((c) => c.name),
			sortedBatches: notes.sorted
		};
	} catch (err) {
		if (err instanceof BatchInputError)
			throw new CliError(`${option} ${basename(path)}: ${err.message}`);
		throw err;
	}
}

/**
 * Refuses a batch id that appears in two files: the two sets of rows would be one batch.
 *
 * @example
 * checkDistinctBatches(files); // throws "batch 3 is in both a.csv and b.csv"
 */
export function checkDistinctBatches(files: BatchFile[]): void {
	const seen = new Map<string, string>();
	for (const f of files)
		for (const b of f.batches) {
			const other = seen.get(b.id);
			if (other !== undefined)
				throw new CliError(
					`batch ${b.id} is in both '${other}' and '${f.path}': a batch id must be in one file only`
				);
			seen.set(b.id, f.path);
		}
}
