import type { PreparedReference } from './prepared';
import { SIGNALS, type SignalName, type SignalValues } from './signals';

/** One variable's share of a row's statistics, for ranking (largest first). */
export interface Contribution {
	variable: string;
	/**
	 * The ranking key: the variable's score in the ranking signal (over its limit: 1 is the limit),
	 * plus 0.001 × its largest score in the other signals to order the rest; without signal scores,
	 * `max(0, c_T²)/T²-limit + c_SPE/SPE-limit`, the variable's part of the combined index.
	 */
	contribution: number;
	/** The variable's score in each signal at that row, over its limit (0 where it does not apply). */
	signals?: SignalValues;
	/** Contribution to T² (Westerhuis et al. 2000; may be negative, they add up to T²). */
	t2: number;
	/** Contribution to SPE: the squared scaled residual (they add up to SPE). */
	spe: number;
	/** Scaled deviation from the reference trajectory, (x − centre)/scale. */
	z: number;
	value: number | null;
	centre: number;
	/** The variable's band at that time: centre ± factor · scale. */
	low: number;
	high: number;
}

/**
 * Per-variable contributions of one scaled row z to Hotelling's T² and to SPE:
 * `c_j^T² = z_j · Σ_a p_ja t_a / λ_a` (they sum to T²) and `c_j^SPE = e_j²` with `e = z − Pt`
 * (they sum to SPE) (Westerhuis, Gurden & Smilde 2000, "Generalized contribution plots in
 * multivariate statistical process monitoring", Chemom. Intell. Lab. Syst. 51:95–114; Nomikos 1996).
 * Each is divided by its statistic's limit at that time, and the ranking uses their sum, the
 * variable's share of the combined index `T²/τ² + SPE/δ²` (Yue & Qin 2001, Ind. Eng. Chem. Res.
 * 40:4403–4414), so a variable counts as much for pushing T² past its limit as for pushing SPE past
 * its own. Sorted by that share, largest first; or, given the per-signal scores of the row, by the
 * score in the signal that fired (monitor.ts).
 *
 * @example
 * const ranked = contributions(prepared, z, raw, centre, scale, t2Limit, speLimit);
 * ranked[0].variable; // the variable that moved the statistics most
 */
export function contributions(
	p: PreparedReference,
	z: Float64Array,
	raw: ArrayLike<number>,
	centre: Float64Array,
	scale: Float64Array,
	t2Limit: number,
	speLimit: number,
	ranking?: { scores: Float64Array; by: SignalName }
): Contribution[] {
	const { J, A, loadings, eigenvalues } = p;
	const t = new Float64Array(A);
	for (let a = 0; a < A; a++) {
		let s = 0;
		for (let j = 0; j < J; j++) s += loadings[j * A + a] * z[j];
		t[a] = s;
	}
	const factor = p.ref.band.factor;
	const out: Contribution[] = [];
	for (let j = 0; j < J; j++) {
		let wt = 0;
		let rec = 0;
		for (let a = 0; a < A; a++) {
			wt += (loadings[j * A + a] * t[a]) / eigenvalues[a];
			rec += loadings[j * A + a] * t[a];
		}
		const c2 = z[j] * wt;
		const e = z[j] - rec;
		const cs = e * e;
		let key = Math.max(0, c2) / (t2Limit || 1) + cs / (speLimit || 1);
		let signals: SignalValues | undefined;
		if (ranking) {
			const sc = ranking.scores;
			signals = { level: sc[j], change: sc[J + j], recipe: sc[2 * J + j], flatline: sc[3 * J + j] };
			let other = 0;
			for (const s of SIGNALS) if (s !== ranking.by) other = Math.max(other, signals[s]);
			key = signals[ranking.by] + 1e-3 * other;
		}
		out.push({
			variable: p.ref.variables[j],
			contribution: key,
			...(signals ? { signals } : {}),
			t2: c2,
			spe: cs,
			z: z[j],
			value: Number.isFinite(raw[j]) ? raw[j] : null,
			centre: centre[j],
			low: centre[j] - factor * scale[j],
			high: centre[j] + factor * scale[j]
		});
	}
	return out.sort((a, b) => b.contribution - a.contribution);
}
