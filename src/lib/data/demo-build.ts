import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileToStream } from './arrow-io';
import { DataError } from './errors';
import { createNodeBindings, createNodeEngine } from './node-engine';
import { sha256Hex } from './sha256';
import type { ColumnType } from './types';
import { quoteLiteral } from './where-clause';

/** One demo file in static/data/manifest.json. */
export interface DemoFile {
	file: string;
	title: string;
	rows: number;
	bytes: number;
	sha256: string;
	columns: { name: string; type: ColumnType; storage_type: string; unit?: string }[];
	source: string;
	attribution: string;
	license: 'CC BY 4.0';
	notes: string;
}

export interface DemoManifest {
	schema: 'vigil.data-manifest/1';
	files: DemoFile[];
}

const INDPENSIM_CITE =
	'Goldrick S. et al., "Modern day monitoring and control challenges outlined on an industrial-scale benchmark fermentation process", Computers & Chemical Engineering 130 (2019) 106471, doi:10.1016/j.compchemeng.2019.05.037; simulator: Goldrick et al., J. Biotechnol. 193 (2015) 70–82, doi:10.1016/j.jbiotec.2014.10.029. Data: Mendeley Data pdnjz7zz5x, CC BY 4.0.';
const ADULT_CITE =
	'UCI Machine Learning Repository, Adult (dataset 2), Becker B. and Kohavi R. (1996), doi:10.24432/C5XW20. CC BY 4.0.';
const BIKE_CITE =
	'UCI Machine Learning Repository, Bike Sharing (dataset 275); Fanaee-T H. and Gama J., "Event labeling combining ensemble detectors and background knowledge", Progress in Artificial Intelligence (2013), doi:10.1007/s13748-013-0040-3. CC BY 4.0.';

const ADULT_FIELDS = [
	['age', 'BIGINT'],
	['workclass', 'VARCHAR'],
	['fnlwgt', 'BIGINT'],
	['education', 'VARCHAR'],
	['education-num', 'BIGINT'],
	['marital-status', 'VARCHAR'],
	['occupation', 'VARCHAR'],
	['relationship', 'VARCHAR'],
	['race', 'VARCHAR'],
	['sex', 'VARCHAR'],
	['capital-gain', 'BIGINT'],
	['capital-loss', 'BIGINT'],
	['hours-per-week', 'BIGINT'],
	['native-country', 'VARCHAR'],
	['income', 'VARCHAR']
] as const;

interface Spec {
	file: string;
	title: string;
	inputs: string[];
	/** SELECT over the registered inputs (named by their base names). */
	sql: (paths: Record<string, string>) => string;
	source: string;
	attribution: string;
	notes: string;
	/** Column types the inference should not guess. */
	types?: Record<string, ColumnType>;
}

function adultSelect(path: string, skip: number): string {
	const columns = ADULT_FIELDS.map(
		([n, t]) => `${quoteLiteral(n)}: ${quoteLiteral(t === 'BIGINT' ? 'BIGINT' : 'VARCHAR')}`
	).join(', ');
	const fields = ADULT_FIELDS.map(([n, t]) => {
		const q = `"${n}"`;
		if (t === 'BIGINT') return q;
		const clean = n === 'income' ? `rtrim(trim(${q}), '.')` : `trim(${q})`;
		return `CASE WHEN ${clean} = '?' OR ${clean} = '' THEN NULL ELSE ${clean} END AS ${q}`;
	});
	return `SELECT ${fields.join(', ')} FROM read_csv(${quoteLiteral(path)}, delim = ',', header = false, skip = ${skip}, quote = '"', columns = {${columns}}, strict_mode = false, null_padding = false)`;
}

const SPECS: Spec[] = [
	{
		file: 'indpensim.parquet',
		title: 'IndPenSim penicillin fed-batch fermentation, batches 1–10',
		inputs: ['indpensim/indpensim_batches_1-10.csv'],
		sql: (p) =>
			`SELECT * FROM read_csv(${quoteLiteral(p['indpensim_batches_1-10.csv'])}, header = true, delim = ',', quote = '"') ORDER BY batch_id, "Time (h)"`,
		source:
			'indpensim/indpensim_batches_1-10.csv (first 10 batches of 100_Batches_IndPenSim_V3.csv)',
		attribution: INDPENSIM_CITE,
		notes:
			'Original column names, which carry the symbol and unit in parentheses, e.g. "Sugar feed rate(Fs:L/h)" (symbol Fs, litres per hour); `unit` in this manifest repeats them. batch_id is 1–10; rows are ordered by batch and time.',
		types: {
			batch_id: 'categorical',
			'Agitator RPM(RPM:RPM)': 'numerical',
			'Dumped broth flow(Fremoved:L/h)': 'numerical',
			'Ammonia shots(NH3_shots:kgs)': 'numerical'
		}
	},
	{
		file: 'adult-train.parquet',
		title: 'UCI Adult (census income), training file adult.data',
		inputs: ['adult/adult.data'],
		sql: (p) => adultSelect(p['adult.data'], 0),
		source: 'adult/adult.data',
		attribution: ADULT_CITE,
		notes:
			"Field names of adult.names; the label is `income` ('<=50K' or '>50K'); '?' is stored as null; surrounding spaces removed.",
		types: { income: 'categorical' }
	},
	{
		file: 'adult-test.parquet',
		title: 'UCI Adult (census income), test file adult.test',
		inputs: ['adult/adult.test'],
		sql: (p) => adultSelect(p['adult.test'], 1),
		source: 'adult/adult.test',
		attribution: ADULT_CITE,
		notes:
			"As adult-train.parquet; the header line is skipped and the label's trailing '.' removed, so labels match the training file.",
		types: { income: 'categorical' }
	},
	{
		file: 'bike-hour.parquet',
		title: 'UCI Bike Sharing, hourly rentals 2011–2012',
		inputs: ['bike-sharing/hour.csv'],
		sql: (p) =>
			`SELECT *, strftime(dteday, '%Y-%m') AS month FROM read_csv(${quoteLiteral(p['hour.csv'])}, header = true, delim = ',', quote = '"', types = {'dteday': 'DATE'}) ORDER BY instant`,
		source: 'bike-sharing/hour.csv',
		attribution: BIKE_CITE,
		notes:
			"Columns of hour.csv plus `month` ('YYYY-MM', from dteday) for monthly windows. temp, atemp, hum and windspeed are normalised as in the original.",
		types: { month: 'categorical', season: 'categorical', weathersit: 'categorical' }
	}
];

/**
 * Builds the demo Parquet files from the real data sets in `dataDir` (data/ in the repository) into
 * `outDir` (static/data), writes manifest.json, and checks every file by loading it back with
 * the same engine the app uses.
 *
 * @example
 * const manifest = await buildDemoData('data', 'static/data', console.log);
 */
export async function buildDemoData(
	dataDir: string,
	outDir: string,
	log: (line: string) => void = () => {}
): Promise<DemoManifest> {
	const { db, parquet } = await createNodeBindings();
	const conn = db.connect();
	conn.query('SET autoinstall_known_extensions = false');
	conn.query('SET autoload_known_extensions = false');
	await mkdir(outDir, { recursive: true });
	const engine = await createNodeEngine();
	const files: DemoFile[] = [];
	try {
		for (const spec of SPECS) {
			const paths: Record<string, string> = {};
			for (const input of spec.inputs) {
				const full = join(dataDir, input);
				let bytes: Uint8Array;
				try {
					bytes = await readFile(full);
				} catch (err) {
					throw new DataError(
						'fetch_failed',
						`Cannot read ${full}: ${(err as Error).message}. Pass --data-dir with the folder holding indpensim/, adult/ and bike-sharing/.`
					);
				}
				const name = input.split('/').pop()!;
				db.registerFileBuffer(name, bytes);
				paths[name] = name;
			}
			const ipc = conn.useUnsafe((b, c) => b.runQuery(c, spec.sql(paths)));
			const out = parquet.fromIpc(fileToStream(ipc));
			for (const name of Object.keys(paths)) db.dropFile(name);
			await writeFile(join(outDir, spec.file), out);
			const info = await engine.loadFile({ name: spec.file, bytes: out }, { id: spec.file });
			for (const [column, type] of Object.entries(spec.types ?? {})) {
				await engine.setColumnType(info.id, column, type);
			}
			const checked = await engine.dataset(info.id);
			await engine.drop(info.id);
			files.push({
				file: spec.file,
				title: spec.title,
				rows: checked.rows,
				bytes: out.byteLength,
				sha256: await sha256Hex(out),
				columns: checked.columns.map((c) => {
					const unit = /\(([^()]*)\)\s*$/.exec(c.name)?.[1];
					return {
						name: c.name,
						type: c.type,
						storage_type: c.storageType,
						...(unit ? { unit } : {})
					};
				}),
				source: spec.source,
				attribution: spec.attribution,
				license: 'CC BY 4.0',
				notes: spec.notes
			});
			log(
				`${spec.file}: ${checked.rows} rows × ${checked.columns.length} columns, ${(out.byteLength / 1024).toFixed(0)} KiB`
			);
		}
	} finally {
		conn.close();
		await engine.close();
	}
	const manifest: DemoManifest = { schema: 'vigil.data-manifest/1', files };
	await writeFile(join(outDir, 'manifest.json'), `${JSON.stringify(manifest, null, '\t')}\n`);
	return manifest;
}
