import type { OrtModule } from '../ml/model-session';
import { serveRpc } from '../worker-rpc';
import { trainChallenger, type TrainProgress } from './train-challenger';
import type { TrainApi, TrainMessage, TrainResponse } from './train-protocol';

export interface TrainHostOptions {
	ort: OrtModule;
	/** Runtime name recorded with the export check, e.g. 'onnxruntime-web'. */
	runtime: string;
	post: (message: TrainResponse, transfer?: Transferable[]) => void;
}

/**
 * The worker side of challenger training, independent of the host: the Web Worker wires it to
 * `self`, tests wire it to onnxruntime-node. Progress is posted after every stage and boosting
 * round; errors come back serialized by the one worker protocol (a ChallengerDataError names the
 * bad data).
 *
 * @example
 * const handle = createTrainHost({ ort, runtime: 'onnxruntime-web', post: (m, t) => self.postMessage(m, { transfer: t }) });
 * self.onmessage = (e) => handle(e.data);
 */
export function createTrainHost(
	options: TrainHostOptions
): (message: TrainMessage) => Promise<void> {
	const { ort, runtime, post } = options;
	return serveRpc<TrainApi, TrainProgress>(
		{
			train: async (request, { progress, transfer }) => {
				const result = await trainChallenger({
					champion: request.champion,
					joined: request.joined,
					ort,
					runtime,
					version: request.version,
					holdoutFrom: request.holdoutFrom,
					to: request.to,
					segments: request.segments,
					seed: request.seed,
					config: request.config,
					now: new Date(request.now),
					original: request.original
						? {
								split: { columns: request.original.columns, y: request.original.y },
								description: request.original.description
							}
						: undefined,
					onProgress: progress
				});
				transfer(result.onnx.buffer as ArrayBuffer);
				return result;
			}
		},
		post
	);
}
