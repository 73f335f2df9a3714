import { randomBytes } from 'node:crypto';
import { readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { CliError } from '../command.ts';

/**
 * Reads a whole input file, turning "not there", "a directory" and "not readable" into one-line
 * CliErrors that name the option and the path.
 *
 * @example
 * const bytes = await readInput('--reference', 'ref.parquet');
 */
export async function readInput(option: string, path: string): Promise<Uint8Array> {
	let info;
	try {
		info = await stat(path);
	} catch (err) {
		const code = (err as NodeJS.ErrnoException).code;
		throw new CliError(
			code === 'ENOENT'
				? `${option}: file '${path}' not found`
				: `${option}: cannot read '${path}' (${code})`
		);
	}
	if (info.isDirectory()) throw new CliError(`${option}: '${path}' is a directory, not a file`);
	try {
		return new Uint8Array(await readFile(path));
	} catch (err) {
		throw new CliError(
			`${option}: cannot read '${path}' (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`
		);
	}
}

/**
 * Writes a file all at once: the bytes go to a temporary file beside the target, which is renamed
 * over the target only when complete, so a failure never leaves a partial output behind.
 *
 * @example
 * await writeAtomic('report.html', html);
 */
export async function writeAtomic(path: string, data: string | Uint8Array): Promise<void> {
	const tmp = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
	try {
		await writeFile(tmp, data);
		await rename(tmp, path);
	} catch (err) {
		await rm(tmp, { force: true });
		throw new CliError(
			`cannot write '${path}' (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`
		);
	}
}

/**
 * Outputs staged during a command and written only when the whole command has succeeded, so an
 * error half-way leaves none of them on disk.
 *
 * @example
 * const out = new StagedOutputs();
 * out.add('report.json', json);
 * await out.commit();
 */
export class StagedOutputs {
	private readonly files: { path: string; data: string | Uint8Array }[] = [];

	add(path: string, data: string | Uint8Array): void {
		this.files.push({ path, data });
	}

	async commit(): Promise<string[]> {
		for (const f of this.files) await writeAtomic(f.path, f.data);
		return this.files.map((f) => f.path);
	}
}
