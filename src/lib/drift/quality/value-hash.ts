import type { ColumnData } from '../types';

/**
 * Per-row 32-bit hashes of one column's values, for hashing rows and columns: numerical values by
 * their float64 bits (NaN and −0 normalized, so every missing value is alike and −0 equals 0),
 * categories by name (so two codes naming one category are alike), missing categories alike.
 * Two independent FNV-1a variants (offset bases 2166136261 and 0x811c9dc5 ^ 0x5bd1e995) give a
 * 64-bit key when used together.
 *
 * Reference: G. Fowler, L. C. Noll, K.-P. Vo, "FNV hash", IETF draft-eastlake-fnv (FNV-1a).
 */
const view = new DataView(new ArrayBuffer(8));

export function fnv(h: number, byte: number): number {
	return Math.imul(h ^ byte, 16777619) >>> 0;
}

function hashBytes(seed: number, bytes: Uint8Array): number {
	let h = seed;
	for (const b of bytes) h = fnv(h, b);
	return h;
}

const encoder = new TextEncoder();

export const SEEDS = [2166136261, (2166136261 ^ 0x5bd1e995) >>> 0] as const;

/**
 * The hash of every row's value of `col` under `seed`.
 *
 * @example
 * const h = valueHashes(column, SEEDS[0]); // Uint32Array, one per row
 */
export function valueHashes(col: ColumnData, seed: number): Uint32Array {
	if (col.type === 'categorical') {
		const perCategory = col.categories.map((c) => hashBytes(seed, encoder.encode(c)));
		const missing = hashBytes(seed, Uint8Array.of(0xff, 0xfe));
		return Uint32Array.from(col.codes, (k) => (k < 0 ? missing : perCategory[k]));
	}
	const bytes = new Uint8Array(view.buffer);
	return Uint32Array.from(col.values, (x) => {
		view.setFloat64(0, Number.isNaN(x) ? NaN : x === 0 ? 0 : x);
		return hashBytes(seed, bytes);
	});
}
