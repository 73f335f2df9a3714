import { modelCardSchema, type ModelCard } from '../../../../src/lib/contracts/model-card';
import { currentVersion } from '../../../../src/lib/pipeline';
import type { RetrainTask } from '../../../../src/lib/retrain/join-labels';
import { fleetOf } from '../env';
import { storeFromEnv } from '../store';
import { modelKey } from '../store/keys';

/**
 * The card of a model's current version (src/lib/pipeline: production, else the newest version
 * not archived); undefined when the model has none (labels and predictions may come first).
 *
 * @example
 * const card = await currentCard(c.env, 'penicillin-soft-sensor');
 */
export async function currentCard(env: Env, model: string): Promise<ModelCard | undefined> {
	const versions = await fleetOf(env).listModels({ name: model });
	const chosen = currentVersion(versions);
	if (!chosen) return undefined;
	const object = await storeFromEnv(env).get(modelKey(model, chosen.version, 'card.json'));
	if (!object) return undefined;
	const parsed = modelCardSchema.safeParse(JSON.parse(await object.text()));
	return parsed.success ? parsed.data : undefined;
}

/** The task and class names the metrics use, from a card; multiclass is not handled by the metrics. */
export function taskOfCard(
	card: ModelCard | undefined
): { task: RetrainTask; classes?: string[] } | undefined {
	if (!card || card.task === 'multiclass') return undefined;
	return { task: card.task, classes: card.target.classes };
}
