import {
	profileMetaSchema,
	type ProfileColumnMeta,
	type ProfileMeta,
	type ProfileMoments
} from '../contracts/profile';
import type { PreparedSide } from './prepared';
import { mergeSketches, sketchSorted } from './quantile-sketch';
import { numpySum } from './special/numpy-sum';
import { sortFloat64 } from './radix-sort';
import { isSortedAscending } from './sorted';
import { DriftInputError, type ColumnData } from './types';
import { sha256Hex } from './sha256';

export type NumericalProfileColumn = Extract<ProfileColumnMeta, { type: 'numerical' }> & {
	/** All finite values sorted ascending, or the sketch points. */
	values: Float64Array;
};
export type CategoricalProfileColumn = Extract<ProfileColumnMeta, { type: 'categorical' }>;
export type ProfileColumn = NumericalProfileColumn | CategoricalProfileColumn;

/** A reference profile (or a current-window summary): built once, then compared many times. */
export type ReferenceProfile = Omit<ProfileMeta, 'columns'> & { columns: ProfileColumn[] };

export interface ProfileOptions {
	/** Profile name (the data set's name). */
	name: string;
	/** SHA-256 (hex) of the source bytes, computed by the caller. */
	sha256: string;
	sourceName?: string;
	/** ISO timestamp (default: now). */
	createdAt?: string;
	/** Above this many finite values a column is stored as a quantile sketch (default 2^20). */
	exactLimit?: number;
	/** Points per sketch (default 8192, so the ECDF error bound is 1/8192). */
	sketchSize?: number;
}

export const DEFAULT_EXACT_LIMIT = 1 << 20;
export const DEFAULT_SKETCH_SIZE = 8192;

function numericalColumnProfile(
	col: Extract<ColumnData, { type: 'numerical' }>,
	exactLimit: number,
	sketchSize: number
): NumericalProfileColumn {
	const v = col.values;
	let missing = 0;
	let nonFinite = 0;
	const finite = new Float64Array(v.length);
	let n = 0;
	for (let i = 0; i < v.length; i++) {
		const x = v[i];
		if (Number.isNaN(x)) missing++;
		else if (!Number.isFinite(x)) nonFinite++;
		else finite[n++] = x;
	}
	const data = finite.subarray(0, n);
	const mean = n ? numpySum(data) / n : 0;
	const sq = new Float64Array(n);
	for (let i = 0; i < n; i++) sq[i] = (data[i] - mean) ** 2;
	const m2 = numpySum(sq);
	const sorted = sortFloat64(data);
	const sk = n > exactLimit ? sketchSorted(sorted, sketchSize) : { points: sorted, rankError: 0 };
	return {
		name: col.name,
		type: 'numerical',
		rows: v.length,
		missing,
		non_finite: nonFinite,
		moments: {
			n,
			mean,
			m2,
			min: n ? sorted[0] : 0,
			max: n ? sorted[n - 1] : 0
		},
		points: sk.points.length,
		sketch: sk.rankError > 0 ? { rank_error: sk.rankError } : null,
		values: sk.points
	};
}

function categoricalColumnProfile(
	col: Extract<ColumnData, { type: 'categorical' }>
): CategoricalProfileColumn {
	const counts = new Array<number>(col.categories.length).fill(0);
	let missing = 0;
	for (let i = 0; i < col.codes.length; i++) {
		const c = col.codes[i];
		if (c < 0) missing++;
		else if (c >= col.categories.length)
			throw new DriftInputError(
				'invalid_option',
				`column "${col.name}": code ${c} at row ${i} has no category (${col.categories.length} categories)`,
				{ column: col.name, row: i }
			);
		else counts[c]++;
	}
	// Merge duplicate category names so counts are keyed by name.
	const byName = new Map<string, number>();
	col.categories.forEach((c, i) => byName.set(c, (byName.get(c) ?? 0) + counts[i]));
	const categories = [...byName.keys()].sort();
	return {
		name: col.name,
		type: 'categorical',
		rows: col.codes.length,
		missing,
		categories,
		counts: categories.map((c) => byName.get(c)!)
	};
}

/**
 * Build a reference profile from columns (docs/architecture.md, rule 5): per column the sorted
 * finite values (or above `exactLimit` a quantile sketch with a recorded error bound), moments,
 * missing counts, category counts, and the SHA-256 of the source bytes (given by the caller; the
 * core does no I/O).
 *
 * @throws DriftInputError on duplicate column names or a malformed digest.
 * @example
 * const profile = buildProfile([numericalColumn('x', [3, 1, 2])], { name: 'train', sha256: 'ab'.repeat(32) });
 * profile.columns[0].type === 'numerical' && profile.columns[0].values; // Float64Array [1, 2, 3]
 */
export function buildProfile(columns: ColumnData[], options: ProfileOptions): ReferenceProfile {
	const exactLimit = options.exactLimit ?? DEFAULT_EXACT_LIMIT;
	const sketchSize = options.sketchSize ?? DEFAULT_SKETCH_SIZE;
	if (!/^[0-9a-f]{64}$/.test(options.sha256))
		throw new DriftInputError('invalid_option', 'sha256 must be 64 lowercase hex characters');
	if (!(
		Number.isInteger(exactLimit) &&
		exactLimit > 0 &&
		Number.isInteger(sketchSize) &&
		sketchSize >= 16
	))
		throw new DriftInputError(
			'invalid_option',
			'exactLimit must be a positive integer and sketchSize ≥ 16'
		);
	const seen = new Set<string>();
	let rows = 0;
	const out: ProfileColumn[] = [];
	for (const col of columns) {
		if (seen.has(col.name))
			throw new DriftInputError('invalid_option', `duplicate column name "${col.name}"`, {
				column: col.name
			});
		seen.add(col.name);
		const p =
			col.type === 'numerical'
				? numericalColumnProfile(col, exactLimit, sketchSize)
				: categoricalColumnProfile(col);
		rows = Math.max(rows, p.rows);
		out.push(p);
	}
	return {
		schema: 'vigil.profile/1',
		name: options.name,
		created_at: options.createdAt ?? new Date().toISOString(),
		rows,
		sources: [
			{ ...(options.sourceName ? { name: options.sourceName } : {}), sha256: options.sha256, rows }
		],
		exact_limit: exactLimit,
		sketch_size: sketchSize,
		columns: out
	};
}

/**
 * The digest that identifies a profile's data: the source's SHA-256, or for a merged profile the
 * SHA-256 of its sources' digests (sorted, comma-joined), so equal fleets give equal digests.
 *
 * @example
 * profileDigest(profile); // '9f86d0…'
 */
export function profileDigest(profile: ReferenceProfile): string {
	if (profile.sources.length === 1) return profile.sources[0].sha256;
	const joined = profile.sources
		.map((s) => s.sha256)
		.sort()
		.join(',');
	return sha256Hex(new TextEncoder().encode(joined));
}

function mergeMoments(a: ProfileMoments, b: ProfileMoments): ProfileMoments {
	if (a.n === 0) return b;
	if (b.n === 0) return a;
	const n = a.n + b.n;
	const delta = b.mean - a.mean;
	return {
		n,
		mean: a.mean + (delta * b.n) / n,
		m2: a.m2 + b.m2 + (delta * delta * a.n * b.n) / n,
		min: Math.min(a.min, b.min),
		max: Math.max(a.max, b.max)
	};
}

/**
 * Merge two profiles or current-window summaries of the same columns (fleet aggregation): counts
 * and moments add exactly (Chan, Golub & LeVeque 1979 for the variance), sorted values merge
 * exactly up to the exact limit, and sketches merge with the bound of quantile-sketch.ts.
 *
 * @throws DriftInputError `type_mismatch` when a column differs in type, `column_missing` when absent.
 * @example
 * const fleet = mergeProfiles(deviceA, deviceB, { name: 'fleet' });
 */
export function mergeProfiles(
	a: ReferenceProfile,
	b: ReferenceProfile,
	options: { name?: string; createdAt?: string } = {}
): ReferenceProfile {
	const exactLimit = Math.min(a.exact_limit, b.exact_limit);
	const sketchSize = Math.min(a.sketch_size, b.sketch_size);
	const bCols = new Map(b.columns.map((c) => [c.name, c]));
	const columns: ProfileColumn[] = a.columns.map((ca) => {
		const cb = bCols.get(ca.name);
		if (!cb)
			throw new DriftInputError(
				'column_missing',
				`column "${ca.name}" is missing from the second profile`,
				{
					column: ca.name
				}
			);
		if (ca.type !== cb.type)
			throw new DriftInputError(
				'type_mismatch',
				`column "${ca.name}" is ${ca.type} in one profile and ${cb.type} in the other`,
				{
					column: ca.name
				}
			);
		if (ca.type === 'categorical' && cb.type === 'categorical') {
			const m = new Map<string, number>();
			ca.categories.forEach((c, i) => m.set(c, (m.get(c) ?? 0) + ca.counts[i]));
			cb.categories.forEach((c, i) => m.set(c, (m.get(c) ?? 0) + cb.counts[i]));
			const categories = [...m.keys()].sort();
			return {
				...ca,
				rows: ca.rows + cb.rows,
				missing: ca.missing + cb.missing,
				categories,
				counts: categories.map((c) => m.get(c)!)
			};
		}
		const na = ca as NumericalProfileColumn;
		const nb = cb as NumericalProfileColumn;
		const merged = mergeSketches(
			{ points: na.values, n: na.moments.n, rankError: na.sketch?.rank_error ?? 0 },
			{ points: nb.values, n: nb.moments.n, rankError: nb.sketch?.rank_error ?? 0 },
			sketchSize,
			exactLimit
		);
		return {
			...na,
			rows: na.rows + nb.rows,
			missing: na.missing + nb.missing,
			non_finite: na.non_finite + nb.non_finite,
			moments: mergeMoments(na.moments, nb.moments),
			points: merged.points.length,
			sketch: merged.rankError > 0 ? { rank_error: Math.min(1, merged.rankError) } : null,
			values: merged.points
		};
	});
	for (const cb of b.columns)
		if (!a.columns.some((c) => c.name === cb.name))
			throw new DriftInputError(
				'column_missing',
				`column "${cb.name}" is missing from the first profile`,
				{
					column: cb.name
				}
			);
	return {
		schema: 'vigil.profile/1',
		name: options.name ?? a.name,
		created_at: options.createdAt ?? new Date().toISOString(),
		rows: a.rows + b.rows,
		sources: [...a.sources, ...b.sources],
		exact_limit: exactLimit,
		sketch_size: sketchSize,
		columns
	};
}

/**
 * The prepared reference side of one profile column, without copying or sorting.
 *
 * @example
 * profileSide(profile.columns[0]).type; // 'numerical'
 */
export function profileSide(col: ProfileColumn): PreparedSide {
	if (col.type === 'numerical')
		return {
			type: 'numerical',
			sorted: col.values,
			n: col.moments.n,
			sketched: col.sketch !== null,
			std: col.moments.n ? Math.sqrt(col.moments.m2 / col.moments.n) : NaN
		};
	const counts = new Map<string, number>();
	let n = 0;
	col.categories.forEach((c, i) => {
		if (col.counts[i] > 0) counts.set(c, col.counts[i]);
		n += col.counts[i];
	});
	return { type: 'categorical', counts, n };
}

const MAGIC = [0x56, 0x47, 0x50, 0x46]; // "VGPF"
export const PROFILE_FORMAT_VERSION = 1;

/**
 * Compact binary form: "VGPF", u16 format version, u16 reserved, u32 length of the UTF-8 JSON
 * metadata (`vigil.profile/1`, src/lib/contracts/profile.ts), the JSON, zero padding to 8 bytes,
 * then each numerical column's points as little-endian float64, in column order.
 *
 * @example
 * const bytes = serializeProfile(profile);
 * deserializeProfile(bytes).columns.length === profile.columns.length; // true
 */
export function serializeProfile(profile: ReferenceProfile): Uint8Array {
	const meta: ProfileMeta = {
		...profile,
		columns: profile.columns.map((c) => {
			if (c.type === 'categorical') return c;
			const { values: _values, ...rest } = c;
			return { ...rest, points: c.values.length };
		})
	};
	const json = new TextEncoder().encode(JSON.stringify(meta));
	const head = 12 + json.length;
	const start = Math.ceil(head / 8) * 8;
	let floats = 0;
	for (const c of profile.columns) if (c.type === 'numerical') floats += c.values.length;
	const out = new Uint8Array(start + floats * 8);
	out.set(MAGIC, 0);
	const view = new DataView(out.buffer);
	view.setUint16(4, PROFILE_FORMAT_VERSION, true);
	view.setUint16(6, 0, true);
	view.setUint32(8, json.length, true);
	out.set(json, 12);
	let off = start;
	for (const c of profile.columns) {
		if (c.type !== 'numerical') continue;
		for (let i = 0; i < c.values.length; i++, off += 8) view.setFloat64(off, c.values[i], true);
	}
	return out;
}

/**
 * Read a profile written by {@link serializeProfile}, validating the header, the metadata contract,
 * the byte length and the sort order of every stored column.
 *
 * @throws DriftInputError `invalid_profile` naming what is wrong.
 * @example
 * const profile = deserializeProfile(bytes);
 */
export function deserializeProfile(bytes: Uint8Array): ReferenceProfile {
	const bad = (msg: string) =>
		new DriftInputError('invalid_profile', `not a valid profile: ${msg}`);
	if (bytes.length < 12 || MAGIC.some((m, i) => bytes[i] !== m)) throw bad('missing "VGPF" header');
	const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
	const version = view.getUint16(4, true);
	if (version !== PROFILE_FORMAT_VERSION)
		throw bad(
			`format version ${version} is not supported (this build reads ${PROFILE_FORMAT_VERSION})`
		);
	const len = view.getUint32(8, true);
	if (12 + len > bytes.length) throw bad('metadata runs past the end');
	let raw: unknown;
	try {
		raw = JSON.parse(
			new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(
				bytes.subarray(12, 12 + len)
			)
		);
	} catch {
		throw bad('metadata is not UTF-8 JSON');
	}
	const parsed = profileMetaSchema.safeParse(raw);
	if (!parsed.success)
		throw bad(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
	const meta = parsed.data;
	let off = Math.ceil((12 + len) / 8) * 8;
	let floats = 0;
	for (const c of meta.columns) if (c.type === 'numerical') floats += c.points;
	if (bytes.length !== off + floats * 8)
		throw bad(`expected ${off + floats * 8} bytes, got ${bytes.length}`);
	const columns: ProfileColumn[] = meta.columns.map((c) => {
		if (c.type === 'categorical') {
			if (c.categories.length !== c.counts.length)
				throw bad(`column "${c.name}": categories and counts differ in length`);
			return c;
		}
		const values = new Float64Array(c.points);
		for (let i = 0; i < c.points; i++, off += 8) values[i] = view.getFloat64(off, true);
		if (!isSortedAscending(values)) throw bad(`column "${c.name}": stored values are not sorted`);
		if (c.sketch === null && c.points !== c.moments.n)
			throw bad(`column "${c.name}": ${c.points} values stored for ${c.moments.n} rows`);
		return { ...c, values };
	});
	return { ...meta, columns };
}
