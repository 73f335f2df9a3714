// Loads the IndPenSim batches and the bike-sharing hours as columns of numbers (integer codes for
// categories; the drift core types them, see streams.ts).
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';

export const DATA_DIR =
	process.env.VIGIL_DATA_DIR ?? new URL('../../data', import.meta.url).pathname;

export interface Dataset {
	name: string;
	columns: Record<string, Float64Array>;
	rows: number;
	/** SHA-256 (hex) of the source file. */
	sha256: string;
	/** Numerical columns that receive shift, scale, missing and freeze. */
	inject: string[];
	/** Categorical (integer-coded) columns that receive new-category. */
	newCategory: string[];
	/** Two strongly correlated columns for the correlation-only case. */
	pair: [string, string];
}

function readCsv(
	path: string,
	wanted: Record<string, string>
): { columns: Record<string, Float64Array>; sha256: string } {
	const bytes = readFileSync(path);
	const sha256 = createHash('sha256').update(bytes).digest('hex');
	const lines = bytes.toString('utf8').trim().split(/\r?\n/);
	const header = lines[0].split(',');
	const out: Record<string, Float64Array> = {};
	for (const [alias, column] of Object.entries(wanted)) {
		const j = header.indexOf(column);
		if (j < 0) throw new Error(`${path}: no column "${column}"`);
		out[alias] = Float64Array.from(lines.slice(1), (line) => {
			const v = line.split(',')[j];
			return v === '' ? NaN : Number(v);
		});
	}
	return { columns: out, sha256 };
}

/**
 * IndPenSim batches 1–10 (11,585 records of 0.2 h): process sensors of the fermentation.
 *
 * @example
 * const data = loadIndPenSim();
 */
export function loadIndPenSim(): Dataset {
	const { columns, sha256 } = readCsv(`${DATA_DIR}/indpensim/indpensim_batches_1-10.csv`, {
		aeration: 'Aeration rate(Fg:L/h)',
		agitator: 'Agitator RPM(RPM:RPM)',
		substrate: 'Substrate concentration(S:g/L)',
		do2: 'Dissolved oxygen concentration(DO2:mg/L)',
		volume: 'Vessel Volume(V:L)',
		weight: 'Vessel Weight(Wt:Kg)',
		ph: 'pH(pH:pH)',
		temperature: 'Temperature(T:K)',
		co2: 'carbon dioxide percent in off-gas(CO2outgas:%)'
	});
	return {
		name: 'IndPenSim',
		columns,
		rows: columns.aeration.length,
		sha256,
		inject: ['temperature', 'do2', 'co2'],
		newCategory: [],
		pair: ['volume', 'weight']
	};
}

/**
 * UCI bike sharing, hourly records of 2011–2012 (17,379 rows, 24 months).
 *
 * @example
 * const data = loadBikeSharing();
 */
export function loadBikeSharing(): Dataset {
	const { columns, sha256 } = readCsv(`${DATA_DIR}/bike-sharing/hour.csv`, {
		temp: 'temp',
		atemp: 'atemp',
		hum: 'hum',
		windspeed: 'windspeed',
		casual: 'casual',
		registered: 'registered',
		cnt: 'cnt',
		hr: 'hr',
		weathersit: 'weathersit',
		season: 'season'
	});
	return {
		name: 'bike-sharing',
		columns,
		rows: columns.temp.length,
		sha256,
		inject: ['hum', 'windspeed', 'cnt'],
		newCategory: ['weathersit'],
		pair: ['temp', 'atemp']
	};
}
