import type { GbdtModel } from '../train/gbdt';
import {
	encodeOnnxModel,
	type OnnxNode,
	type OnnxTensor,
	type OnnxValueInfo
} from './onnx-builder';

export const ONNX_OPSETS = { '': 17, 'ai.onnx.ml': 3 } as const;

export interface GbdtOnnxOptions {
	/** Name of the single float input tensor [N, F]. */
	inputName?: string;
	metadata?: Record<string, string>;
	docString?: string;
}

export interface GbdtOnnxExport {
	bytes: Uint8Array;
	inputNames: string[];
	/** Regression: ['prediction'] ([N,1] float32); binary and multiclass: ['label', 'probabilities']. */
	outputNames: string[];
	opsets: Record<string, number>;
}

/**
 * Exports a trained model as an ONNX graph: one ai.onnx.ml TreeEnsembleRegressor (float
 * thresholds and leaf weights; onnxruntime sums the trees in float32 in tree order, as
 * `predictGbdt` does). Binary classifiers add standard ops on the logit: Sigmoid → [1-p, p]
 * `probabilities` [N,2] float32 and `label` = int64(logit > 0) [N]; no ZipMap. Softmax models use
 * one ensemble with K targets (tree t adds to class t mod K, base values the class log shares), then
 * Softmax → `probabilities` [N,K] and ArgMax of the class scores → `label` [N] int64.
 *
 * @example
 * const { bytes } = exportGbdtToOnnx(model, { inputName: 'input' });
 * await writeFile('model.onnx', bytes);
 */
export function exportGbdtToOnnx(model: GbdtModel, options: GbdtOnnxOptions = {}): GbdtOnnxExport {
	const inputName = options.inputName ?? 'input';
	const treeIds: number[] = [];
	const nodeIds: number[] = [];
	const featureIds: number[] = [];
	const modes: string[] = [];
	const values: number[] = [];
	const trueIds: number[] = [];
	const falseIds: number[] = [];
	const missingTrue: number[] = [];
	const targetTree: number[] = [];
	const targetNode: number[] = [];
	const targetWeight: number[] = [];
	const targetIds: number[] = [];
	const multiclass = model.objective === 'softmax';
	const classes = multiclass ? (model.classCount ?? 0) : 1;
	if (
		multiclass &&
		!(Number.isInteger(classes) && classes >= 2 && model.baseScores?.length === classes)
	)
		throw new Error(
			`exportGbdtToOnnx: a softmax model needs classCount ≥ 2 and one base score per class`
		);
	const trees = model.trees.length > 0 ? model.trees : [];
	trees.forEach((tree, t) => {
		for (let i = 0; i < tree.feature.length; i++) {
			const leaf = tree.feature[i] === -1;
			treeIds.push(t);
			nodeIds.push(i);
			featureIds.push(leaf ? 0 : tree.feature[i]);
			modes.push(leaf ? 'LEAF' : 'BRANCH_LEQ');
			values.push(leaf ? 0 : tree.threshold[i]);
			trueIds.push(leaf ? 0 : tree.left[i]);
			falseIds.push(leaf ? 0 : tree.right[i]);
			missingTrue.push(leaf ? 0 : tree.missingLeft[i]);
			if (leaf) {
				targetTree.push(t);
				targetNode.push(i);
				targetWeight.push(tree.value[i]);
				targetIds.push(t % classes);
			}
		}
	});
	if (trees.length === 0) {
		// A model that stopped before its first tree still needs one (zero) leaf to be a valid graph.
		treeIds.push(0);
		nodeIds.push(0);
		featureIds.push(0);
		modes.push('LEAF');
		values.push(0);
		trueIds.push(0);
		falseIds.push(0);
		missingTrue.push(0);
		targetTree.push(0);
		targetNode.push(0);
		targetWeight.push(0);
		targetIds.push(0);
	}
	const binary = model.objective === 'log-loss';
	const scoreName = binary ? 'logit' : multiclass ? 'scores' : 'prediction';
	const nodes: OnnxNode[] = [
		{
			opType: 'TreeEnsembleRegressor',
			domain: 'ai.onnx.ml',
			name: 'trees',
			inputs: [inputName],
			outputs: [scoreName],
			attributes: {
				aggregate_function: { kind: 'string', value: 'SUM' },
				post_transform: { kind: 'string', value: 'NONE' },
				n_targets: { kind: 'int', value: classes },
				base_values: {
					kind: 'floats',
					value: multiclass ? model.baseScores! : [model.baseScore]
				},
				nodes_treeids: { kind: 'ints', value: treeIds },
				nodes_nodeids: { kind: 'ints', value: nodeIds },
				nodes_featureids: { kind: 'ints', value: featureIds },
				nodes_modes: { kind: 'strings', value: modes },
				nodes_values: { kind: 'floats', value: values },
				nodes_truenodeids: { kind: 'ints', value: trueIds },
				nodes_falsenodeids: { kind: 'ints', value: falseIds },
				nodes_missing_value_tracks_true: { kind: 'ints', value: missingTrue },
				target_treeids: { kind: 'ints', value: targetTree },
				target_nodeids: { kind: 'ints', value: targetNode },
				target_ids: { kind: 'ints', value: targetIds },
				target_weights: { kind: 'floats', value: targetWeight }
			}
		}
	];
	const initializers: OnnxTensor[] = [];
	let outputs: OnnxValueInfo[] = [{ name: 'prediction', dtype: 'float', shape: ['N', 1] }];
	if (binary) {
		initializers.push(
			{ name: 'one', dtype: 'float', dims: [1], data: [1] },
			{ name: 'zero', dtype: 'float', dims: [1], data: [0] },
			{ name: 'flat', dtype: 'int64', dims: [1], data: [-1] }
		);
		nodes.push(
			{ opType: 'Sigmoid', name: 'sigmoid', inputs: ['logit'], outputs: ['p1'] },
			{ opType: 'Sub', name: 'complement', inputs: ['one', 'p1'], outputs: ['p0'] },
			{
				opType: 'Concat',
				name: 'stack',
				inputs: ['p0', 'p1'],
				outputs: ['probabilities'],
				attributes: { axis: { kind: 'int', value: 1 } }
			},
			{ opType: 'Greater', name: 'positive', inputs: ['logit', 'zero'], outputs: ['is_positive'] },
			{
				opType: 'Cast',
				name: 'to_int64',
				inputs: ['is_positive'],
				outputs: ['label_2d'],
				attributes: { to: { kind: 'int', value: 7 } }
			},
			{ opType: 'Reshape', name: 'flatten', inputs: ['label_2d', 'flat'], outputs: ['label'] }
		);
		outputs = [
			{ name: 'label', dtype: 'int64', shape: ['N'] },
			{ name: 'probabilities', dtype: 'float', shape: ['N', 2] }
		];
	}
	if (multiclass) {
		nodes.push(
			{
				opType: 'Softmax',
				name: 'softmax',
				inputs: ['scores'],
				outputs: ['probabilities'],
				attributes: { axis: { kind: 'int', value: 1 } }
			},
			{
				opType: 'ArgMax',
				name: 'argmax',
				inputs: ['scores'],
				outputs: ['label'],
				attributes: { axis: { kind: 'int', value: 1 }, keepdims: { kind: 'int', value: 0 } }
			}
		);
		outputs = [
			{ name: 'label', dtype: 'int64', shape: ['N'] },
			{ name: 'probabilities', dtype: 'float', shape: ['N', classes] }
		];
	}
	const bytes = encodeOnnxModel({
		irVersion: 8,
		opsets: { ...ONNX_OPSETS },
		producer: { name: 'vigil', version: '1' },
		graphName: binary ? 'gbdt_binary' : multiclass ? 'gbdt_multiclass' : 'gbdt_regression',
		docString: options.docString,
		nodes,
		initializers,
		inputs: [{ name: inputName, dtype: 'float', shape: ['N', model.featureCount] }],
		outputs,
		metadata: options.metadata
	});
	return {
		bytes,
		inputNames: [inputName],
		outputNames: outputs.map((o) => o.name),
		opsets: { ...ONNX_OPSETS }
	};
}
