import { describe, expect, it } from 'vitest';
import { ProtoWriter } from './protobuf';

const hex = (b: Uint8Array): string =>
	Array.from(b, (x) => x.toString(16).padStart(2, '0')).join(' ');

describe('ProtoWriter', () => {
	it('encodes the protobuf guide example: field 1 = 150 → 08 96 01', () => {
		expect(hex(new ProtoWriter().int(1, 150).finish())).toBe('08 96 01');
	});

	it('encodes a string field: field 2 = "testing" → 12 07 74 65 73 74 69 6e 67', () => {
		expect(hex(new ProtoWriter().string(2, 'testing').finish())).toBe('12 07 74 65 73 74 69 6e 67');
	});

	it("writes negative int64 as ten bytes of two's complement", () => {
		expect(hex(new ProtoWriter().int(1, -1).finish())).toBe('08 ff ff ff ff ff ff ff ff ff 01');
	});

	it('packs repeated varints: field 4 = [3, 270, 86942] → 22 06 03 8e 02 9e a7 05', () => {
		expect(hex(new ProtoWriter().packedInts(4, [3, 270, 86942]).finish())).toBe(
			'22 06 03 8e 02 9e a7 05'
		);
	});

	it('writes floats little-endian and nests messages with their length', () => {
		expect(hex(new ProtoWriter().float(2, 1).finish())).toBe('15 00 00 80 3f');
		expect(hex(new ProtoWriter().message(3, (m) => m.int(1, 150)).finish())).toBe('1a 03 08 96 01');
		expect(hex(new ProtoWriter().packedDoubles(1, [1]).finish())).toBe(
			'0a 08 00 00 00 00 00 00 f0 3f'
		);
	});
});
