import { MISSING_BIN, type FeatureBins } from './binning';

/**
 * A tree in flat arrays. Node i is a leaf when feature[i] === -1; otherwise rows with
 * `x[feature] <= threshold` go to left[i], NaN goes left when missingLeft[i] is 1, the rest right.
 * Children always have larger indices than their parent (nodes are numbered as they are created),
 * so a walk from the root always ends at a leaf.
 */
export interface GbdtTree {
	feature: Int32Array;
	threshold: Float32Array;
	left: Int32Array;
	right: Int32Array;
	missingLeft: Uint8Array;
	/** Leaf values (already multiplied by the learning rate); 0 for split nodes. */
	value: Float64Array;
}

/** What growing one tree needs to know about the booster's settings. */
export interface TreeParams {
	learningRate: number;
	maxDepth: number;
	minSamplesLeaf: number;
	l2: number;
	/** Extra factor on every leaf value: (K − 1)/K for softmax (Friedman 2001, Algorithm 6), else 1. */
	leafScale: number;
}

interface Split {
	gain: number;
	feature: number;
	bin: number;
	missingLeft: boolean;
}

/**
 * Grows one regression tree on histograms of binned features with second-order gain
 * G_L²/(H_L+λ) + G_R²/(H_R+λ) − G²/(H+λ) (Chen & Guestrin, "XGBoost", KDD 2016, eq. 7), depth-wise,
 * scanning the smaller child's histogram and deriving the larger one by subtraction; missing values
 * go to whichever side gains more. Leaf value −G/(H+λ) · learningRate · leafScale.
 *
 * @example
 * const tree = growTree(binned, bins, grad, hess, rows, { learningRate: 0.1, maxDepth: 4, minSamplesLeaf: 20, l2: 1, leafScale: 1 });
 */
export function growTree(
	binned: Uint8Array[],
	bins: FeatureBins[],
	grad: Float64Array,
	hess: Float64Array,
	rows: Uint32Array,
	p: TreeParams
): GbdtTree {
	const feature: number[] = [];
	const threshold: number[] = [];
	const left: number[] = [];
	const right: number[] = [];
	const missingLeft: number[] = [];
	const value: number[] = [];
	const F = binned.length;
	const stride = 256 * 3;

	const newNode = (): number => {
		feature.push(-1);
		threshold.push(0);
		left.push(-1);
		right.push(-1);
		missingLeft.push(0);
		value.push(0);
		return feature.length - 1;
	};

	const histogram = (nodeRows: Uint32Array): Float64Array => {
		const h = new Float64Array(F * stride);
		for (let f = 0; f < F; f++) {
			const col = binned[f];
			const base = f * stride;
			for (let k = 0; k < nodeRows.length; k++) {
				const r = nodeRows[k];
				const o = base + col[r] * 3;
				h[o] += grad[r];
				h[o + 1] += hess[r];
				h[o + 2] += 1;
			}
		}
		return h;
	};

	const bestSplit = (h: Float64Array, G: number, H: number, C: number): Split | undefined => {
		const parentScore = (G * G) / (H + p.l2);
		let best: Split | undefined;
		for (let f = 0; f < F; f++) {
			const nb = bins[f].edges.length;
			if (nb < 2) continue;
			const base = f * stride;
			const gm = h[base + MISSING_BIN * 3];
			const hm = h[base + MISSING_BIN * 3 + 1];
			const cm = h[base + MISSING_BIN * 3 + 2];
			let gl = 0;
			let hl = 0;
			let cl = 0;
			for (let b = 0; b < nb - 1; b++) {
				gl += h[base + b * 3];
				hl += h[base + b * 3 + 1];
				cl += h[base + b * 3 + 2];
				if (h[base + b * 3 + 2] === 0) continue;
				// Missing values go right (the natural NaN <= t → false), or left when that gains more.
				for (const withMissing of cm > 0 ? [false, true] : [false]) {
					const GL = withMissing ? gl + gm : gl;
					const HL = withMissing ? hl + hm : hl;
					const CL = withMissing ? cl + cm : cl;
					const CR = C - CL;
					if (CL < p.minSamplesLeaf || CR < p.minSamplesLeaf) continue;
					const GR = G - GL;
					const HR = H - HL;
					if (HL < 1e-3 || HR < 1e-3) continue;
					const gain = (GL * GL) / (HL + p.l2) + (GR * GR) / (HR + p.l2) - parentScore;
					if (gain > 1e-12 && (!best || gain > best.gain)) {
						best = { gain, feature: f, bin: b, missingLeft: withMissing };
					}
				}
			}
		}
		return best;
	};

	const build = (node: number, nodeRows: Uint32Array, h: Float64Array, depth: number): void => {
		let G = 0;
		let H = 0;
		for (let k = 0; k < nodeRows.length; k++) {
			G += grad[nodeRows[k]];
			H += hess[nodeRows[k]];
		}
		const C = nodeRows.length;
		const split =
			depth < p.maxDepth && C >= 2 * p.minSamplesLeaf ? bestSplit(h, G, H, C) : undefined;
		if (!split) {
			value[node] = (-G / (H + p.l2)) * p.learningRate * p.leafScale;
			return;
		}
		const col = binned[split.feature];
		const leftRows: number[] = [];
		const rightRows: number[] = [];
		for (let k = 0; k < nodeRows.length; k++) {
			const r = nodeRows[k];
			const b = col[r];
			const goesLeft = b === MISSING_BIN ? split.missingLeft : b <= split.bin;
			(goesLeft ? leftRows : rightRows).push(r);
		}
		const l = Uint32Array.from(leftRows);
		const r = Uint32Array.from(rightRows);
		feature[node] = split.feature;
		threshold[node] = bins[split.feature].edges[split.bin];
		missingLeft[node] = split.missingLeft ? 1 : 0;
		const ln = newNode();
		const rn = newNode();
		left[node] = ln;
		right[node] = rn;
		// Histogram subtraction: scan the smaller child, derive the larger one from the parent.
		const smallIsLeft = l.length <= r.length;
		const hs = histogram(smallIsLeft ? l : r);
		const hl = new Float64Array(h.length);
		for (let i = 0; i < h.length; i++) hl[i] = h[i] - hs[i];
		build(ln, l, smallIsLeft ? hs : hl, depth + 1);
		build(rn, r, smallIsLeft ? hl : hs, depth + 1);
	};

	const root = newNode();
	build(root, rows, histogram(rows), 0);
	return {
		feature: Int32Array.from(feature),
		threshold: Float32Array.from(threshold),
		left: Int32Array.from(left),
		right: Int32Array.from(right),
		missingLeft: Uint8Array.from(missingLeft),
		value: Float64Array.from(value)
	};
}

/**
 * Index of the leaf a row reaches.
 *
 * @example
 * tree.value[leafOf(tree, columns, 0)]; // the tree's contribution for row 0
 */
export function leafOf(tree: GbdtTree, columns: ArrayLike<number>[], row: number): number {
	let node = 0;
	while (tree.feature[node] !== -1) {
		const x = columns[tree.feature[node]][row];
		const goLeft = Number.isNaN(x) ? tree.missingLeft[node] === 1 : x <= tree.threshold[node];
		node = goLeft ? tree.left[node] : tree.right[node];
	}
	return node;
}
