import type { ColumnDrift } from '../contracts/report';
import { histogramCountsSorted } from './binned';
import type { PreparedSide } from './prepared';
import { searchSorted } from './sorted';

const HIST_BINS = 30;
const ECDF_POINTS = 65;
const MAX_CATEGORIES = 30;

/** The point i/n of the way from lo to hi, also when hi − lo overflows a double (±1.8e308). */
function between(lo: number, hi: number, i: number, n: number): number {
	const span = hi - lo;
	return Number.isFinite(span) ? lo + (span * i) / n : lo * (1 - i / n) + hi * (i / n);
}

/**
 * What a report needs to draw one column: for numerical columns a histogram of both sides on 30
 * shared equal-width bins over the pooled range and both ECDFs at 65 points; for categorical ones
 * the share of each category on both sides (the 29 largest, then the rest as one row).
 *
 * @example
 * drawing(prepareNumerical([1, 2]), prepareNumerical([2, 3])).histogram?.edges.length; // 31
 */
export function drawing(ref: PreparedSide, cur: PreparedSide): Partial<ColumnDrift> {
	if (ref.type === 'numerical' && cur.type === 'numerical') {
		const lo = Math.min(ref.sorted[0], cur.sorted[0]);
		const hi = Math.max(ref.sorted[ref.sorted.length - 1], cur.sorted[cur.sorted.length - 1]);
		const bins = lo === hi ? 1 : HIST_BINS;
		const edges = new Float64Array(bins + 1);
		for (let i = 0; i <= bins; i++) edges[i] = lo === hi ? lo - 0.5 + i : between(lo, hi, i, bins);
		edges[bins] = lo === hi ? hi + 0.5 : hi;
		const rc = histogramCountsSorted(ref.sorted, edges);
		const cc = histogramCountsSorted(cur.sorted, edges);
		const xs: number[] = [];
		const fr: number[] = [];
		const fc: number[] = [];
		for (let i = 0; i < ECDF_POINTS; i++) {
			const x = lo === hi ? lo : between(lo, hi, i, ECDF_POINTS - 1);
			xs.push(x);
			fr.push(searchSorted(ref.sorted, x, 'right') / ref.sorted.length);
			fc.push(searchSorted(cur.sorted, x, 'right') / cur.sorted.length);
		}
		return {
			histogram: {
				edges: Array.from(edges),
				reference: Array.from(rc, (c) => c / ref.sorted.length),
				current: Array.from(cc, (c) => c / cur.sorted.length)
			},
			ecdf: { x: xs, reference: fr, current: fc }
		};
	}
	if (ref.type === 'categorical' && cur.type === 'categorical') {
		const names = [...new Set([...ref.counts.keys(), ...cur.counts.keys()])];
		const rows = names.map((category) => ({
			category,
			reference: (ref.counts.get(category) ?? 0) / ref.n,
			current: (cur.counts.get(category) ?? 0) / cur.n
		}));
		rows.sort(
			(a, b) =>
				b.reference + b.current - (a.reference + a.current) || (a.category < b.category ? -1 : 1)
		);
		if (rows.length > MAX_CATEGORIES) {
			const rest = rows.splice(MAX_CATEGORIES - 1);
			rows.push({
				category: `(${rest.length} other categories)`,
				reference: Math.min(
					1,
					rest.reduce((s, r) => s + r.reference, 0)
				),
				current: Math.min(
					1,
					rest.reduce((s, r) => s + r.current, 0)
				)
			});
		}
		return { categories: rows };
	}
	return {};
}
