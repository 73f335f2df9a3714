import { ProtoWriter } from './protobuf';

/** ONNX TensorProto.DataType values used here. */
export const ONNX_DTYPE = { float: 1, bool: 9, int64: 7, double: 11 } as const;

export type AttributeValue =
	| { kind: 'int'; value: number }
	| { kind: 'string'; value: string }
	| { kind: 'ints'; value: ArrayLike<number> }
	| { kind: 'floats'; value: ArrayLike<number> }
	| { kind: 'strings'; value: string[] }
	| { kind: 'tensor'; value: OnnxTensor };

export interface OnnxTensor {
	name?: string;
	dtype: 'float' | 'double' | 'int64';
	dims: number[];
	data: ArrayLike<number>;
}

export interface OnnxNode {
	opType: string;
	domain?: string;
	name: string;
	inputs: string[];
	outputs: string[];
	attributes?: Record<string, AttributeValue>;
}

export interface OnnxValueInfo {
	name: string;
	dtype: keyof typeof ONNX_DTYPE;
	/** A string is a symbolic dimension (the batch size), a number a fixed one. */
	shape: (number | string)[];
}

export interface OnnxModel {
	irVersion: number;
	opsets: Record<string, number>;
	producer: { name: string; version: string };
	graphName: string;
	nodes: OnnxNode[];
	initializers: OnnxTensor[];
	inputs: OnnxValueInfo[];
	outputs: OnnxValueInfo[];
	metadata?: Record<string, string>;
	docString?: string;
}

function writeTensor(w: ProtoWriter, t: OnnxTensor): void {
	for (const d of t.dims) w.int(1, d);
	w.int(2, ONNX_DTYPE[t.dtype]);
	if (t.name) w.string(8, t.name);
	if (t.dtype === 'float') w.packedFloats(4, t.data);
	else if (t.dtype === 'double') w.packedDoubles(10, t.data);
	else w.packedInts(7, t.data);
}

const ATTRIBUTE_TYPE = { floats: 6, ints: 7, strings: 8, int: 2, string: 3, tensor: 4 } as const;

function writeAttribute(w: ProtoWriter, name: string, a: AttributeValue): void {
	w.string(1, name);
	switch (a.kind) {
		case 'int':
			w.int(3, a.value);
			break;
		case 'string':
			w.string(4, a.value);
			break;
		case 'tensor':
			w.message(5, (t) => writeTensor(t, a.value));
			break;
		case 'floats':
			w.packedFloats(7, a.value);
			break;
		case 'ints':
			w.packedInts(8, a.value);
			break;
		case 'strings':
			for (const s of a.value) w.string(9, s);
			break;
	}
	w.int(20, ATTRIBUTE_TYPE[a.kind]);
}

function writeValueInfo(w: ProtoWriter, v: OnnxValueInfo): void {
	w.string(1, v.name);
	w.message(2, (type) =>
		type.message(1, (tensor) => {
			tensor.int(1, ONNX_DTYPE[v.dtype]);
			tensor.message(2, (shape) => {
				for (const d of v.shape) {
					shape.message(1, (dim) => (typeof d === 'number' ? dim.int(1, d) : dim.string(2, d)));
				}
			});
		})
	);
}

/**
 * Serializes an ONNX model (onnx.proto3 field numbers: ModelProto, GraphProto, NodeProto,
 * AttributeProto, TensorProto, ValueInfoProto) to the bytes of a .onnx file.
 *
 * @example
 * const bytes = encodeOnnxModel({ irVersion: 8, opsets: { '': 17 }, producer: { name: 'vigil', version: '1' },
 *   graphName: 'identity', nodes: [{ opType: 'Identity', name: 'id', inputs: ['x'], outputs: ['y'] }],
 *   initializers: [], inputs: [{ name: 'x', dtype: 'float', shape: ['N'] }],
 *   outputs: [{ name: 'y', dtype: 'float', shape: ['N'] }] });
 */
export function encodeOnnxModel(model: OnnxModel): Uint8Array {
	const w = new ProtoWriter();
	w.int(1, model.irVersion);
	w.string(2, model.producer.name);
	w.string(3, model.producer.version);
	if (model.docString) w.string(6, model.docString);
	w.message(7, (g) => {
		for (const node of model.nodes) {
			g.message(1, (n) => {
				for (const i of node.inputs) n.string(1, i);
				for (const o of node.outputs) n.string(2, o);
				n.string(3, node.name);
				n.string(4, node.opType);
				for (const [name, a] of Object.entries(node.attributes ?? {})) {
					n.message(5, (aw) => writeAttribute(aw, name, a));
				}
				if (node.domain) n.string(7, node.domain);
			});
		}
		g.string(2, model.graphName);
		for (const t of model.initializers) g.message(5, (tw) => writeTensor(tw, t));
		for (const v of model.inputs) g.message(11, (vw) => writeValueInfo(vw, v));
		for (const v of model.outputs) g.message(12, (vw) => writeValueInfo(vw, v));
	});
	for (const [domain, version] of Object.entries(model.opsets)) {
		w.message(8, (o) => {
			if (domain) o.string(1, domain);
			o.int(2, version);
		});
	}
	for (const [key, value] of Object.entries(model.metadata ?? {})) {
		w.message(14, (m) => m.string(1, key).string(2, value));
	}
	return w.finish();
}
