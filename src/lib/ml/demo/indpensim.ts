import { canonicalCsv, parseSimpleCsv } from './csv';
import { numericFeature, type DemoModelSpec, type EncodedSplit } from './spec';
import type { Feature } from '../../contracts/model-card';

export const INDPENSIM_TARGET = 'Penicillin concentration(P:g/L)';

/**
 * Columns of indpensim_batches_1-10.csv that are NOT inputs of the soft sensor: the target, the
 * offline lab assays, the simulated substrate concentration (a state, not a sensor), the generated
 * heat Q (computed by the simulator's energy balance, not measured; leaving it out also lowered the
 * validation RMSE on batch 8 from 2.95 to 2.62 g/L), the fault and control flags (constant in
 * batches 1–10) and the batch id.
 */
export const INDPENSIM_EXCLUDED = [
	INDPENSIM_TARGET,
	'Substrate concentration(S:g/L)',
	'Generated heat(Q:kJ)',
	'PAA concentration offline(PAA_offline:PAA (g L^{-1}))',
	'NH_3 concentration off-line(NH3_offline:NH3 (g L^{-1}))',
	'Offline Penicillin concentration(P_offline:P(g L^{-1}))',
	'Offline Biomass concentratio(X_offline:X(g L^{-1}))',
	'Viscosity(Viscosity_offline:centPoise)',
	'Fault reference(Fault_ref:Fault ref)',
	'0 - Recipe driven 1 - Operator controlled(Control_ref:Control ref)',
	'batch_id'
];

function unitOf(column: string): string | undefined {
	const m = /\(([^:()]+):([^()]*(?:\([^()]*\))?[^()]*)\)$/.exec(column);
	return m ? m[2].trim() : undefined;
}

/**
 * The penicillin soft sensor: predicts the penicillin concentration from online process
 * measurements and the time in batch. Train batches 1–7, validate 8, test 9–10.
 *
 * @example
 * const spec = indpensimSpec(readFileSync('indpensim_batches_1-10.csv', 'utf8'), attribution);
 */
export function indpensimSpec(csvText: string, attribution: string): DemoModelSpec {
	const [header, ...rows] = parseSimpleCsv(csvText);
	const batchCol = header.indexOf('batch_id');
	const targetCol = header.indexOf(INDPENSIM_TARGET);
	if (batchCol < 0 || targetCol < 0) {
		throw new Error(`indpensim: expected columns batch_id and '${INDPENSIM_TARGET}'`);
	}
	const featureCols = header
		.map((name, i) => ({ name, i }))
		.filter((c) => !INDPENSIM_EXCLUDED.includes(c.name));
	const split = (batches: number[]): { split: EncodedSplit; raw: number[][] } => {
		const picked = rows.filter((r) => batches.includes(Number(r[batchCol])));
		const columns = featureCols.map((c) =>
			Float32Array.from(picked, (r) => (r[c.i] === '' ? Number.NaN : Number(r[c.i])))
		);
		const y = Float64Array.from(picked, (r) => Number(r[targetCol]));
		const raw = picked.map((r) => [
			...featureCols.map((c) => Number(r[c.i])),
			Number(r[targetCol])
		]);
		return { split: { columns, y }, raw };
	};
	const train = split([1, 2, 3, 4, 5, 6, 7]);
	const validation = split([8]);
	const test = split([9, 10]);
	const allValues = featureCols.map((c) => Float64Array.from(rows, (r) => Number(r[c.i])));
	const features: Feature[] = featureCols.map((c, k) =>
		numericFeature(c.name, allValues[k], {
			unit: unitOf(c.name),
			description:
				c.name === 'Time (h)' ? 'time since the start of the batch' : 'online process measurement'
		})
	);
	return {
		name: 'penicillin-soft-sensor',
		version: '1.0.0',
		title: 'Penicillin soft sensor (IndPenSim)',
		description:
			'Estimates the penicillin concentration of a fed-batch fermentation from online process measurements (flows, agitation, pressure, pH, temperature, off-gas, oxygen uptake, volume, weight) and the time in batch; no offline lab assay and not the true concentration.',
		task: 'regression',
		features,
		target: {
			name: INDPENSIM_TARGET,
			unit: 'g/L',
			description: 'simulated true penicillin concentration'
		},
		preprocessing: [
			{
				kind: 'note',
				description: 'Numerical features are passed as float32, in the order of `features`.'
			},
			{
				kind: 'note',
				description:
					'Excluded from the inputs: the target, the offline assays (P_offline, X_offline, PAA_offline, NH3_offline, Viscosity_offline), the simulated substrate concentration S, the generated heat Q, Fault_ref, Control_ref and batch_id.'
			}
		],
		outputDescription: 'estimated penicillin concentration',
		outputUnit: 'g/L',
		params: {
			objective: 'squared-error',
			// Chosen on the validation batch 8 among depth 3–6, 20–400 rows per leaf.
			learningRate: 0.05,
			maxDepth: 6,
			maxTrees: 800,
			minSamplesLeaf: 400,
			l2: 1,
			earlyStoppingRounds: 50,
			seed: 1
		},
		train: train.split,
		validation: validation.split,
		test: test.split,
		referenceCsv: canonicalCsv([...featureCols.map((c) => c.name), INDPENSIM_TARGET], train.raw),
		reference: {
			location: '/data/indpensim.parquet',
			filter: 'batch_id BETWEEN 1 AND 7',
			description: 'training batches 1–7 of IndPenSim (batch column batch_id)'
		},
		dataDescription:
			'IndPenSim indpensim_batches_1-10.csv: train batches 1–7, validation batch 8, test batches 9–10',
		attribution
	};
}
