import type { ModelCard } from '../../../src/lib/contracts/model-card';

/** Lowercase hex SHA-256. */
export async function sha256Hex(bytes: Uint8Array): Promise<string> {
	const digest = await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>);
	return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** Bytes standing in for an ONNX file (the registry checks hashes and sizes, not the graph). */
export function fakeOnnx(seed: number, size = 64): Uint8Array {
	const out = new Uint8Array(size);
	for (let i = 0; i < size; i++) out[i] = (seed * 31 + i * 7) & 0xff;
	return out;
}

/** A valid vigil.model-card/1 for `bytes`. */
export async function cardFor(
	name: string,
	version: string,
	bytes: Uint8Array
): Promise<ModelCard> {
	return {
		schema: 'vigil.model-card/1',
		name,
		version,
		task: 'regression',
		features: [{ name: 'temperature', dtype: 'float32', missing: 'reject' }],
		target: { name: 'penicillin', unit: 'g/L' },
		preprocessing: [],
		outputs: [{ name: 'variable', dtype: 'float32', shape: [-1, 1], description: 'titer' }],
		onnx: {
			file: 'model.onnx',
			sha256: await sha256Hex(bytes),
			bytes: bytes.byteLength,
			opset: { '': 17 },
			input_names: ['input'],
			output_names: ['variable']
		},
		reference: {
			location: '/data/reference.parquet',
			sha256: 'a'.repeat(64),
			sha256_of: 'parquet-file',
			rows: 100
		},
		metrics: { train: { rmse: 1 }, validation: { rmse: 1.1 }, test: { rmse: 1.2 } },
		training: {
			algorithm: 'gbdt',
			params: {},
			trained_at: '2026-11-01T00:00:00Z',
			rows: { train: 80, validation: 10, test: 10 },
			trees: 10
		},
		attribution: 'test fixture'
	};
}

export function base64(bytes: Uint8Array): string {
	let s = '';
	for (const b of bytes) s += String.fromCharCode(b);
	return btoa(s);
}
