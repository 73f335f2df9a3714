import { seededRandom } from './random';

/**
 * Mid-ranks (1-based, ties share the mean of their ranks) of `scores`.
 *
 * @example
 * midRanks(Float64Array.of(0.3, 0.1, 0.3)); // Float64Array [2.5, 1, 2.5]
 */
export function midRanks(scores: ArrayLike<number>): Float64Array {
	const n = scores.length;
	const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => scores[a] - scores[b]);
	const ranks = new Float64Array(n);
	for (let i = 0; i < n;) {
		let j = i;
		while (j + 1 < n && scores[order[j + 1]] === scores[order[i]]) j++;
		const mid = (i + j) / 2 + 1;
		for (let k = i; k <= j; k++) ranks[order[k]] = mid;
		i = j + 1;
	}
	return ranks;
}

/**
 * ROC AUC from mid-ranks: AUC = (R₁ − n₁(n₁ + 1)/2) / (n₁ n₀), R₁ the rank sum of the positives
 * (the Mann–Whitney U over n₁ n₀; ties count one half, as scikit-learn's roc_auc_score). NaN when
 * either class is empty.
 *
 * Reference: H. B. Mann, D. R. Whitney, "On a test of whether one of two random variables is
 * stochastically larger than the other", Ann. Math. Statist. 18 (1947) 50–60; D. J. Hand,
 * R. J. Till, Machine Learning 45 (2001) 171–186, eq. 3.
 *
 * @example
 * aucFromRanks(midRanks(Float64Array.of(0.1, 0.8, 0.4)), Uint8Array.of(0, 1, 1)); // 1
 */
export function aucFromRanks(ranks: ArrayLike<number>, positive: ArrayLike<number>): number {
	let r1 = 0;
	let n1 = 0;
	for (let i = 0; i < ranks.length; i++)
		if (positive[i] === 1) {
			r1 += ranks[i];
			n1++;
		}
	const n0 = ranks.length - n1;
	if (n1 === 0 || n0 === 0) return Number.NaN;
	return (r1 - (n1 * (n1 + 1)) / 2) / (n1 * n0);
}

/**
 * Permutation distribution of the mean held-out AUC over folds when the labels carry no
 * information: in each fold the held-out scores are kept and the fold's labels are reassigned at
 * random (same number of positives), B times. Under "reference and current come from one
 * distribution" the held-out scores of a fold are a function of its features only, so every
 * labelling of the fold is equally likely and the observed mean AUC is one draw of this
 * distribution (the models are not refitted: Ojala & Garriga's test 1 conditional on the fitted
 * classifiers, which is what makes it cheap). Returns the null values sorted, the (1 − α) quantile
 * and the permutation p-value (1 + #{null ≥ observed}) / (B + 1).
 *
 * Reference: M. Ojala, G. C. Garriga, "Permutation tests for studying classifier performance",
 * JMLR 11 (2010) 1833–1863; D. Lopez-Paz, M. Oquab, "Revisiting classifier two-sample tests",
 * ICLR 2017.
 *
 * @example
 * const { pValue } = permutationAucNull([{ ranks, positive }], 0.71, { permutations: 1000, alpha: 0.01, seed: 1 });
 */
export function permutationAucNull(
	folds: { ranks: Float64Array; positive: Uint8Array }[],
	observed: number,
	options: { permutations: number; alpha: number; seed: number }
): { quantile: number; pValue: number } {
	const rng = seededRandom(options.seed);
	const B = options.permutations;
	const nulls = new Float64Array(B);
	const scratch = folds.map((f) => Float64Array.from(f.ranks));
	const counts = folds.map((f) => f.positive.reduce((s, v) => s + v, 0));
	for (let b = 0; b < B; b++) {
		let sum = 0;
		folds.forEach((f, k) => {
			// Partial Fisher–Yates: the first n₁ slots after shuffling are the "positives".
			const r = scratch[k];
			const n = r.length;
			const n1 = counts[k];
			let r1 = 0;
			for (let i = 0; i < n1; i++) {
				const j = i + Math.floor(rng.uniform() * (n - i));
				const t = r[i];
				r[i] = r[j];
				r[j] = t;
				r1 += r[i];
			}
			sum += (r1 - (n1 * (n1 + 1)) / 2) / (n1 * (n - n1));
		});
		nulls[b] = sum / folds.length;
	}
	nulls.sort();
	let above = 0;
	for (const v of nulls) if (v >= observed) above++;
	const q = Math.min(B - 1, Math.max(0, Math.ceil((1 - options.alpha) * B) - 1));
	return { quantile: nulls[q], pValue: (1 + above) / (B + 1) };
}
