import * as ortNode from 'onnxruntime-node';
import { beforeAll, describe, expect, it } from 'vitest';
import {
	encodeSynthetic,
	syntheticChampionSpec,
	syntheticRows,
	syntheticTraffic
} from '../../../tests/fixtures/retrain-synthetic';
import type { LabelledPredictions } from '../contracts/label';
import { buildModel, type BuiltModel } from '../ml/build-model';
import type { OrtModule } from '../ml/model-session';
import { predictGbdt } from '../ml/train/gbdt';
import { ChallengerDataError } from './challenger';
import { TRAIN_STAGES, trainChallenger, type TrainProgress } from './train-challenger';
import { trainInWorker, TrainError, type TrainWorkerLike } from './train-client';
import { createTrainHost } from './train-host';
import type { TrainMessage, TrainResponse } from './train-protocol';

const ort = ortNode as unknown as OrtModule;
const MODEL = 'retrain-unit';
let champion: BuiltModel;
let joined: LabelledPredictions;

beforeAll(async () => {
	champion = await buildModel(syntheticChampionSpec(MODEL, syntheticRows(600, 1, false)), {
		runtimes: { 'onnxruntime-node': ort },
		trainedAt: '2026-11-01T00:00:00Z'
	});
	const live = syntheticRows(500, 2, true);
	let n = 0;
	const { records, labels } = syntheticTraffic(
		MODEL,
		live,
		predictGbdt(champion.model, encodeSynthetic(live).columns),
		{ ids: () => `01JD${String(n++).padStart(22, '0')}` }
	);
	const byId = new Map(labels.map((l) => [l.id, l]));
	joined = {
		schema: 'vigil.labelled-predictions/1',
		model: MODEL,
		from: '2026-11-01T00:00:00.000Z',
		to: '2026-11-20T00:00:00.000Z',
		predictions: records.length,
		labelled: labels.length,
		coverage: labels.length / records.length,
		records: records.flatMap((r) => {
			const l = byId.get(r.id);
			return l
				? [
						{
							...r,
							schema: 'vigil.prediction/1' as const,
							label: l.label,
							label_source: 'labels' as const,
							label_observed_at: l.observed_at
						}
					]
				: [];
		})
	};
});

const championModel = () => ({
	version: '1.0.0',
	sha256: champion.card.onnx.sha256,
	card: champion.card,
	onnx: champion.onnx.slice()
});

describe('trainChallenger', () => {
	it('trains on the rows before the holdout and passes the gates against a stale champion', async () => {
		const progress: TrainProgress[] = [];
		const result = await trainChallenger({
			champion: championModel(),
			joined,
			ort,
			runtime: 'onnxruntime-node',
			version: '1.1.0',
			to: '2026-11-20T00:00:00Z',
			seed: 7,
			onProgress: (p) => progress.push(p)
		});
		expect(result.evaluation.passed).toBe(true);
		expect(result.holdoutRows).toBe(120);
		expect(result.trainRows).toBe(280);
		expect(result.card.features).toEqual(champion.card.features);
		expect(result.evaluation.challenger).toEqual({
			version: '1.1.0',
			sha256: result.card.onnx.sha256
		});
		expect(result.evaluation.champion.version).toBe('1.0.0');
		// Every stage is reported in order, and training reports its rounds as they go.
		const stages = [...new Set(progress.map((p) => p.stage))];
		expect(stages).toEqual([...TRAIN_STAGES]);
		const rounds = progress.filter((p) => p.stage === 'training' && p.round! > 0);
		expect(rounds.length).toBeGreaterThan(5);
		expect(rounds.map((p) => p.round)).toEqual(rounds.map((_, i) => i + 1));
	});

	it('refuses labelled predictions of another model, and stops when aborted', async () => {
		await expect(
			trainChallenger({
				champion: championModel(),
				joined: { ...joined, model: 'other-model' },
				ort,
				runtime: 'onnxruntime-node',
				version: '1.1.0',
				to: '2026-11-20T00:00:00Z'
			})
		).rejects.toThrow(ChallengerDataError);
		const controller = new AbortController();
		await expect(
			trainChallenger({
				champion: championModel(),
				joined,
				ort,
				runtime: 'onnxruntime-node',
				version: '1.1.0',
				to: '2026-11-20T00:00:00Z',
				signal: controller.signal,
				onProgress: (p) => {
					if (p.round === 3) controller.abort();
				}
			})
		).rejects.toMatchObject({ name: 'AbortError' });
	});
});

/** A worker whose other end is the real training host, in this process. */
function inProcessWorker(): TrainWorkerLike & { terminated: boolean } {
	const listeners: ((event: MessageEvent<TrainResponse>) => void)[] = [];
	const host = createTrainHost({
		ort,
		runtime: 'onnxruntime-node',
		post: (message) => {
			for (const l of listeners) l({ data: message } as MessageEvent<TrainResponse>);
		}
	});
	return {
		terminated: false,
		postMessage(message: TrainMessage) {
			void host(structuredClone(message));
		},
		addEventListener(type: string, listener: unknown) {
			if (type === 'message') listeners.push(listener as (e: MessageEvent<TrainResponse>) => void);
		},
		terminate() {
			this.terminated = true;
		}
	};
}

describe('trainInWorker with the training host', () => {
	it('reports progress, resolves with the challenger and ends the worker', async () => {
		const worker = inProcessWorker();
		const seen: string[] = [];
		const result = await trainInWorker(
			() => worker,
			{
				champion: championModel(),
				joined,
				version: '1.2.0',
				to: '2026-11-20T00:00:00Z',
				seed: 7,
				now: '2026-11-21T00:00:00Z'
			},
			{ onProgress: (p) => seen.push(p.stage) }
		);
		expect(result.evaluation.passed).toBe(true);
		expect(result.card.training.trained_at).toBe('2026-11-21T00:00:00.000Z');
		expect(new Set(seen)).toEqual(new Set(TRAIN_STAGES));
		expect(worker.terminated).toBe(true);
	});

	it('adds the original training data it is given to the training rows', async () => {
		const original = encodeSynthetic(syntheticRows(600, 1, false));
		const result = await trainInWorker(inProcessWorker, {
			champion: championModel(),
			joined,
			version: '1.2.1',
			to: '2026-11-20T00:00:00Z',
			seed: 7,
			now: '2026-11-21T00:00:00Z',
			original: { ...original, description: 'the reference data' }
		});
		expect(result.trainRows).toBe(280 + 600);
		expect(result.card.training.data).toMatch(/and 600 rows of the reference data/);
	});

	it('turns a data error into a TrainError naming the problem', async () => {
		const worker = inProcessWorker();
		const err = await trainInWorker(() => worker, {
			champion: championModel(),
			joined: { ...joined, records: joined.records.slice(0, 1) },
			version: '1.2.0',
			to: '2026-11-20T00:00:00Z',
			now: '2026-11-21T00:00:00Z'
		}).catch((e: unknown) => e);
		expect(err).toBeInstanceOf(TrainError);
		expect(err).toMatchObject({ kind: 'ChallengerDataError' });
		expect((err as Error).message).toMatch(/1 labelled rows cannot be split/);
		expect(worker.terminated).toBe(true);
	});

	it('cancels at once: the worker is terminated and the promise rejects', async () => {
		const worker = inProcessWorker();
		const controller = new AbortController();
		const run = trainInWorker(
			() => worker,
			{
				champion: championModel(),
				joined,
				version: '1.3.0',
				to: '2026-11-20T00:00:00Z',
				now: '2026-11-21T00:00:00Z'
			},
			{ signal: controller.signal }
		);
		controller.abort();
		await expect(run).rejects.toMatchObject({ name: 'AbortError' });
		expect(worker.terminated).toBe(true);
	});
});
