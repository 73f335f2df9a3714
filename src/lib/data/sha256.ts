import { ReferenceChangedError } from './errors';

/**
 * Lowercase hex SHA-256 of bytes, with WebCrypto (browsers, Web Workers and Node alike).
 *
 * @example
 * const digest = await sha256Hex(new TextEncoder().encode('abc'));
 * // 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'
 */
export async function sha256Hex(bytes: Uint8Array): Promise<string> {
	const digest = await globalThis.crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>);
	return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * Checks a frozen reference before use: throws `ReferenceChangedError` naming the file and both
 * hashes when its bytes changed since the profile was recorded. Returns the digest.
 *
 * @example
 * await verifyReference('reference.parquet', bytes, profile.sha256);
 */
export async function verifyReference(
	file: string,
	bytes: Uint8Array,
	expectedSha256: string
): Promise<string> {
	const actual = await sha256Hex(bytes);
	if (actual !== expectedSha256.toLowerCase()) {
		throw new ReferenceChangedError(file, expectedSha256.toLowerCase(), actual);
	}
	return actual;
}
