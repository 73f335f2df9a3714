import { BatchInputError } from './errors';

/** One batch's rows: batch time ascending, one value array per variable (NaN = missing). */
export interface BatchSeries {
	id: string;
	time: Float64Array;
	/** In the order of the variable names the caller keeps beside the batches. */
	values: Float64Array[];
	/** Row numbers (0-based, in the caller's table) of each row, for messages. */
	rows: Int32Array;
}

/** A table as the batch core takes it: typed columns, the batch ids and the batch time. */
export interface BatchTable {
	/** Batch id of every row (numbers are turned into their decimal text). */
	batchIds: ArrayLike<string | number | null | undefined>;
	time: Float64Array;
	columns: { name: string; values: Float64Array }[];
	/** Names used in messages (default 'batch' and 'time'). */
	batchColumn?: string;
	timeColumn?: string;
	/** Added to row numbers in messages (1 for a header line plus 1-based rows of a CSV, say). */
	rowOffset?: number;
}

/** What {@link splitBatches} did besides splitting: batches whose rows it sorted by time. */
export interface SplitNotes {
	sorted: string[];
}

function idOf(v: string | number | null | undefined): string | undefined {
	if (v === null || v === undefined) return undefined;
	if (typeof v === 'number') return Number.isFinite(v) ? String(v) : undefined;
	const s = v.trim();
	return s === '' ? undefined : s;
}

/**
 * Splits a table into batches by the batch-id column, in order of first appearance. Rows are put
 * in time order within each batch (a table sorted by something else is a documented case, noted in
 * `notes.sorted`); a row without a batch id or a finite time, and two rows of one batch at the same
 * time, are errors naming the batch, the column and the row.
 *
 * @throws BatchInputError `missing_batch_id`, `invalid_time`, `duplicate_time`.
 * @example
 * const { batches } = splitBatches({ batchIds: ['a', 'a', 'b'], time: Float64Array.of(0, 1, 0),
 *   columns: [{ name: 'T', values: Float64Array.of(20, 21, 20.5) }] });
 * batches.map((b) => b.id); // ['a', 'b']
 */
export function splitBatches(table: BatchTable): { batches: BatchSeries[]; notes: SplitNotes } {
	const batchColumn = table.batchColumn ?? 'batch';
	const timeColumn = table.timeColumn ?? 'time';
	const offset = table.rowOffset ?? 0;
	const n = table.time.length;
	for (const c of table.columns)
		if (c.values.length !== n)
			throw new BatchInputError(
				'invalid_option',
				`column '${c.name}' has ${c.values.length} rows, the time column '${timeColumn}' has ${n}`,
				{ column: c.name }
			);
	if (table.batchIds.length !== n)
		throw new BatchInputError(
			'invalid_option',
			`the batch column '${batchColumn}' has ${table.batchIds.length} rows, the time column has ${n}`,
			{ column: batchColumn }
		);
	const groups = new Map<string, number[]>();
	for (let r = 0; r < n; r++) {
		const id = idOf(table.batchIds[r]);
		if (id === undefined)
			throw new BatchInputError(
				'missing_batch_id',
				`row ${r + offset} has no batch id in column '${batchColumn}'`,
				{ column: batchColumn, row: r + offset }
			);
		const t = table.time[r];
		if (!Number.isFinite(t))
			throw new BatchInputError(
				'invalid_time',
				`batch ${id}: row ${r + offset} has no valid time in column '${timeColumn}' (got ${t})`,
				{ batch: id, column: timeColumn, row: r + offset }
			);
		let g = groups.get(id);
		if (!g) groups.set(id, (g = []));
		g.push(r);
	}
	const sorted: string[] = [];
	const batches: BatchSeries[] = [];
	for (const [id, rows] of groups) {
		let inOrder = true;
		for (let i = 1; i < rows.length; i++)
			if (table.time[rows[i]] < table.time[rows[i - 1]]) inOrder = false;
		if (!inOrder) {
			rows.sort((a, b) => table.time[a] - table.time[b] || a - b);
			sorted.push(id);
		}
		for (let i = 1; i < rows.length; i++)
			if (table.time[rows[i]] === table.time[rows[i - 1]])
				throw new BatchInputError(
					'duplicate_time',
					`batch ${id}: rows ${rows[i - 1] + offset} and ${rows[i] + offset} have the same time ${table.time[rows[i]]} in column '${timeColumn}'; one row per time is expected`,
					{ batch: id, column: timeColumn, row: rows[i] + offset }
				);
		batches.push({
			id,
			time: Float64Array.from(rows, (r) => table.time[r]),
			values: table.columns.map((c) => Float64Array.from(rows, (r) => c.values[r])),
			rows: Int32Array.from(rows, (r) => r + offset)
		});
	}
	return { batches, notes: { sorted } };
}
