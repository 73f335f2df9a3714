import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import {
	deserializeProfile,
	serializeProfile,
	type ReferenceProfile
} from '../../src/lib/drift/profile';
import { CliError } from '../command.ts';
import { asCliError } from './errors.ts';
import { readInput, StagedOutputs } from './files.ts';

const MAGIC = [0x56, 0x47, 0x50, 0x46]; // "VGPF", the binary profile format of src/lib/drift/profile.ts

/**
 * True when the bytes are a serialized reference profile rather than a data file.
 *
 * @example
 * isProfileBytes(await readFile('ref.vgpf')); // true
 */
export function isProfileBytes(bytes: Uint8Array): boolean {
	return bytes.length >= 4 && MAGIC.every((m, i) => bytes[i] === m);
}

/**
 * SHA-256 (hex) of bytes.
 *
 * @example
 * sha256File(new Uint8Array()); // 'e3b0c442…'
 */
export function sha256File(bytes: Uint8Array): string {
	return createHash('sha256').update(bytes).digest('hex');
}

/**
 * Stages a profile and its `<file>.sha256` beside it (the `sha256sum` format, so
 * `sha256sum -c` checks it too); returns the SHA-256 of the profile file.
 *
 * @example
 * const sha = stageProfile(outputs, 'ref.vgpf', profile);
 */
export function stageProfile(out: StagedOutputs, path: string, profile: ReferenceProfile): string {
	const bytes = serializeProfile(profile);
	const sha = sha256File(bytes);
	out.add(path, bytes);
	out.add(`${path}.sha256`, `${sha}  ${basename(path)}\n`);
	return sha;
}

/**
 * Reads a profile file, checking its bytes against `<file>.sha256` when that file exists (a
 * changed profile is refused, never silently used) and its structure with deserializeProfile.
 *
 * @example
 * const { profile, sha256, checked } = await readProfileFile('--reference', 'ref.vgpf');
 */
export async function readProfileFile(
	option: string,
	path: string,
	bytes?: Uint8Array
): Promise<{ profile: ReferenceProfile; sha256: string; checked: boolean }> {
	const data = bytes ?? (await readInput(option, path));
	const sha = sha256File(data);
	let checked = false;
	if (existsSync(`${path}.sha256`)) {
		const recorded = (await readFile(`${path}.sha256`, 'utf8')).trim().split(/\s+/)[0];
		if (recorded !== sha)
			throw new CliError(
				`${option}: profile '${path}' has SHA-256 ${sha}, but ${path}.sha256 records ${recorded}; the profile changed, rebuild it with 'vigil profile build'`
			);
		checked = true;
	}
	try {
		return { profile: deserializeProfile(data), sha256: sha, checked };
	} catch (err) {
		throw asCliError(err, option);
	}
}
