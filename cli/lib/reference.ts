import { basename } from 'node:path';
import { buildProfile, type ReferenceProfile } from '../../src/lib/drift/profile';
import { numericalColumn, type ColumnData } from '../../src/lib/drift/types';
import type { Window } from '../../src/lib/data/types';
import type { TabularModel } from '../../src/lib/ml/model-session';
import { CliError } from '../command.ts';
import { asCliError } from './errors.ts';
import { readInput } from './files.ts';
import { scoreColumns } from './model.ts';
import { isProfileBytes, readProfileFile } from './profile-file.ts';
import { loadTable, rowCount } from './tables.ts';

/** Which columns to keep and what to add, shared by the reference and the current side. */
export interface SideOptions {
	/** Feature columns to compare (all numerical and categorical columns when left out). */
	columns?: string[];
	/** Model whose score becomes the `prediction` column. */
	model?: TabularModel;
	/** Name of the prediction column (default 'prediction'). */
	prediction?: string;
	/** Label column. */
	target?: string;
	/** Types to impose (the reference's). */
	types?: Record<string, 'numerical' | 'categorical'>;
	/** Rows to read (all when left out). */
	window?: Window;
	/** Columns never compared (e.g. the --segment-by column). */
	exclude?: string[];
	onProgress?: (message: string) => void;
}

/** A side's columns ready for the drift core, and where they came from. */
export interface Side {
	columns: ColumnData[];
	sha256: string;
	rows: number;
}

/**
 * Loads a data file and shapes it for the drift core: the chosen columns, the target, and the
 * model's score as the prediction column (the model's features are read even when not compared).
 *
 * @example
 * const side = await loadSide('--current', 'today.parquet', { model, target: 'cnt' });
 */
export async function loadSide(option: string, path: string, options: SideOptions): Promise<Side> {
	const prediction = options.prediction ?? 'prediction';
	const wanted = options.columns
		? [
				...new Set([
					...options.columns,
					...(options.target ? [options.target] : []),
					...(options.model ? options.model.card.features.map((f) => f.name) : []),
					...(!options.model && options.prediction ? [options.prediction] : [])
				])
			]
		: undefined;
	options.onProgress?.(`reading ${path}`);
	const table = await loadTable(option, path, wanted, {
		types: options.types,
		window: options.window
	});
	if (options.target && !table.columns.some((c) => c.name === options.target))
		throw new CliError(
			`${option}: '${path}' has no target column '${options.target}' (or it is not numerical/categorical)`
		);
	const excluded = new Set(options.exclude ?? []);
	let columns = table.columns.filter((c) => !excluded.has(c.name));
	if (options.columns) {
		const keep = new Set([
			...options.columns,
			options.target,
			!options.model && options.prediction
		]);
		columns = columns.filter((c) => keep.has(c.name));
	}
	if (options.model) {
		options.onProgress?.(`running ${options.model.id} on ${path}`);
		const scores = await scoreColumns(options.model, table.columns);
		columns = [
			...columns.filter((c) => c.name !== prediction),
			numericalColumn(prediction, scores)
		];
	}
	return { columns, sha256: table.info.sha256, rows: rowCount(table.columns) };
}

/**
 * The reference profile: read from a profile file (`vigil profile build`, SHA-256 checked), or
 * built from a Parquet/CSV file on the spot.
 *
 * @example
 * const { profile } = await loadReference('ref.parquet', { columns: ['age'] });
 */
export async function loadReference(
	path: string,
	options: SideOptions,
	option = '--reference'
): Promise<{
	profile: ReferenceProfile;
	source: 'profile' | 'data';
	checked?: boolean;
	/** The columns the profile was built from (data files only), for fitting further models. */
	columns?: ColumnData[];
}> {
	const bytes = await readInput(option, path);
	if (isProfileBytes(bytes)) {
		const { profile, checked } = await readProfileFile(option, path, bytes);
		if (options.columns) {
			const have = new Set(profile.columns.map((c) => c.name));
			const missing = options.columns.filter((c) => !have.has(c));
			if (missing.length > 0)
				throw new CliError(
					`${option}: profile '${path}' has no column${missing.length > 1 ? 's' : ''} ${missing.map((c) => `'${c}'`).join(', ')}`
				);
			const keep = new Set([
				...options.columns,
				options.target,
				options.prediction ?? 'prediction'
			]);
			profile.columns = profile.columns.filter((c) => keep.has(c.name));
		}
		if (options.exclude?.length)
			profile.columns = profile.columns.filter((c) => !options.exclude!.includes(c.name));
		return { profile, source: 'profile', checked };
	}
	const side = await loadSide(option, path, options);
	try {
		const profile = buildProfile(side.columns, {
			name: basename(path),
			sha256: side.sha256,
			sourceName: basename(path)
		});
		return { profile, source: 'data', columns: side.columns };
	} catch (err) {
		throw asCliError(err, option);
	}
}
