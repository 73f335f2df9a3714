import { z } from 'zod';
import { compareCards } from '../retrain/gates';
import {
	modelManifestSchema,
	parseModelCard,
	type ModelCard,
	type ModelManifest
} from '../contracts/model-card';

/** A model the pages can run: a demo model served with the app, or one stored on the device. */
export interface ModelChoice {
	/** `name@version`, plus `local:` for a model stored on the device. */
	key: string;
	label: string;
	card: ModelCard;
	source: { url: string } | { local: string };
	/** The registry stage of a version synced from the Worker ('production', 'staging'). */
	stage?: string;
}

/** One file of static/data/manifest.json (as `vigil data build` writes it). */
export const demoFileSchema = z.object({
	file: z.string(),
	title: z.string(),
	rows: z.number(),
	sha256: z.string().regex(/^[0-9a-f]{64}$/),
	columns: z.array(z.object({ name: z.string(), type: z.string(), unit: z.string().optional() })),
	attribution: z.string().optional()
});
export type DemoFile = z.infer<typeof demoFileSchema>;
const demoManifestSchema = z.object({
	schema: z.literal('vigil.data-manifest/1'),
	files: z.array(demoFileSchema)
});

async function getJson(url: string, what: string, fetcher: typeof fetch): Promise<unknown> {
	let response: Response;
	try {
		response = await fetcher(url);
	} catch (err) {
		throw new Error(
			`The ${what} (${url}) could not be fetched: ${err instanceof Error ? err.message : String(err)}. Check the connection, or load the app once online so it is kept for offline use.`,
			{ cause: err }
		);
	}
	if (!response.ok)
		throw new Error(`The ${what} (${url}) answered HTTP ${response.status}; it could not be read.`);
	return response.json();
}

/**
 * The demo models: static/models/manifest.json and each model card, validated.
 *
 * @example
 * const models = await demoModels(); // [{ key: 'adult-income@1.0.0', card, source: { url } }, …]
 */
export async function demoModels(fetcher: typeof fetch = fetch): Promise<ModelChoice[]> {
	const manifest: ModelManifest = modelManifestSchema.parse(
		await getJson('/models/manifest.json', 'model list', fetcher)
	);
	return Promise.all(
		manifest.models.map(async (m) => {
			const card = parseModelCard(await getJson(`/models/${m.card}`, `card of ${m.name}`, fetcher));
			return {
				key: `${m.name}@${m.version}`,
				label: `${m.title ?? m.name} ${m.version}`,
				card,
				source: { url: `/models/${m.onnx}` }
			};
		})
	);
}

/**
 * The demo data files (static/data/manifest.json), validated.
 *
 * @example
 * const files = await demoData(); // [{ file: 'indpensim.parquet', sha256, rows, … }, …]
 */
export async function demoData(fetcher: typeof fetch = fetch): Promise<DemoFile[]> {
	return demoManifestSchema.parse(await getJson('/data/manifest.json', 'demo data list', fetcher))
		.files;
}

/**
 * The demo file that holds a model's reference data (the card's `reference.location`).
 *
 * @example
 * referenceFile(card, files)?.file; // 'indpensim.parquet'
 */
export function referenceFile(card: ModelCard, files: DemoFile[]): DemoFile | undefined {
	const name = card.reference.location.split('/').pop();
	return files.find((f) => f.file === name);
}

/** Column naming of the penicillin demo (IndPenSim), where batch analysis applies. */
export const PENICILLIN = {
	batch: 'batch_id',
	time: 'Time (h)',
	offline: 'Offline Penicillin concentration(P_offline:P(g L^{-1}))',
	batches: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]
} as const;

/**
 * Whether a model is a batch soft sensor with a time feature (the penicillin demo's shape).
 *
 * @example
 * isBatchSoftSensor(card); // true for penicillin-soft-sensor
 */
export function isBatchSoftSensor(card: ModelCard): boolean {
	return card.task === 'regression' && card.features.some((f) => f.name === PENICILLIN.time);
}

/**
 * The staged challenger of a production choice: a version of the same model in staging whose card
 * is interchangeable with the champion's (same task, target, features and outputs), or undefined.
 *
 * @example
 * stagedChallenger(models, production); // the 'penicillin-soft-sensor 1.1.0 (staging, …)' choice
 */
export function stagedChallenger(
	models: readonly ModelChoice[],
	champion: ModelChoice
): ModelChoice | undefined {
	return models.find(
		(m) =>
			m.stage === 'staging' &&
			m.card.name === champion.card.name &&
			m.card.version !== champion.card.version &&
			compareCards(champion.card, m.card).length === 0
	);
}
