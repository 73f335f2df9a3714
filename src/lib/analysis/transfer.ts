import type { ColumnData } from '../drift/types';

/**
 * The buffers of columns to transfer to a worker; none when two columns share a buffer (or it is
 * shared memory), because transferring the same buffer twice throws.
 *
 * @example
 * worker.postMessage({ columns }, columnBuffers(columns));
 */
export function columnBuffers(columns: ColumnData[]): ArrayBuffer[] {
	const seen = new Set<ArrayBufferLike>();
	for (const c of columns) {
		const b = c.type === 'numerical' ? c.values.buffer : c.codes.buffer;
		if (!(b instanceof ArrayBuffer) || seen.has(b)) return [];
		seen.add(b);
	}
	return [...seen] as ArrayBuffer[];
}
