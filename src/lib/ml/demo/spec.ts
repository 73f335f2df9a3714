import type { Feature, ModelCard, PreprocessingStep } from '../../contracts/model-card';
import type { GbdtParams } from '../train/gbdt';

/** One split of a demo data set, encoded as the model sees it. */
export interface EncodedSplit {
	columns: Float32Array[];
	y: Float64Array;
}

/** Everything needed to train, evaluate and describe one demo model. */
export interface DemoModelSpec {
	name: string;
	version: string;
	title: string;
	description: string;
	task: 'regression' | 'binary';
	features: Feature[];
	target: ModelCard['target'];
	preprocessing: PreprocessingStep[];
	/** Regression output unit and meaning. */
	outputDescription: string;
	outputUnit?: string;
	classes?: string[];
	params: Partial<GbdtParams>;
	train: EncodedSplit;
	validation: EncodedSplit;
	test: EncodedSplit;
	/** Further evaluation sets (e.g. one per month after training). */
	extra?: Record<string, EncodedSplit>;
	/** Canonical CSV of the training rows (raw feature values and target) for the reference hash. */
	referenceCsv: string;
	/** `rows` defaults to the training rows; set it when the reference is more than those. */
	reference: { location: string; filter?: string; description: string; rows?: number };
	dataDescription: string;
	attribution: string;
}

/**
 * Numerical feature with a plausibility range: the observed [min, max] widened by one span on
 * each side (and not below 0 when every observed value is ≥ 0), so new operating conditions pass
 * but physically impossible values are caught.
 *
 * @example
 * numericFeature('temp', Float32Array.of(0.1, 0.9), { unit: 'normalized °C' });
 */
export function numericFeature(
	name: string,
	values: ArrayLike<number>,
	extra: Partial<Feature> = {}
): Feature {
	let min = Infinity;
	let max = -Infinity;
	for (let i = 0; i < values.length; i++) {
		const v = values[i];
		if (Number.isNaN(v)) continue;
		if (v < min) min = v;
		if (v > max) max = v;
	}
	const span = Math.max(max - min, Math.abs(max) * 0.1, 1e-6);
	const lo = min >= 0 ? Math.max(0, min - span) : min - span;
	const round = (v: number): number => Number(v.toPrecision(6));
	return {
		name,
		dtype: 'float64',
		missing: 'reject',
		range: { min: round(lo), max: round(max + span) },
		...extra
	};
}
