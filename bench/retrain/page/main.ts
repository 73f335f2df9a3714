import type { LabelledPredictions } from '../../../src/lib/contracts/label';
import type { ModelCard } from '../../../src/lib/contracts/model-card';
import { trainChallengerInBrowser } from '../../../src/lib/retrain/train-client';

// The benchmark page: the app's own training client and Web Worker (onnxruntime-web), built by Vite.
async function run(version: string) {
	const [joined, card, onnx] = await Promise.all([
		fetch('/joined.json').then((r) => r.json() as Promise<LabelledPredictions>),
		fetch('/champion.json').then((r) => r.json() as Promise<ModelCard>),
		fetch('/champion.onnx').then(async (r) => new Uint8Array(await r.arrayBuffer()))
	]);
	const start = performance.now();
	const result = await trainChallengerInBrowser({
		champion: { version: card.version, sha256: card.onnx.sha256, card, onnx },
		joined,
		version,
		to: joined.to,
		seed: 7,
		now: '2026-11-22T00:00:00.000Z'
	});
	return {
		ms: performance.now() - start,
		trees: result.trees,
		trainRows: result.trainRows,
		holdoutRows: result.holdoutRows,
		sha256: result.card.onnx.sha256,
		passed: result.evaluation.passed,
		ratio: result.evaluation.gates.find((g) => g.gate === 'beats_champion')?.value ?? null
	};
}

(window as unknown as { vigilTrain: typeof run }).vigilTrain = run;
document.getElementById('status')!.textContent = 'ready';
