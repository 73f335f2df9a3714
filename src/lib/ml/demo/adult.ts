import type { Feature, PreprocessingStep } from '../../contracts/model-card';
import { canonicalCsv, parseSimpleCsv } from './csv';
import { type DemoModelSpec, type EncodedSplit } from './spec';

/** The 14 input fields of adult.names, in file order; the 15th is the label. */
export const ADULT_COLUMNS = [
	{ name: 'age', categorical: false, range: [0, 120] },
	{ name: 'workclass', categorical: true },
	{ name: 'fnlwgt', categorical: false, range: [0, 1e7] },
	{ name: 'education', categorical: true },
	{ name: 'education-num', categorical: false, range: [1, 16] },
	{ name: 'marital-status', categorical: true },
	{ name: 'occupation', categorical: true },
	{ name: 'relationship', categorical: true },
	{ name: 'race', categorical: true },
	{ name: 'sex', categorical: true },
	{ name: 'capital-gain', categorical: false, range: [0, 1e6] },
	{ name: 'capital-loss', categorical: false, range: [0, 1e6] },
	{ name: 'hours-per-week', categorical: false, range: [0, 168] },
	{ name: 'native-country', categorical: true }
] as const;

const POSITIVE = '>50K';

function records(text: string): { fields: string[]; label: number }[] {
	return parseSimpleCsv(text)
		.filter((r) => r.length === 15 && r[0] !== 'age' && !r[0].startsWith('|'))
		.map((r) => ({ fields: r.slice(0, 14), label: r[14].replace(/\.$/, '') === POSITIVE ? 1 : 0 }));
}

/**
 * The Adult income classifier (>50K): train on adult.data (every fifth record held out for
 * validation), test on adult.test. Categorical fields are coded by the card's category lists
 * (ordered by the training positive rate, so ordinal splits separate them well); '?' is missing.
 *
 * @example
 * const spec = adultSpec(readFileSync('adult.data', 'utf8'), readFileSync('adult.test', 'utf8'), attribution);
 */
export function adultSpec(dataText: string, testText: string, attribution: string): DemoModelSpec {
	const all = records(dataText);
	const test = records(testText);
	if (all.length === 0 || test.length === 0)
		throw new Error('adult: no records in adult.data/adult.test');
	const trainRecords = all.filter((_, i) => i % 5 !== 4);
	const validationRecords = all.filter((_, i) => i % 5 === 4);
	const categories = ADULT_COLUMNS.map((c, j) => {
		if (!c.categorical) return undefined;
		const stats = new Map<string, { n: number; pos: number }>();
		for (const r of trainRecords) {
			const v = r.fields[j];
			if (v === '?') continue;
			const s = stats.get(v) ?? { n: 0, pos: 0 };
			s.n++;
			s.pos += r.label;
			stats.set(v, s);
		}
		const ordered = [...stats.entries()]
			.sort((a, b) => a[1].pos / a[1].n - b[1].pos / b[1].n || (a[0] < b[0] ? -1 : 1))
			.map(([name]) => name);
		// The card's reference is all of adult.data: categories that occur only in the validation
		// rows (Holand-Netherlands) must still be valid inputs, so they follow, in name order.
		const known = new Set(ordered);
		const validationOnly = [
			...new Set(all.map((r) => r.fields[j]).filter((v) => v !== '?' && !known.has(v)))
		].sort();
		return [...ordered, ...validationOnly];
	});
	const encode = (rs: { fields: string[]; label: number }[]): EncodedSplit => ({
		columns: ADULT_COLUMNS.map((c, j) => {
			const codes = categories[j] ? new Map(categories[j]!.map((name, k) => [name, k])) : undefined;
			return Float32Array.from(rs, (r) => {
				const v = r.fields[j];
				if (v === '?') return Number.NaN;
				// Categories never seen in training are treated as missing, like '?'.
				return codes ? (codes.get(v) ?? Number.NaN) : Number(v);
			});
		}),
		y: Float64Array.from(rs, (r) => r.label)
	});
	const features: Feature[] = ADULT_COLUMNS.map((c, j) =>
		c.categorical
			? {
					name: c.name,
					dtype: 'string',
					categories: categories[j]!,
					missing: 'allow',
					description: `category; missing ('?' in the source) is passed as NaN`
				}
			: {
					name: c.name,
					dtype: 'float64',
					missing: 'reject',
					range: { min: c.range[0], max: c.range[1] }
				}
	);
	const preprocessing: PreprocessingStep[] = ADULT_COLUMNS.flatMap((c, j) =>
		c.categorical
			? [
					{
						kind: 'category-codes' as const,
						feature: c.name,
						categories: categories[j]!,
						description:
							'code = index in this list (ordered by the share of >50K in the training rows); missing → NaN'
					}
				]
			: []
	);
	return {
		name: 'adult-income',
		version: '1.0.0',
		title: 'Adult income classifier (UCI Adult)',
		description:
			'Predicts whether a person earns more than 50K USD a year from 1994 US census attributes.',
		task: 'binary',
		features,
		target: { name: 'income', description: 'income class', classes: ['<=50K', '>50K'] },
		preprocessing,
		outputDescription: 'probability of >50K',
		classes: ['<=50K', '>50K'],
		params: {
			objective: 'log-loss',
			learningRate: 0.1,
			maxDepth: 6,
			maxTrees: 400,
			minSamplesLeaf: 20,
			l2: 1,
			earlyStoppingRounds: 30,
			seed: 1
		},
		train: encode(trainRecords),
		validation: encode(validationRecords),
		test: encode(test),
		referenceCsv: canonicalCsv(
			[...ADULT_COLUMNS.map((c) => c.name), 'income'],
			all.map((r) => [...r.fields, r.label === 1 ? '>50K' : '<=50K'])
		),
		reference: {
			location: '/data/adult-train.parquet',
			rows: all.length,
			description:
				'adult.data, every record (the model trained on four fifths of them; every fifth was its validation set)'
		},
		dataDescription:
			'UCI Adult: adult.data records with index % 5 != 4 train, index % 5 == 4 validation; adult.test test',
		attribution
	};
}
