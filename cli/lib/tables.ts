import { basename } from 'node:path';
import type { DuckDataEngine } from '../../src/lib/data/engine';
import { createNodeEngine } from '../../src/lib/data/node-engine';
import type { DatasetInfo, Window } from '../../src/lib/data/types';
import type { ColumnData } from '../../src/lib/drift/types';
import { CliError } from '../command.ts';
import { asCliError } from './errors.ts';
import { readInput } from './files.ts';

/** A data file loaded into the engine: its description and every column as typed arrays. */
export interface LoadedTable {
	path: string;
	info: DatasetInfo;
	columns: ColumnData[];
}

let shared: Promise<DuckDataEngine> | undefined;

/**
 * The process's one data engine (DuckDB-WASM in Node), created on first use.
 *
 * @example
 * const engine = await dataEngine();
 */
export function dataEngine(): Promise<DuckDataEngine> {
	shared ??= createNodeEngine();
	return shared;
}

/**
 * Loads a Parquet or CSV file through the data engine and reads its columns. Datetime and text
 * columns are left out unless named in `columns` (they are identifiers or timestamps, not
 * features whose distribution should be compared, as Evidently does for text).
 *
 * @example
 * const ref = await loadTable('--reference', 'train.parquet', ['age', 'income']);
 */
export async function loadTable(
	option: string,
	path: string,
	columns?: string[],
	options: {
		expectedSha256?: string;
		/** Column types to impose (the reference's), so a small window is typed like its reference. */
		types?: Record<string, 'numerical' | 'categorical'>;
		/** Rows to read (all when left out), e.g. a model card's reference filter. */
		window?: Window;
	} = {}
): Promise<LoadedTable> {
	const bytes = await readInput(option, path);
	const engine = await dataEngine();
	try {
		const loaded = await engine.loadFile(
			{ name: basename(path), bytes },
			{
				id: `${option.replace(/\W/g, '')}-${basename(path)}`,
				expectedSha256: options.expectedSha256
			}
		);
		let info = loaded;
		for (const [name, type] of Object.entries(options.types ?? {})) {
			const col = info.columns.find((c) => c.name === name);
			if (col && col.type !== type) info = await engine.setColumnType(info.id, name, type);
		}
		const known = new Set(info.columns.map((c) => c.name));
		const missing = (columns ?? []).filter((c) => !known.has(c));
		if (missing.length > 0)
			throw new CliError(
				`${option}: '${path}' has no column${missing.length > 1 ? 's' : ''} ${missing.map((c) => `'${c}'`).join(', ')}`
			);
		const names =
			columns ??
			info.columns
				.filter((c) => c.type === 'numerical' || c.type === 'categorical')
				.map((c) => c.name);
		return { path, info, columns: await engine.columns(info.id, names, options.window) };
	} catch (err) {
		throw asCliError(err, option);
	}
}

/**
 * Rows of a column set (the longest column).
 *
 * @example
 * rowCount(table.columns); // 1000
 */
export function rowCount(columns: ColumnData[]): number {
	return Math.max(
		0,
		...columns.map((c) => (c.type === 'numerical' ? c.values.length : c.codes.length))
	);
}
