import type { OrtModule } from '../ml/model-session';
import { trainChallenger } from './train-challenger';
import type { TrainRequest, TrainResponse } from './train-protocol';

export interface TrainHostOptions {
	ort: OrtModule;
	/** Runtime name recorded with the export check, e.g. 'onnxruntime-web'. */
	runtime: string;
	post: (message: TrainResponse, transfer?: Transferable[]) => void;
}

/**
 * The worker side of challenger training, independent of the host: the Web Worker wires it to
 * `self`, tests wire it to onnxruntime-node. Progress is posted after every stage and boosting
 * round; errors come back as `{ name, message }` (a ChallengerDataError names the bad data).
 *
 * @example
 * const handle = createTrainHost({ ort, runtime: 'onnxruntime-web', post: (m, t) => self.postMessage(m, { transfer: t }) });
 * self.onmessage = (e) => handle(e.data);
 */
export function createTrainHost(
	options: TrainHostOptions
): (request: TrainRequest) => Promise<void> {
	const { ort, runtime, post } = options;
	return async (request) => {
		const { id } = request;
		try {
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
				onProgress: (progress) => post({ type: 'progress', id, progress })
			});
			post({ type: 'trained', id, ...result }, [result.onnx.buffer as ArrayBuffer]);
		} catch (err) {
			post({
				type: 'error',
				id,
				error: {
					name: err instanceof Error ? err.name : 'Error',
					message: err instanceof Error ? err.message : String(err)
				}
			});
		}
	};
}
