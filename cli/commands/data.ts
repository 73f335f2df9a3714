import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildDemoData } from '../../src/lib/data/demo-build';
import { DataError } from '../../src/lib/data/errors';
import { writeDuckdbWasmAssets } from '../../src/lib/data/wasm-assets';
import { CliError, EXIT, type Command } from '../command';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** `vigil data build`: the demo Parquet files and their manifest (what `npm run data` runs). */
export const dataBuild: Command = {
	path: ['data', 'build'],
	summary: 'Build the demo Parquet files in static/data from the real data sets',
	usage: 'vigil data build [--data-dir data] [--out static/data]',
	help: `
Reads IndPenSim (batches 1–10), UCI Adult (train and test) and UCI Bike Sharing (hourly) from
--data-dir and writes indpensim.parquet, adult-train.parquet, adult-test.parquet, bike-hour.parquet
and manifest.json (rows, column types, SHA-256, source, attribution) to --out. Paths are relative
to the repository root.`,
	options: {
		'data-dir': { type: 'string', default: 'data' },
		out: { type: 'string', default: 'static/data' }
	},
	async run(values, _positionals, ctx) {
		const dataDir = resolve(ROOT, String(values['data-dir']));
		const outDir = resolve(ROOT, String(values.out));
		try {
			const manifest = await buildDemoData(dataDir, outDir, (line) =>
				ctx.format === 'human' ? ctx.stdout(`${line}\n`) : undefined
			);
			const wasm = await writeDuckdbWasmAssets();
			if (ctx.format === 'human') {
				for (const [name, bytes] of Object.entries(wasm)) {
					ctx.stdout(`src/lib/data/wasm/${name}.gz: ${(bytes / 1024 / 1024).toFixed(1)} MiB\n`);
				}
			}
			if (ctx.format === 'json') ctx.stdout(`${JSON.stringify({ ...manifest, wasm })}\n`);
			else ctx.stdout(`wrote ${manifest.files.length} files and manifest.json to ${outDir}\n`);
			return EXIT.ok;
		} catch (err) {
			if (err instanceof DataError) throw new CliError(err.message);
			throw err;
		}
	}
};
