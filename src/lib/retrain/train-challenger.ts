// The challenger pipeline shared by `vigil train` (onnxruntime-node) and the app's training Web
// Worker (onnxruntime-web): split the labelled predictions by time, train with the champion's
// parameters, export and check the ONNX file, score both models on the holdout, run the gates.
import type { Evaluation, GateConfig } from '../contracts/evaluation';
import type { LabelledPredictions } from '../contracts/label';
import type { ModelCard } from '../contracts/model-card';
import { buildModel } from '../ml/build-model';
import type { EncodedSplit } from '../ml/demo/spec';
import { TabularModel, type OrtModule } from '../ml/model-session';
import {
	ChallengerDataError,
	challengerSpec,
	concatSplits,
	encodeRows,
	retrainTask,
	rowsToInput,
	splitByTime,
	type LabelledRow
} from './challenger';
import { compareCards, evaluateGates } from './gates';

/** The production version to beat: its card, ONNX bytes and registry SHA-256. */
export interface ChampionModel {
	version: string;
	sha256?: string;
	card: ModelCard;
	onnx: Uint8Array;
}

/** The stages of a challenger run, in order, for progress bars. */
export const TRAIN_STAGES = [
	'splitting',
	'training',
	'checking the ONNX export',
	'scoring the holdout',
	'evaluating the gates'
] as const;
export type TrainStage = (typeof TRAIN_STAGES)[number];

/** Progress of a challenger run: the stage, and within training the boosting round. */
export interface TrainProgress {
	stage: TrainStage;
	/** Stage index, 0-based, out of TRAIN_STAGES.length. */
	step: number;
	round?: number;
	maxRounds?: number;
}

export interface TrainChallengerInput {
	champion: ChampionModel;
	joined: LabelledPredictions;
	/** The onnxruntime that checks the export and scores the holdout. */
	ort: OrtModule;
	/** Runtime name recorded with the equivalence check, e.g. 'onnxruntime-web'. */
	runtime: string;
	version: string;
	/** Rows at or after it are the holdout; default: the latest 30% of labelled rows. */
	holdoutFrom?: string;
	/** End of the evaluated range (the holdout's end). */
	to: string;
	/** The original training data, encoded, and how to describe it. */
	original?: { split: EncodedSplit; description: string };
	/** Extra segment columns (features of the prediction records, e.g. a batch id). */
	segments?: readonly string[];
	seed?: number;
	config?: Partial<GateConfig>;
	now?: Date;
	onProgress?: (progress: TrainProgress) => void;
	/** Checked between stages and boosting rounds; aborting throws an AbortError. */
	signal?: AbortSignal;
}

export interface TrainChallengerResult {
	card: ModelCard;
	onnx: Uint8Array;
	evaluation: Evaluation;
	trainRows: number;
	holdoutRows: number;
	holdoutFrom: string;
	trees: number;
	trainSeconds: number;
}

/** One score per row: the regression output or the positive-class probability. */
export async function scoreRows(
	ort: OrtModule,
	card: ModelCard,
	onnx: Uint8Array,
	rows: readonly Pick<LabelledRow, 'features'>[]
): Promise<Float64Array> {
	const model = await TabularModel.load(ort, card, onnx);
	try {
		const { outputs } = await model.predict(rowsToInput(card, rows), { batchSize: 5000 });
		if (card.task === 'regression')
			return Float64Array.from(outputs[card.onnx.output_names[0]].data as Float32Array);
		const probs = Object.values(outputs).find((o) => o.dims.length === 2 && o.dims[1] >= 2);
		if (!probs)
			throw new ChallengerDataError(`${card.name}@${card.version} has no probability output`);
		const width = probs.dims[1];
		const data = probs.data as Float32Array;
		return Float64Array.from({ length: rows.length }, (_, i) => data[i * width + width - 1]);
	} finally {
		await model.release().catch(() => undefined);
	}
}

/**
 * The default version of a challenger: the champion's version plus `-c` and a UTC timestamp.
 *
 * @example
 * challengerVersion('1.0.0', new Date('2026-11-22T10:30:00Z')); // '1.0.0-c20261122103000'
 */
export function challengerVersion(champion: string, now: Date): string {
	const stamp = now.toISOString().replace(/[-:T]/g, '').slice(0, 14);
	return `${champion}-c${stamp}`;
}

function checkAborted(signal: AbortSignal | undefined): void {
	if (signal?.aborted) throw new DOMException('Training was cancelled', 'AbortError');
}

/**
 * Trains a challenger from a model's labelled predictions and evaluates it against the champion on
 * a holdout window it never trained on. The challenger keeps the champion's features, target and
 * trainer parameters; its ONNX export is checked on every training row with `ort`. Nothing is
 * uploaded or promoted.
 *
 * @example
 * const { card, onnx, evaluation } = await trainChallenger({ champion, joined, ort, runtime: 'onnxruntime-node', version: '1.1.0', to });
 * evaluation.passed; // true when every gate passed
 */
export async function trainChallenger(input: TrainChallengerInput): Promise<TrainChallengerResult> {
	const { champion, joined, ort, signal } = input;
	const report = (stage: TrainStage, extra: Partial<TrainProgress> = {}) => {
		checkAborted(signal);
		input.onProgress?.({ stage, step: TRAIN_STAGES.indexOf(stage), ...extra });
	};
	const task = retrainTask(champion.card);
	if (joined.model !== champion.card.name)
		throw new ChallengerDataError(
			`the labelled predictions are of ${joined.model}, the champion is ${champion.card.name}`
		);
	report('splitting');
	const { train, holdout, holdoutFrom } = splitByTime(joined.records, input.holdoutFrom);
	if (holdout.length === 0)
		throw new ChallengerDataError(
			`no labelled predictions at or after the holdout start ${holdoutFrom}`
		);
	const recent = encodeRows(champion.card, train);
	const trainSplit = input.original ? concatSplits(input.original.split, recent) : recent;
	const holdoutSplit = encodeRows(champion.card, holdout);
	const spec = challengerSpec(champion.card, {
		version: input.version,
		train: trainSplit,
		holdout: holdoutSplit,
		seed: input.seed,
		description: `${train.length} labelled predictions of ${champion.card.name} before ${holdoutFrom}${input.original ? ` and ${input.original.split.y.length} rows of ${input.original.description}` : ''}`
	});
	report('training', { round: 0, maxRounds: Number(spec.params.maxTrees ?? 500) });
	const built = await buildModel(spec, {
		runtimes: { [input.runtime]: ort },
		trainedAt: (input.now ?? new Date()).toISOString(),
		onRound: (round, maxRounds) => report('training', { round, maxRounds }),
		onTrained: () => report('checking the ONNX export')
	});
	report('scoring the holdout');
	const championScores = await scoreRows(ort, champion.card, champion.onnx, holdout);
	const challengerScores = await scoreRows(ort, built.card, built.onnx, holdout);
	report('evaluating the gates');
	const segmentColumns = [
		...champion.card.features.filter((f) => f.dtype === 'string').map((f) => f.name),
		...(input.segments ?? [])
	];
	const segments = Object.fromEntries(
		segmentColumns.map((name) => [
			name,
			holdout.map((r) => {
				const v = r.features[name];
				return v === null || v === undefined ? null : String(v);
			})
		])
	);
	const evaluation = evaluateGates({
		model: champion.card.name,
		task,
		championVersion: champion.version,
		challengerVersion: input.version,
		championSha256: champion.sha256,
		challengerSha256: built.card.onnx.sha256,
		holdout: {
			ids: holdout.map((r) => r.id),
			y: holdoutSplit.y,
			champion: championScores,
			challenger: challengerScores,
			segments
		},
		holdoutRange: { from: holdoutFrom, to: new Date(Date.parse(input.to)).toISOString() },
		labelled: joined.labelled,
		coverage: joined.coverage,
		incompatibilities: compareCards(champion.card, built.card),
		config: input.config
	});
	return {
		card: built.card,
		onnx: built.onnx,
		evaluation,
		trainRows: trainSplit.y.length,
		holdoutRows: holdout.length,
		holdoutFrom,
		trees: built.card.training.trees,
		trainSeconds: built.trainSeconds
	};
}
