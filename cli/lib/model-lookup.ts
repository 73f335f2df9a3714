import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { modelManifestSchema } from '../../src/lib/contracts/model-card';
import { CliError } from '../command.ts';

/** The repository's static/ directory (demo models and data). */
export const STATIC_DIR = fileURLToPath(new URL('../../static/', import.meta.url));

/**
 * The card file of a demo model by name (static/models/manifest.json), or the `card` path given.
 *
 * @example
 * cardPathFor('bike-demand'); // '/…/static/models/bike-demand/1.0.0/card.json'
 */
export function cardPathFor(name: string, card?: string): string {
	if (card) return resolve(card);
	const manifestPath = join(STATIC_DIR, 'models', 'manifest.json');
	if (!existsSync(manifestPath))
		throw new CliError(
			`no demo models in ${manifestPath}; run 'npm run models' or pass --card FILE`
		);
	const manifest = modelManifestSchema.parse(JSON.parse(readFileSync(manifestPath, 'utf8')));
	const entries = manifest.models.filter((m) => m.name === name);
	if (entries.length === 0)
		throw new CliError(
			`--model '${name}' is not a demo model (${manifest.models.map((m) => m.name).join(', ')}); pass --card FILE for another model`
		);
	return join(STATIC_DIR, 'models', entries[entries.length - 1].card);
}

/**
 * The demo data file a card's reference points at (`/data/x.parquet` → static/data/x.parquet).
 *
 * @example
 * demoDataFor('/data/bike-hour.parquet'); // '/…/static/data/bike-hour.parquet'
 */
export function demoDataFor(location: string): string {
	const path = join(STATIC_DIR, location.replace(/^\/+/, ''));
	if (!existsSync(path))
		throw new CliError(`demo data ${path} not found; run 'npm run data' or pass --data FILE`);
	return path;
}
