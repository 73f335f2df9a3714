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

	/**
	 * Writes every file to a temporary name first and renames them only when all were written, so
	 * a full disk or a missing directory for one output leaves none of them.
	 */
	async commit(): Promise<string[]> {
		const temps: string[] = [];
		try {
			for (const f of this.files) {
				const tmp = join(
					dirname(f.path),
					`.${basename(f.path)}.${randomBytes(6).toString('hex')}.tmp`
				);
				temps.push(tmp);
				await writeFile(tmp, f.data);
			}
			for (let i = 0; i < this.files.length; i++) await rename(temps[i], this.files[i].path);
		} catch (err) {
			await Promise.all(temps.map((t) => rm(t, { force: true })));
			const failed = this.files[Math.max(0, temps.length - 1)]?.path;
			throw new CliError(
				`cannot write '${failed}' (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`
			);
		}
		return this.files.map((f) => f.path);
	}
}
