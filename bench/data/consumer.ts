import type { Column } from '../../src/lib/data/types';

/**
 * A drift-core-shaped consumer: takes the columns as Float64Arrays and reads every value once
 * (mean and missing count), so a benchmark cannot skip handing a column over.
 *
 * @example
 * const summary = consume(await engine.columns(id));
 */
export function consume(columns: Column[]): { columns: number; rows: number; checksum: number } {
	let checksum = 0;
	let rows = 0;
	for (const c of columns) {
		if (c.type !== 'numerical' || !(c.values instanceof Float64Array)) {
			throw new Error(`column ${c.name} was not handed over as a Float64Array`);
		}
		let sum = 0;
		let missing = 0;
		for (let i = 0; i < c.values.length; i++) {
			const v = c.values[i];
			if (Number.isNaN(v)) missing++;
			else sum += v;
		}
		checksum += sum / Math.max(1, c.values.length - missing) + missing;
		rows = c.values.length;
	}
	return { columns: columns.length, rows, checksum };
}
