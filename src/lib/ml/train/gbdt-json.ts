import type { GbdtModel, GbdtObjective } from './gbdt';

/** A trained model as plain JSON (typed arrays as number arrays), for storing inside a reference. */
export interface GbdtJson {
	objective: GbdtObjective;
	featureCount: number;
	baseScore: number;
	classCount?: number;
	baseScores?: number[];
	trees: {
		feature: number[];
		threshold: number[];
		left: number[];
		right: number[];
		missingLeft: number[];
		value: number[];
	}[];
}

/**
 * The model as JSON-safe plain data (float32 thresholds stay exact: a float32 printed as a
 * JavaScript number reads back as the same float32).
 *
 * @example
 * const text = JSON.stringify(gbdtToJson(model));
 */
export function gbdtToJson(model: GbdtModel): GbdtJson {
	return {
		objective: model.objective,
		featureCount: model.featureCount,
		baseScore: model.baseScore,
		...(model.classCount !== undefined ? { classCount: model.classCount } : {}),
		...(model.baseScores ? { baseScores: [...model.baseScores] } : {}),
		trees: model.trees.map((t) => ({
			feature: Array.from(t.feature),
			threshold: Array.from(t.threshold),
			left: Array.from(t.left),
			right: Array.from(t.right),
			missingLeft: Array.from(t.missingLeft),
			value: Array.from(t.value)
		}))
	};
}

/**
 * Why a JSON tree ensemble cannot be walked safely, or undefined when it can: every array of a tree
 * as long as the others, split features within [0, featureCount), children after their parent and
 * inside the tree (so every walk ends at a leaf), finite thresholds and leaf values.
 *
 * @example
 * gbdtJsonProblem({ ...json, featureCount: 1 }); // 'tree 0 node 0: feature 2 is not in [0, 1)'
 */
export function gbdtJsonProblem(json: GbdtJson): string | undefined {
	for (const [t, tree] of json.trees.entries()) {
		const n = tree.feature.length;
		if (n === 0) return `tree ${t} has no nodes`;
		for (const key of ['threshold', 'left', 'right', 'missingLeft', 'value'] as const)
			if (tree[key].length !== n)
				return `tree ${t}: ${key} has ${tree[key].length} entries, feature ${n}`;
		for (let i = 0; i < n; i++) {
			const f = tree.feature[i];
			if (!Number.isFinite(tree.value[i])) return `tree ${t} node ${i}: value is not finite`;
			if (f === -1) continue;
			if (!Number.isInteger(f) || f < 0 || f >= json.featureCount)
				return `tree ${t} node ${i}: feature ${f} is not in [0, ${json.featureCount})`;
			if (!Number.isFinite(tree.threshold[i]))
				return `tree ${t} node ${i}: threshold is not finite`;
			for (const child of [tree.left[i], tree.right[i]])
				if (!Number.isInteger(child) || child <= i || child >= n)
					return `tree ${t} node ${i}: child ${child} is not a later node of the tree`;
		}
	}
	return undefined;
}

/**
 * The model back from JSON, checked by gbdtJsonProblem first.
 *
 * @throws Error naming the first problem.
 * @example
 * const model = gbdtFromJson(JSON.parse(text));
 */
export function gbdtFromJson(json: GbdtJson): GbdtModel {
	const problem = gbdtJsonProblem(json);
	if (problem) throw new Error(`tree ensemble: ${problem}`);
	return {
		objective: json.objective,
		featureCount: json.featureCount,
		baseScore: json.baseScore,
		...(json.classCount !== undefined ? { classCount: json.classCount } : {}),
		...(json.baseScores ? { baseScores: [...json.baseScores] } : {}),
		trees: json.trees.map((t) => ({
			feature: Int32Array.from(t.feature),
			threshold: Float32Array.from(t.threshold),
			left: Int32Array.from(t.left),
			right: Int32Array.from(t.right),
			missingLeft: Uint8Array.from(t.missingLeft),
			value: Float64Array.from(t.value)
		}))
	};
}
