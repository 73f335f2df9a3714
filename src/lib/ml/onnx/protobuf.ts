/**
 * A minimal protocol-buffers writer: varints, length-delimited fields and packed repeated scalars,
 * enough to write ONNX ModelProto messages (https://protobuf.dev/programming-guides/encoding/).
 */
export class ProtoWriter {
	private chunks: Uint8Array[] = [];
	private length = 0;

	private push(bytes: Uint8Array): void {
		this.chunks.push(bytes);
		this.length += bytes.length;
	}

	private varint(value: number | bigint): void {
		// Negative int64 values are written as their 64-bit two's complement (10 bytes).
		let v = BigInt.asUintN(64, BigInt(value));
		const out: number[] = [];
		while (v >= 0x80n) {
			out.push(Number(v & 0x7fn) | 0x80);
			v >>= 7n;
		}
		out.push(Number(v));
		this.push(Uint8Array.from(out));
	}

	private tag(field: number, wireType: 0 | 1 | 2 | 5): void {
		this.varint((field << 3) | wireType);
	}

	/** int32/int64/enum/bool field (wire type 0). */
	int(field: number, value: number | bigint): this {
		this.tag(field, 0);
		this.varint(value);
		return this;
	}

	/** float field (wire type 5, little-endian IEEE 754 single). */
	float(field: number, value: number): this {
		this.tag(field, 5);
		const b = new Uint8Array(4);
		new DataView(b.buffer).setFloat32(0, value, true);
		this.push(b);
		return this;
	}

	/** Length-delimited bytes. */
	bytes(field: number, value: Uint8Array): this {
		this.tag(field, 2);
		this.varint(value.length);
		this.push(value);
		return this;
	}

	/** UTF-8 string field. */
	string(field: number, value: string): this {
		return this.bytes(field, new TextEncoder().encode(value));
	}

	/** Embedded message field. */
	message(field: number, build: (w: ProtoWriter) => void): this {
		const inner = new ProtoWriter();
		build(inner);
		return this.bytes(field, inner.finish());
	}

	/** Packed repeated varints (int32/int64). */
	packedInts(field: number, values: ArrayLike<number | bigint>): this {
		const inner = new ProtoWriter();
		for (let i = 0; i < values.length; i++) inner.varint(values[i]);
		return this.bytes(field, inner.finish());
	}

	/** Packed repeated floats. */
	packedFloats(field: number, values: ArrayLike<number>): this {
		const b = new Uint8Array(values.length * 4);
		const view = new DataView(b.buffer);
		for (let i = 0; i < values.length; i++) view.setFloat32(i * 4, values[i], true);
		return this.bytes(field, b);
	}

	/** Packed repeated doubles. */
	packedDoubles(field: number, values: ArrayLike<number>): this {
		const b = new Uint8Array(values.length * 8);
		const view = new DataView(b.buffer);
		for (let i = 0; i < values.length; i++) view.setFloat64(i * 8, values[i], true);
		return this.bytes(field, b);
	}

	/** The encoded message. */
	finish(): Uint8Array {
		const out = new Uint8Array(this.length);
		let offset = 0;
		for (const c of this.chunks) {
			out.set(c, offset);
			offset += c.length;
		}
		return out;
	}
}
