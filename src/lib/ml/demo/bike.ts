import type { Feature } from '../../contracts/model-card';
import { canonicalCsv, parseSimpleCsv } from './csv';
import { type DemoModelSpec, type EncodedSplit } from './spec';

/** Inputs of the bike demand model with their physical ranges (UCI hour.csv documentation). */
export const BIKE_FEATURES: {
	name: string;
	min: number;
	max: number;
	unit?: string;
	description: string;
}[] = [
	{ name: 'hr', min: 0, max: 23, unit: 'h', description: 'hour of the day' },
	{ name: 'holiday', min: 0, max: 1, description: '1 on a public holiday' },
	{ name: 'weekday', min: 0, max: 6, description: 'day of the week, 0 = Sunday' },
	{ name: 'workingday', min: 0, max: 1, description: '1 when neither weekend nor holiday' },
	{ name: 'weathersit', min: 1, max: 4, description: '1 clear … 4 heavy rain/snow' },
	{ name: 'temp', min: 0, max: 1, unit: 'normalized (°C + 8) / 47', description: 'temperature' },
	{
		name: 'atemp',
		min: 0,
		max: 1,
		unit: 'normalized (°C + 16) / 66',
		description: 'felt temperature'
	},
	{ name: 'hum', min: 0, max: 1, unit: 'fraction', description: 'relative humidity' },
	{ name: 'windspeed', min: 0, max: 1, unit: 'normalized / 67', description: 'wind speed' }
];

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/**
 * The bike-sharing demand regressor, the classic drift demo: trained on January 2011 (days 1–24,
 * validated on 25–31), tested on February 2011 and evaluated on every later month, whose RMSE
 * shows the seasonal degradation.
 *
 * @example
 * const spec = bikeSpec(readFileSync('hour.csv', 'utf8'), attribution);
 */
export function bikeSpec(csvText: string, attribution: string): DemoModelSpec {
	const [header, ...rows] = parseSimpleCsv(csvText);
	const col = (name: string): number => {
		const i = header.indexOf(name);
		if (i < 0) throw new Error(`bike: hour.csv has no column '${name}'`);
		return i;
	};
	const day = col('dteday');
	const target = col('cnt');
	const featureIdx = BIKE_FEATURES.map((f) => col(f.name));
	const encode = (rs: string[][]): EncodedSplit => ({
		columns: featureIdx.map((i) => Float32Array.from(rs, (r) => Number(r[i]))),
		y: Float64Array.from(rs, (r) => Number(r[target]))
	});
	const month = (r: string[]): string => r[day].slice(0, 7);
	const jan = rows.filter((r) => month(r) === '2011-01');
	const train = jan.filter((r) => Number(r[day].slice(8, 10)) <= 24);
	const validation = jan.filter((r) => Number(r[day].slice(8, 10)) > 24);
	const later = [...new Set(rows.map(month))].filter((m) => m > '2011-01').sort();
	const extra: Record<string, EncodedSplit> = {};
	for (const m of later) {
		const [y, mm] = m.split('-');
		extra[`${MONTHS[Number(mm) - 1]} ${y}`] = encode(rows.filter((r) => month(r) === m));
	}
	const features: Feature[] = BIKE_FEATURES.map((f) => ({
		name: f.name,
		dtype: 'float64',
		unit: f.unit,
		description: f.description,
		range: { min: f.min, max: f.max },
		missing: 'reject'
	}));
	return {
		name: 'bike-demand',
		version: '1.0.0',
		title: 'Bike-sharing demand regressor (UCI Bike Sharing)',
		description:
			'Predicts hourly bike rentals (cnt) in Washington D.C. from the hour, calendar and weather. Trained on January 2011 only, so it degrades as the seasons change: the drift demo.',
		task: 'regression',
		features,
		target: {
			name: 'cnt',
			unit: 'rentals/h',
			description: 'total rentals in the hour (casual + registered)'
		},
		preprocessing: [
			{
				kind: 'note',
				description: 'Features are the columns of hour.csv as published, passed as float32.'
			}
		],
		outputDescription: 'predicted rentals in the hour',
		outputUnit: 'rentals/h',
		params: {
			objective: 'squared-error',
			learningRate: 0.05,
			maxDepth: 4,
			maxTrees: 600,
			minSamplesLeaf: 10,
			l2: 1,
			earlyStoppingRounds: 50,
			seed: 1
		},
		train: encode(train),
		validation: encode(validation),
		test: extra['Feb 2011'],
		extra,
		referenceCsv: canonicalCsv(
			[...BIKE_FEATURES.map((f) => f.name), 'cnt'],
			train.map((r) => [...featureIdx.map((i) => Number(r[i])), Number(r[target])])
		),
		reference: {
			location: '/data/bike-hour.parquet',
			filter: "dteday BETWEEN '2011-01-01' AND '2011-01-24'",
			description: 'hour.csv, January 1–24 2011 (the training rows)'
		},
		dataDescription:
			'UCI Bike Sharing hour.csv: train 2011-01-01…24, validation 2011-01-25…31, test February 2011; metrics.extra has every later month',
		attribution
	};
}
